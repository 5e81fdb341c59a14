import type { LoadBalancerIngress, Service, ServicePort, ServiceSpec } from '../../api/Service.js';

/** v1.DefaultClientIPServiceAffinitySeconds: three hours. */
export const DEFAULT_CLIENT_IP_AFFINITY_SECONDS = 10800;

/**
 * service.ExternallyAccessible: reachable from outside the cluster through node ports, a load balancer
 * or externalIPs, which is when externalTrafficPolicy means anything.
 */
export function isExternallyAccessible(spec: ServiceSpec): boolean {
  return (
    spec.type === 'LoadBalancer' ||
    spec.type === 'NodePort' ||
    (spec.type === 'ClusterIP' && (spec.externalIPs ?? []).length > 0)
  );
}

function defaultPort(port: ServicePort): ServicePort {
  // intstr's zero value is the integer 0, so a missing targetPort is "0" to the apiserver.
  const unsetTarget = port.targetPort === undefined || port.targetPort === 0 || port.targetPort === '';
  if (port.protocol !== undefined && !unsetTarget) return port;
  return { ...port, protocol: port.protocol ?? 'TCP', targetPort: unsetTarget ? port.port : port.targetPort };
}

/**
 * SetDefaults_Service (pkg/apis/core/v1/defaults.go), as a pure function returning a new Service.
 * Order matters as it does upstream: type is defaulted before the traffic policies that depend on it.
 */
export function defaultService(service: Service): Service {
  const { sessionAffinityConfig: config, ...rest } = service.spec;
  const spec: { -readonly [K in keyof ServiceSpec]: ServiceSpec[K] } = { ...rest };
  // Read as a string: YAML can carry an unsupported value, which validation must still see.
  const affinity: string = service.spec.sessionAffinity ?? 'None';
  spec.sessionAffinity = service.spec.sessionAffinity ?? 'None';
  if (affinity === 'ClientIP') {
    // A config without a timeout is replaced whole, as upstream does.
    spec.sessionAffinityConfig =
      config?.clientIP?.timeoutSeconds === undefined
        ? { clientIP: { timeoutSeconds: DEFAULT_CLIENT_IP_AFFINITY_SECONDS } }
        : config;
  } else if (affinity !== 'None' && config !== undefined) {
    // An unsupported affinity keeps its config so validation reports what the user sent.
    spec.sessionAffinityConfig = config;
  }
  spec.type = service.spec.type ?? 'ClusterIP';
  if (spec.ports !== undefined) spec.ports = spec.ports.map(defaultPort);
  if (spec.externalTrafficPolicy === undefined && isExternallyAccessible(spec))
    spec.externalTrafficPolicy = 'Cluster';
  if (
    spec.internalTrafficPolicy === undefined &&
    (spec.type === 'ClusterIP' || spec.type === 'NodePort' || spec.type === 'LoadBalancer')
  )
    spec.internalTrafficPolicy = 'Cluster';
  if (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === undefined)
    spec.allocateLoadBalancerNodePorts = true;

  const ingress = service.status?.loadBalancer?.ingress;
  if (spec.type === 'LoadBalancer' && ingress?.some((i) => needsIpMode(i)) === true) {
    return {
      ...service,
      spec,
      status: {
        ...service.status,
        loadBalancer: {
          ...service.status?.loadBalancer,
          ingress: ingress.map((i) => (needsIpMode(i) ? { ...i, ipMode: 'VIP' } : i)),
        },
      },
    };
  }
  return { ...service, spec };
}

/** Only ingress points with an IP get an ipMode; hostname-only ones stay as they are. */
function needsIpMode(ingress: LoadBalancerIngress): boolean {
  return (ingress.ip ?? '') !== '' && ingress.ipMode === undefined;
}
