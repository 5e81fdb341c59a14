import type { IptablesRuleset } from '../IptablesRuleset.js';
import { compileRouteTables } from './compileRouteTables.js';
import type { IptablesPacket, IptablesRouteContext, IptablesRouteResult } from './IptablesRoute.js';
import { walkIptablesPacket } from './walkIptablesPacket.js';

/** Routes packets through one node's ruleset, indexed once up front. */
export interface IptablesRouter {
  /** Same result, random draws and recent-table updates as `routeIptablesPacket`, without the linear scan. */
  route(packet: IptablesPacket, ctx: IptablesRouteContext): IptablesRouteResult;
}

/**
 * Builds a router that looks up the rules a packet can match by (destination, protocol, port), so
 * KUBE-SERVICES, KUBE-NODEPORTS and the filter chains cost a map lookup instead of a scan, while
 * `rulesEvaluated` still charges every rule the kernel would have walked past (performance.md §3).
 */
export function createIptablesRouter(ruleset: IptablesRuleset): IptablesRouter {
  const tables = compileRouteTables(ruleset);
  return { route: (packet, ctx) => walkIptablesPacket(tables, packet, ctx, true) };
}
