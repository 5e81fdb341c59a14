import { cidrContains, formatIpv4, parseIpv4, parseIpv4Cidr, type Ipv4Cidr } from '../../net/ipv4.js';
import type { RandomStream } from '../../random/RandomStream.js';

/** The pod addresses of one node's pod CIDR, as its CNI plugin hands them out. */
export interface PodAddressPool {
  /** A free address, or undefined when the range is full. */
  allocate(): string | undefined;
  /** Gives an address back (one the pool did not hand out is ignored). */
  release(ip: string): void;
}

/**
 * A pool over `podCIDR` (undefined when the CIDR is missing or has fewer than four addresses): a random
 * start from `random` (the run's "allocation" stream), then a forward scan to the first free address,
 * skipping the network, gateway and broadcast addresses, as host-local IPAM with a random start does.
 */
export function createPodAddressPool(podCIDR: string, random: RandomStream): PodAddressPool | undefined {
  const cidr: Ipv4Cidr | undefined = parseIpv4Cidr(podCIDR);
  if (cidr === undefined || cidr.size < 4) return undefined;
  const used = new Set<number>(); // host offsets
  const first = 2;
  const count = cidr.size - 3;
  return {
    allocate() {
      if (used.size >= count) return undefined;
      let offset = first + random.nextInt(count);
      while (used.has(offset)) offset = offset + 1 > first + count - 1 ? first : offset + 1;
      used.add(offset);
      return formatIpv4(cidr.base + offset);
    },
    release(ip) {
      const address = parseIpv4(ip);
      if (address !== undefined && cidrContains(cidr, address)) used.delete(address - cidr.base);
    },
  };
}
