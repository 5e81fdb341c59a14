import type { Service, TrafficPolicy } from '../api/Service.js';
import type { Protocol } from '../api/ObjectMeta.js';
import { HEADLESS_LABEL } from '../api/EndpointSlice.js';
import { formatIpv4, parseIpv4 } from '../net/ipv4.js';

/** Services carrying this label belong to another proxy; kube-proxy's informer filters them out. */
export const SERVICE_PROXY_NAME_LABEL = 'service.kubernetes.io/service-proxy-name';

/** kube-proxy's default `sessionAffinityConfig.clientIP.timeoutSeconds` (3 hours). */
export const DEFAULT_CLIENT_IP_TIMEOUT_SECONDS = 10800;

/**
 * One ServicePort as kube-proxy sees it (`pkg/proxy/serviceport.go: BaseServicePortInfo`), for the
 * IPv4 family: addresses of the other family are dropped, as a single-stack proxier does.
 */
export interface ServicePortInfo {
  /** `<namespace>/<name>` plus `:<portName>` only when the port is named (`ServicePortName.String`). */
  readonly servicePortName: string;
  readonly namespace: string;
  readonly name: string;
  readonly portName: string;
  readonly protocol: Protocol;
  readonly port: number;
  readonly clusterIP: string;
  /** 0 when the port has no NodePort. */
  readonly nodePort: number;
  readonly externalIPs: readonly string[];
  /** `status.loadBalancer.ingress[].ip` whose ipMode is VIP (or unset). */
  readonly loadBalancerVIPs: readonly string[];
  /** Normalised CIDRs (host bits cleared, as Go's `net.IPNet.String()` prints them). */
  readonly loadBalancerSourceRanges: readonly string[];
  readonly sessionAffinity: 'None' | 'ClientIP';
  /** Only meaningful with ClientIP affinity; 0 otherwise. */
  readonly stickyMaxAgeSeconds: number;
  /** `apiservice.ExternalPolicyLocal`: Local only counts for NodePort and LoadBalancer Services. */
  readonly externalTrafficPolicy: TrafficPolicy;
  readonly internalTrafficPolicy: TrafficPolicy;
  /** 0 unless the Service is a LoadBalancer with externalTrafficPolicy Local (`NeedsHealthCheck`). */
  readonly healthCheckNodePort: number;
}

/** The ServicePortName string of `pkg/proxy/types.go` (`fmtPortName`): the port name only when set. */
export function servicePortNameString(namespace: string, name: string, portName: string): string {
  return portName === '' ? `${namespace}/${name}` : `${namespace}/${name}:${portName}`;
}

/** The key of a ServicePort in an EndpointsMap: ServicePortName plus protocol, as Go's map key is. */
export function servicePortKey(servicePortName: string, protocol: Protocol): string {
  return `${servicePortName} ${protocol}`;
}

/** Whether kube-proxy ignores the Service entirely (`ShouldSkipService` plus the informer's label filter). */
export function shouldSkipService(service: Service): boolean {
  const labels = service.metadata.labels ?? {};
  if (SERVICE_PROXY_NAME_LABEL in labels || HEADLESS_LABEL in labels) return true;
  if (service.spec.type === 'ExternalName') return true;
  const clusterIP = service.spec.clusterIP ?? '';
  return clusterIP === '' || clusterIP === 'None';
}

