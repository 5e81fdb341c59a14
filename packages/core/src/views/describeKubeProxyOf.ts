import { SERVICE_NAME_LABEL } from '../api/EndpointSlice.js';
import { getObject, listObjects, type ClusterState } from '../cluster/ClusterState.js';
import { resolveKubeProxyNodeSettings } from '../controllers/kubeProxy/resolveKubeProxyNodeSettings.js';
import type { SimulationConfig } from '../engine/SimulationConfig.js';
import type { SimEvent } from '../events/SimEvent.js';
import type { LogEntry } from '../LogEntry.js';
import { categorizeEndpoints } from '../proxy/categorizeEndpoints.js';
import { buildEndpointsMap, type EndpointInfo } from '../proxy/EndpointInfo.js';
import type { ProgrammedNodes } from '../proxy/ProgrammedNodes.js';
import type { NodeProxyView, ProxyPacket, ServiceProxyState } from '../proxy/ProxyMode.js';
import { buildServicePorts, servicePortKey, type ServicePortInfo } from '../proxy/ServicePortInfo.js';
import type {
  ServiceAddressKind,
  TraceKubeProxy,
  TraceServicePort,
  TraceServicePortEndpoints,
  TraceSync,
} from './ConnectionTrace.js';
import { findUnprogrammedChanges } from './findUnprogrammedChanges.js';
import { matchServicePort, type ServicePortMatch } from './matchServicePort.js';

/** What describing a node's kube-proxy for a packet needs from the run. */
export interface KubeProxyFacts {
  readonly entries: readonly LogEntry<SimEvent>[];
  readonly config: SimulationConfig;
  /** The truth at the traced instant. */
  readonly state: ClusterState;
  readonly programmed: ProgrammedNodes | undefined;
}

/**
 * The entry node's kube-proxy as it stands for `packet` (everything but the route): whether it runs,
 * when it last synced, and the ServicePort the destination addresses as its rules have it and as the
 * cluster has it now, with the changes its rules have not caught up with.
 */
export function describeKubeProxyOf(
  facts: KubeProxyFacts,
  node: string,
  nodeAddresses: readonly string[],
  packet: ProxyPacket,
  sourceIsPod: boolean,
): Omit<TraceKubeProxy, 'route'> {
  const proxyConfig = facts.config.proxy;
  const history = processHistory(facts.entries, node);
  const base = {
    node,
    running: proxyConfig !== undefined && history.running,
    ...(history.stoppedAt !== undefined && !history.running && { stoppedAt: history.stoppedAt }),
    ...(history.lastSync !== undefined && { lastSync: history.lastSync }),
  };
  if (proxyConfig === undefined || facts.programmed === undefined) return base;

  const view = facts.programmed.syncedViewOf?.(node);
  const destination = { ip: packet.dstIP, port: packet.dstPort, protocol: packet.protocol, nodeAddresses };
  const onNode = matchServicePort(portsOf(view?.services.values() ?? []), destination);
  const inTruth = matchServicePort(truthPorts(facts.state), destination);
  const match = onNode ?? inTruth;
  const kubeProxy = {
    ...base,
    mode: proxyConfig.mode,
    settings: resolveKubeProxyNodeSettings(proxyConfig, node),
  };
  if (match === undefined) {
    const addressHint = hintFor(facts.state, view, packet);
    return { ...kubeProxy, ...(addressHint !== undefined && { addressHint }) };
  }

  // Pods (with the ClusterCIDR detector) and the host itself short-circuit an external destination
  // with externalTrafficPolicy Local to the Cluster-policy chain (section 1.6, EXT chain).
  const shortCircuit = packet.entry === 'local' || (sourceIsPod && proxyConfig.clusterCIDR !== undefined);
  const nodeLabels = view?.nodeLabels ?? getObject(facts.state, 'Node', '', node)?.metadata.labels ?? {};
  const programmedService = view?.services.get(match.serviceKey);
  const truthService = truthServiceState(facts.state, match.serviceKey);
  const side = (service: Pick<ServiceProxyState, 'ports' | 'endpoints'> | undefined) =>
    endpointsOf(service, match, node, nodeLabels, shortCircuit);
  const programmed = side(programmedService);
  const truth = side(truthService);
  const unprogrammedChanges = findUnprogrammedChanges(facts.entries, match.serviceKey, programmedService);
  const servicePort: TraceServicePort = {
    servicePortName: match.port.servicePortName,
    addressKind: match.addressKind,
    ...(programmed !== undefined && { programmed }),
    ...(truth !== undefined && { truth }),
    inSync: unprogrammedChanges.length === 0,
    unprogrammedChanges,
  };
  return { ...kubeProxy, servicePort };
}

/**
 * The endpoints a node spreads this traffic across, by kube-proxy's rules (sections 0.4 and 1.5): the
 * internal traffic policy for a cluster IP, the external one otherwise (unless short-circuited).
 */
