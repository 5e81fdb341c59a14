import { cidrContains, type Ipv4Cidr } from '../../net/ipv4.js';

/** What the load-balancer controller's decisions read of its pool. */
export interface LoadBalancerIPPoolView {
  /** The pool's CIDR as configured, e.g. "203.0.113.0/24". */
  readonly cidr: string;
  /** Whether the address is one the pool hands out. */
  contains(ip: number): boolean;
  /** The Service ("namespace/name") holding the address, if any. */
  holderOf(ip: number): string | undefined;
  /** The lowest usable address nobody holds, or undefined when the pool is exhausted. */
  lowestFree(): number | undefined;
}

/** The load-balancer controller's pool of addresses and who holds each. */
export interface LoadBalancerIPPool extends LoadBalancerIPPoolView {
  /** Gives a free usable address to `holder`; false when it is taken or outside the pool. */
  claim(ip: number, holder: string): boolean;
  /** Frees an address; a no-op when nobody holds it. */
  release(ip: number): void;
  /** Number of addresses held. */
  used(): number;
}

/**
 * A pool over one IPv4 CIDR. The network and broadcast addresses are left out (a /31 or /32 has none to
 * leave out): MetalLB would hand out even those unless told to avoid them, but an address ending in .0
 * or .255 reads like a mistake in a simulation's output.
 */
export function createLoadBalancerIPPool(cidr: Ipv4Cidr): LoadBalancerIPPool {
  const reservesEnds = cidr.prefixLength <= 30;
  const first = reservesEnds ? cidr.base + 1 : cidr.base;
  const last = reservesEnds ? cidr.base + cidr.size - 2 : cidr.base + cidr.size - 1;
  const holders = new Map<number, string>();
  // Every address below this one is held, so finding the lowest free one scans only from here: over a
  // run that costs O(allocations), not O(pool size) per allocation.
  let scanFrom = first;

  const contains = (ip: number): boolean => cidrContains(cidr, ip) && ip >= first && ip <= last;

  return {
    cidr: cidr.text,
    contains,
    holderOf: (ip) => holders.get(ip),
    lowestFree() {
      while (scanFrom <= last && holders.has(scanFrom)) scanFrom++;
      return scanFrom <= last ? scanFrom : undefined;
    },
    claim(ip, holder) {
      if (!contains(ip) || holders.has(ip)) return false;
      holders.set(ip, holder);
      return true;
    },
    release(ip) {
      if (!holders.delete(ip)) return;
      if (ip < scanFrom) scanFrom = ip;
    },
    used: () => holders.size,
  };
}
