import { joinHostPort } from '../proxy/EndpointInfo.js';
import type { NodeProxyView } from '../proxy/ProxyMode.js';
import { servicePortKey } from '../proxy/ServicePortInfo.js';
import type { OpenConnection } from './OpenConnection.js';

/**
 * The UDP flows of one node whose conntrack entries kube-proxy deletes after a successful sync
 * (section 1.10; `pkg/proxy/conntrack/cleanup.go: CleanStaleEntries`). For every UDP ServicePort in
 * the node's view that has at least one serving endpoint, an entry is stale when its original
 * destination is one of the ServicePort's frontends (ClusterIP, external IP or load-balancer IP with
 * the port, or any address with its NodePort) and its reply comes from an address that is not a
 * serving endpoint. A ServicePort without serving endpoints keeps its entries: there is nowhere better
 * to send them. Traffic policy, topology and terminating state are ignored, as upstream ignores them,
 * so that UDP flows behave like TCP connections.
 *
 * Upstream reconciles only when a UDP endpoint changed (`ConntrackCleanupRequired`); checking after
 * every sync finds the same entries, because a flow made since the previous sync went to an endpoint
 * of the rules that sync wrote, which was serving.
 *
 * Cost: O(UDP ServicePorts considered + the node's UDP flows), not O(Services).
 */
export function findStaleUdpFlows(
  view: NodeProxyView,
  udpServiceKeys: Iterable<string>,
  flows: Iterable<OpenConnection>,
): OpenConnection[] {
  const servingByFrontend = new Map<string, ReadonlySet<string>>();
  const servingByNodePort = new Map<number, ReadonlySet<string>>();
  for (const key of udpServiceKeys) {
    const service = view.services.get(key);
    if (service === undefined) continue;
    for (const servicePort of service.ports) {
      if (servicePort.protocol !== 'UDP') continue;
      const endpoints = service.endpoints[servicePortKey(servicePort.servicePortName, 'UDP')] ?? [];
      const serving = new Set(endpoints.filter((e) => e.serving).map((e) => e.ip));
      if (serving.size === 0) continue;
      const frontends = [servicePort.clusterIP, ...servicePort.externalIPs, ...servicePort.loadBalancerVIPs];
      for (const ip of frontends) servingByFrontend.set(joinHostPort(ip, servicePort.port), serving);
      if (servicePort.nodePort !== 0) servingByNodePort.set(servicePort.nodePort, serving);
    }
  }
  if (servingByFrontend.size === 0 && servingByNodePort.size === 0) return [];

  const stale: OpenConnection[] = [];
  for (const flow of flows) {
    const entry = flow.conntrack;
    if (flow.protocol !== 'UDP' || entry === undefined) continue;
    const replyFrom = entry.peer.ip;
    const byFrontend = servingByFrontend.get(joinHostPort(flow.dstIP, flow.dstPort));
    const byNodePort = servingByNodePort.get(flow.dstPort);
    if (
      (byFrontend !== undefined && !byFrontend.has(replyFrom)) ||
      (byNodePort !== undefined && !byNodePort.has(replyFrom))
    ) {
      stale.push(flow);
    }
  }
  return stale;
}
