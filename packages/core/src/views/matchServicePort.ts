import type { Protocol } from '../api/ObjectMeta.js';
import type { ServicePortInfo } from '../proxy/ServicePortInfo.js';
import type { ServiceAddressKind } from './ConnectionTrace.js';

/** A packet's destination, and the addresses of the node it enters (what `addrtype LOCAL` matches). */
export interface ServiceDestination {
  readonly ip: string;
  readonly port: number;
  readonly protocol: Protocol;
  readonly nodeAddresses: readonly string[];
}

/** The ServicePort a destination selects, and through which of its addresses. */
export interface ServicePortMatch {
  /** `namespace/name` of the Service. */
  readonly serviceKey: string;
  readonly port: ServicePortInfo;
  readonly addressKind: ServiceAddressKind;
}

/**
 * Finds the ServicePort kube-proxy's rules would capture `destination` for, among `ports`: its cluster
 * IP, an external IP or a load-balancer IP with the port, checked first as KUBE-SERVICES does, then a
 * NodePort on any of the node's own addresses (the KUBE-NODEPORTS tail of KUBE-SERVICES, reached for
 * local destinations; nodePortAddresses is not modelled, so every local address serves NodePorts).
 */
export function matchServicePort(
  ports: Iterable<ServicePortInfo>,
  destination: ServiceDestination,
): ServicePortMatch | undefined {
  const { ip, port, protocol } = destination;
  let nodePortMatch: ServicePortMatch | undefined;
  const local = isLocalAddress(ip, destination.nodeAddresses);
  for (const info of ports) {
    if (info.protocol !== protocol) continue;
    const serviceKey = `${info.namespace}/${info.name}`;
    if (info.port === port) {
      if (info.clusterIP === ip) return { serviceKey, port: info, addressKind: 'cluster IP' };
      if (info.externalIPs.includes(ip)) return { serviceKey, port: info, addressKind: 'external IP' };
      if (info.loadBalancerVIPs.includes(ip))
        return { serviceKey, port: info, addressKind: 'load balancer IP' };
    }
    if (local && info.nodePort !== 0 && info.nodePort === port) {
      nodePortMatch ??= { serviceKey, port: info, addressKind: 'NodePort' };
    }
  }
  return nodePortMatch;
}

/** The node's own addresses and 127.0.0.0/8. */
export function isLocalAddress(ip: string, nodeAddresses: readonly string[]): boolean {
  return ip.startsWith('127.') || nodeAddresses.includes(ip);
}