function candidateEndpoints(
  endpoints: readonly EndpointInfo[],
  port: ServicePortInfo,
  addressKind: ServiceAddressKind,
  node: string,
  nodeLabels: Readonly<Record<string, string>>,
  shortCircuit: boolean,
): readonly EndpointInfo[] {
  // Views are node-independent; locality is this node's.
  const localized = endpoints.map((ep) => ({ ...ep, isLocal: ep.nodeName === node }));
  const categorized = categorizeEndpoints(localized, port, node, nodeLabels);
  const local =
    addressKind === 'cluster IP'
      ? port.internalTrafficPolicy === 'Local'
      : port.externalTrafficPolicy === 'Local' && !shortCircuit;
  return local ? categorized.localEndpoints : categorized.clusterEndpoints;
}

function endpointsOf(
  service: Pick<ServiceProxyState, 'ports' | 'endpoints'> | undefined,
  match: ServicePortMatch,
  node: string,
  nodeLabels: Readonly<Record<string, string>>,
  shortCircuit: boolean,
): TraceServicePortEndpoints | undefined {
  const port = service?.ports.find(
    (p) => p.servicePortName === match.port.servicePortName && p.protocol === match.port.protocol,
  );
  if (service === undefined || port === undefined) return undefined;
  const endpoints = service.endpoints[servicePortKey(port.servicePortName, port.protocol)] ?? [];
  return {
    port,
    endpoints,
    candidates: candidateEndpoints(endpoints, port, match.addressKind, node, nodeLabels, shortCircuit),
  };
}

function* portsOf(services: Iterable<Pick<ServiceProxyState, 'ports'>>): Iterable<ServicePortInfo> {
  for (const service of services) yield* service.ports;
}

function* truthPorts(state: ClusterState): Iterable<ServicePortInfo> {
  for (const service of listObjects(state, 'Service')) yield* buildServicePorts(service);
}

/** The Service as kube-proxy's caches would hold it if they were up to date. */
function truthServiceState(
  state: ClusterState,
  key: string,
): Pick<ServiceProxyState, 'ports' | 'endpoints'> | undefined {
  const [namespace = '', name = ''] = key.split('/');
  const service = getObject(state, 'Service', namespace, name);
  const ports = service === undefined ? [] : buildServicePorts(service);
  if (ports.length === 0) return undefined;
  const slices = listObjects(state, 'EndpointSlice', namespace).filter(
    (slice) => slice.metadata.labels?.[SERVICE_NAME_LABEL] === name,
  );
  return { ports, endpoints: buildEndpointsMap(slices, '') };
}

/**
 * Why an address that belongs to a Service matched none of its ports: the classic mistake of
 * connecting to the targetPort (or any port the Service does not have) on the cluster IP.
 */
function hintFor(
  state: ClusterState,
  view: NodeProxyView | undefined,
  packet: ProxyPacket,
): string | undefined {
  const sources = [...(view?.services.values() ?? []), ...listObjects(state, 'Service').map(toPorts)];
  for (const { ports } of sources) {
    const owner = ports.find(
      (p) =>
        p.clusterIP === packet.dstIP ||
        p.externalIPs.includes(packet.dstIP) ||
        p.loadBalancerVIPs.includes(packet.dstIP),
    );
    if (owner === undefined) continue;
    const list = ports.map((p) => `${String(p.port)}/${p.protocol}`).join(', ');
    const kind = owner.clusterIP === packet.dstIP ? 'the cluster IP' : 'an address';
    return `${packet.dstIP} is ${kind} of Service ${owner.namespace}/${owner.name}, which has no port ${String(packet.dstPort)}/${packet.protocol} (its ports: ${list})`;
  }
  return undefined;
}

function toPorts(service: Parameters<typeof buildServicePorts>[0]): { ports: readonly ServicePortInfo[] } {
  return { ports: buildServicePorts(service) };
}

/** Whether the node's kube-proxy runs at the end of `entries`, when it stopped, and its last sync. */
function processHistory(
  entries: readonly LogEntry<SimEvent>[],
  node: string,
): { running: boolean; stoppedAt: number | undefined; lastSync: TraceSync | undefined } {
  let running = false;
  let stoppedAt: number | undefined;
  let lastSync: TraceSync | undefined;
  for (const { at, event } of entries) {
    switch (event.type) {
      case 'proxy/synced':
        if (event.node === node) lastSync = { at, reason: event.reason, full: event.full };
        break;
      case 'proxy/started':
        if (event.node === node) running = true;
        break;
      case 'proxy/stopped':
        if (event.node === node) {
          running = false;
          stoppedAt = at;
        }
        break;
      case 'object/created':
        // kube-proxy is a DaemonSet: it starts with its Node and goes with it.
        if (event.object.kind === 'Node' && event.object.metadata.name === node) running = true;
        break;
      case 'object/deleted':
        if (event.kind === 'Node' && event.name === node) {
          running = false;
          stoppedAt = at;
        }
        break;
      default:
        break;
    }
  }
  return { running, stoppedAt, lastSync };
}
