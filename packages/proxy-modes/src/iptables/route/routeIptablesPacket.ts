import type { IptablesRuleset } from '../IptablesRuleset.js';
import { compileRouteTables } from './compileRouteTables.js';
import type { IptablesPacket, IptablesRouteContext, IptablesRouteResult } from './IptablesRoute.js';
import { walkIptablesPacket } from './walkIptablesPacket.js';

/**
 * Routes a NEW connection through a node's iptables rules the way the kernel does, rule by rule: the
 * reference that `createIptablesRouter` is checked against. Draws from `ctx.random` and updates
 * `ctx.recent` exactly as the statistic and recent matches it evaluates would.
 */
export function routeIptablesPacket(
  ruleset: IptablesRuleset,
  packet: IptablesPacket,
  ctx: IptablesRouteContext,
): IptablesRouteResult {
  return walkIptablesPacket(compileRouteTables(ruleset), packet, ctx, false);
}
