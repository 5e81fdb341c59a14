import { createRandomStreams, type RandomStream } from '@svcsim/core';

import type { IptablesRuleset } from '../../../src/iptables/IptablesRuleset.js';
import { createIptablesRouter } from '../../../src/iptables/route/createIptablesRouter.js';
import {
  cloneRecentTable,
  createRecentTable,
  type IptablesPacket,
  type IptablesRouteResult,
  type RecentTable,
} from '../../../src/iptables/route/IptablesRoute.js';
import { routeIptablesPacket } from '../../../src/iptables/route/routeIptablesPacket.js';
import { NODE_CONFIG } from '../fixtures.js';

export const NODE_IP = NODE_CONFIG.nodeIPs[0] ?? '192.168.0.2';
/** A pod on this node (the fixtures' cluster CIDR is 10.244.0.0/16). */
export const POD_IP = '10.244.9.9';
/** A host outside the cluster. */
export const OUTSIDE_IP = '198.18.0.7';

export function packet(
  dstIP: string,
  dstPort: number,
  srcIP = POD_IP,
  entry: IptablesPacket['entry'] = 'forward',
): IptablesPacket {
  return { srcIP, srcPort: 40000, dstIP, dstPort, protocol: 'TCP', entry };
}

export function stream(seed = 1, name = 'iptables'): RandomStream {
  return createRandomStreams(seed).stream(name);
}

/**
 * Routes through both the literal walk and the fast router on identical copies of the random stream
 * and recent table, fails if they disagree, and returns the (common) result.
 */
export function createDualRouter(ruleset: IptablesRuleset, seed = 1) {
  const router = createIptablesRouter(ruleset);
  const literal = { random: stream(seed), recent: createRecentTable() };
  const fast = { random: stream(seed), recent: createRecentTable() };
  return {
    route(p: IptablesPacket, now = 0): IptablesRouteResult {
      const a = routeIptablesPacket(ruleset, p, { nodeIPs: NODE_CONFIG.nodeIPs, now, ...literal });
      const b = router.route(p, { nodeIPs: NODE_CONFIG.nodeIPs, now, ...fast });
      if (JSON.stringify(a) !== JSON.stringify(b)) {
        throw new Error(`fast router disagrees:\nliteral ${JSON.stringify(a)}\nfast    ${JSON.stringify(b)}`);
      }
      return a;
    },
    recent(): RecentTable {
      return cloneRecentTable(literal.recent);
    },
  };
}
