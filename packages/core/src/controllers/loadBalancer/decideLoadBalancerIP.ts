import type { Service } from '../../api/Service.js';
import { formatIpv4, parseIpv4 } from '../../net/ipv4.js';
import type { LoadBalancerIPPoolView } from './createLoadBalancerIPPool.js';

/** What the load-balancer controller does about one Service's address. */
export type LoadBalancerIPDecision =
  /** Not a Service this controller serves (gone, another type, or another class): free what it held. */
  | { readonly kind: 'unserved' }
  /** Keep the address the Service already holds. */
  | { readonly kind: 'keep'; readonly ip: number }
  /** Free what it held, if anything, and take this free address. */
  | { readonly kind: 'claim'; readonly ip: number }
  /** Free what it held, if anything, and leave it without an address for the reason given. */
  | { readonly kind: 'pending'; readonly reason: string };

/**
 * `wantsLoadBalancer` of the cloud-provider service controller: type LoadBalancer and no
 * loadBalancerClass (a class names some other implementation, which this controller leaves alone).
 */
export function wantsLoadBalancer(service: Service): boolean {
  return service.spec.type === 'LoadBalancer' && service.spec.loadBalancerClass === undefined;
}

/**
 * The address a Service should have: the one it holds while it still fits; otherwise its
 * spec.loadBalancerIP when that is in the pool and free; otherwise, with no loadBalancerIP, the lowest
 * free address. `held` is the address the controller gave it earlier, if any.
 */
export function decideLoadBalancerIP(
  service: Service | undefined,
  held: number | undefined,
  pool: LoadBalancerIPPoolView,
): LoadBalancerIPDecision {
  if (service === undefined || !wantsLoadBalancer(service)) return { kind: 'unserved' };
  const requested = service.spec.loadBalancerIP ?? '';
  if (requested === '') {
    if (held !== undefined) return { kind: 'keep', ip: held };
    const lowest = pool.lowestFree();
    return lowest === undefined
      ? { kind: 'pending', reason: `no free address left in the load-balancer pool ${pool.cidr}` }
      : { kind: 'claim', ip: lowest };
  }
  const ip = parseIpv4(requested);
  if (ip !== undefined && ip === held) return { kind: 'keep', ip };
  if (ip === undefined || !pool.contains(ip))
    return {
      kind: 'pending',
      reason: `spec.loadBalancerIP ${requested} is not in the load-balancer pool ${pool.cidr}`,
    };
  const holder = pool.holderOf(ip);
  if (holder !== undefined)
    return {
      kind: 'pending',
      reason: `spec.loadBalancerIP ${formatIpv4(ip)} is already assigned to Service ${holder}`,
    };
  return { kind: 'claim', ip };
}
