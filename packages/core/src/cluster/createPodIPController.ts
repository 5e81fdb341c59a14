import type { Subscription } from 'rxjs';

import { formatIpv4, parseIpv4Cidr, type Ipv4Cidr } from '../net/ipv4.js';
import type { ControllerContext } from '../engine/ControllerContext.js';

interface NodePool {
  readonly cidr: Ipv4Cidr;
  /** Host offsets in use within the CIDR. */
  readonly used: Set<number>;
}

/**
 * Assigns each new pod an IP from its node's pod CIDR, as the node's IPAM plugin would: a random
 * start in the block (from the "allocation" stream) and a forward scan to the first free address.
 * The network address, the gateway (.1, the bridge) and the broadcast address are never handed out.
 */
export function createPodIPController(ctx: ControllerContext): Subscription {
  const random = ctx.random.stream('allocation');
  const pools = new Map<string, NodePool>();
  const podAddress = new Map<string, { node: string; offset: number }>();

  return ctx.events$.subscribe(({ event }) => {
    switch (event.type) {
      case 'node/added': {
        const cidr = parseIpv4Cidr(event.podCIDR);
        if (cidr === undefined || cidr.size < 4) {
          throw new RangeError(
            `node ${event.name}: podCIDR ${event.podCIDR} is not an IPv4 block of at least 4 addresses`,
          );
        }
        pools.set(event.name, { cidr, used: new Set() });
        return;
      }
      case 'pod/added': {
        const pool = pools.get(event.nodeName);
        if (pool === undefined) return; // the reducer rejects pods on unknown nodes
        const first = 2;
        const count = pool.cidr.size - 3; // offsets 2 .. size-2
        if (pool.used.size >= count) {
          throw new RangeError(`node ${event.nodeName}: pod CIDR ${pool.cidr.text} has no free address left`);
        }
        let offset = first + random.nextInt(count);
        while (pool.used.has(offset)) offset = offset + 1 > first + count - 1 ? first : offset + 1;
        pool.used.add(offset);
        podAddress.set(`${event.namespace}/${event.name}`, { node: event.nodeName, offset });
        ctx.emit({
          type: 'pod/ipAssigned',
          namespace: event.namespace,
          name: event.name,
          ip: formatIpv4(pool.cidr.base + offset),
        });
        return;
      }
      case 'pod/removed': {
        const key = `${event.namespace}/${event.name}`;
        const address = podAddress.get(key);
        if (address === undefined) return;
        podAddress.delete(key);
        pools.get(address.node)?.used.delete(address.offset);
        return;
      }
      default:
        return;
    }
  });
}
