import { parseIpv4 } from '../../net/ipv4.js';
import type { ClusterIPAllocator } from './ClusterIPAllocator.js';
import type { NodePortAllocator } from './NodePortAllocator.js';

/** The apiserver's Service allocators (the `Allocators` of pkg/registry/core/service/storage/alloc.go). */
export interface ServiceAddressAllocators {
  readonly clusterIPs: ClusterIPAllocator;
  readonly nodePorts: NodePortAllocator;
}

/** A set of ClusterIPs and node ports (healthCheckNodePorts included), each list ascending and distinct. */
export interface ServiceAddresses {
  readonly clusterIPs: readonly string[];
  readonly nodePorts: readonly number[];
}

/** Returns every address and port in the set to its allocator; already-free ones are no-ops. */
export function releaseAddresses(addresses: ServiceAddresses, allocators: ServiceAddressAllocators): void {
  for (const ip of addresses.clusterIPs) allocators.clusterIPs.release(ip);
  for (const port of addresses.nodePorts) allocators.nodePorts.release(port);
}

/** Builds a ServiceAddresses from lists in any order, with duplicates: IPs in numeric order, ports ascending. */
export function toServiceAddresses(ips: Iterable<string>, ports: Iterable<number>): ServiceAddresses {
  const numeric = (ip: string): number => parseIpv4(ip) ?? -1;
  return {
    clusterIPs: [...new Set(ips)].sort((a, b) => numeric(a) - numeric(b) || (a < b ? -1 : a > b ? 1 : 0)),
    nodePorts: [...new Set(ports)].sort((a, b) => a - b),
  };
}