/** Builds the ServicePorts kube-proxy programs for a Service; empty when the Service is skipped (section 0.1). */
export function buildServicePorts(service: Service): ServicePortInfo[] {
  if (shouldSkipService(service)) return [];
  const spec = service.spec;
  const clusterIP = ipv4ClusterIP(service);
  if (clusterIP === undefined) return [];
  const type = spec.type ?? 'ClusterIP';
  const externallyPolicied = type === 'NodePort' || type === 'LoadBalancer';
  const externalTrafficPolicy: TrafficPolicy =
    externallyPolicied && spec.externalTrafficPolicy === 'Local' ? 'Local' : 'Cluster';
  const internalTrafficPolicy: TrafficPolicy = spec.internalTrafficPolicy === 'Local' ? 'Local' : 'Cluster';
  const healthCheckNodePort =
    type === 'LoadBalancer' && externalTrafficPolicy === 'Local' ? (spec.healthCheckNodePort ?? 0) : 0;
  const sessionAffinity = spec.sessionAffinity === 'ClientIP' ? 'ClientIP' : 'None';
  const stickyMaxAgeSeconds =
    sessionAffinity === 'ClientIP'
      ? (spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? DEFAULT_CLIENT_IP_TIMEOUT_SECONDS)
      : 0;
  const externalIPs = (spec.externalIPs ?? []).filter(isIpv4);
  const loadBalancerVIPs = (service.status?.loadBalancer?.ingress ?? [])
    .filter((ingress) => (ingress.ipMode ?? 'VIP') === 'VIP')
    .map((ingress) => ingress.ip ?? '')
    .filter(isIpv4);
  const loadBalancerSourceRanges = (spec.loadBalancerSourceRanges ?? [])
    .map((cidr) => normalizeIpv4Cidr(cidr.trim()))
    .filter((cidr): cidr is string => cidr !== undefined);
  const namespace = service.metadata.namespace ?? '';
  const name = service.metadata.name ?? '';
  return (spec.ports ?? []).map((port) => {
    const portName = port.name ?? '';
    return {
      servicePortName: servicePortNameString(namespace, name, portName),
      namespace,
      name,
      portName,
      protocol: port.protocol ?? 'TCP',
      port: port.port,
      clusterIP,
      nodePort: port.nodePort ?? 0,
      externalIPs,
      loadBalancerVIPs,
      loadBalancerSourceRanges,
      sessionAffinity,
      stickyMaxAgeSeconds,
      externalTrafficPolicy,
      internalTrafficPolicy,
      healthCheckNodePort,
    };
  });
}

/** `ExternallyAccessible`: reachable through a NodePort, a LoadBalancer VIP or an externalIP. */
export function isExternallyAccessible(servicePort: ServicePortInfo): boolean {
  return (
    servicePort.nodePort !== 0 ||
    servicePort.loadBalancerVIPs.length > 0 ||
    servicePort.externalIPs.length > 0
  );
}

/** `UsesClusterEndpoints`: cluster endpoints are needed unless ITP=Local and nothing external exists. */
export function usesClusterEndpoints(servicePort: ServicePortInfo): boolean {
  return servicePort.internalTrafficPolicy !== 'Local' || isExternallyAccessible(servicePort);
}

/** `UsesLocalEndpoints`: ITP=Local, or ETP=Local on an externally accessible ServicePort. */
export function usesLocalEndpoints(servicePort: ServicePortInfo): boolean {
  return (
    servicePort.internalTrafficPolicy === 'Local' ||
    (servicePort.externalTrafficPolicy === 'Local' && isExternallyAccessible(servicePort))
  );
}

/** Parses an IPv4 CIDR that may have host bits set and prints it the way Go's `IPNet.String()` does. */
export function normalizeIpv4Cidr(text: string): string | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = parseIpv4(text.slice(0, slash));
  const lengthText = text.slice(slash + 1);
  if (address === undefined || !/^(0|[1-9][0-9]?)$/.test(lengthText)) return undefined;
  const prefixLength = Number(lengthText);
  if (prefixLength > 32) return undefined;
  const size = 2 ** (32 - prefixLength);
  return `${formatIpv4(address - (address % size))}/${prefixLength}`;
}

/** Whether an IPv4 address lies in an IPv4 CIDR; false when either does not parse. */
export function ipv4CidrContains(cidr: string, ip: string): boolean {
  const normalized = normalizeIpv4Cidr(cidr);
  const address = parseIpv4(ip);
  if (normalized === undefined || address === undefined) return false;
  const slash = normalized.indexOf('/');
  const base = parseIpv4(normalized.slice(0, slash)) ?? 0;
  const size = 2 ** (32 - Number(normalized.slice(slash + 1)));
  return address >= base && address < base + size;
}

function isIpv4(ip: string): boolean {
  return parseIpv4(ip) !== undefined;
}

/** `GetClusterIPByFamily(IPv4)`: the first IPv4 entry of clusterIPs, else clusterIP if it is IPv4. */
function ipv4ClusterIP(service: Service): string | undefined {
  const fromList = (service.spec.clusterIPs ?? []).find(isIpv4);
  if (fromList !== undefined) return fromList;
  const single = service.spec.clusterIP ?? '';
  return isIpv4(single) ? single : undefined;
}
