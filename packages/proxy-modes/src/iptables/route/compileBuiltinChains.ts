import { DEFAULT_NODE_PROXY_CONFIG } from '@svcsim/core';

import { iptablesJumpRules } from '../iptablesJumpRules.js';
import type { IptablesTableName } from '../IptablesRuleset.js';
import { compileChain } from './compileChain.js';
import type { RouteChain } from './RouteChain.js';

const BUILTIN_CHAINS: readonly (readonly [IptablesTableName, string])[] = [
  ['nat', 'PREROUTING'],
  ['nat', 'OUTPUT'],
  ['nat', 'POSTROUTING'],
  ['filter', 'INPUT'],
  ['filter', 'OUTPUT'],
  ['filter', 'FORWARD'],
];

const cache = new Map<boolean, Readonly<Record<IptablesTableName, ReadonlyMap<string, RouteChain>>>>();

/**
 * The built-in chains of a kube-proxy node: only kube-proxy's jump rules (section 1.2: `iptables -I`
 * prepends, so the last inserted comes first), policy ACCEPT. The jump rules depend on the config only
 * through `localhostNodePorts`.
 */
export function compileBuiltinChains(
  localhostNodePorts: boolean,
): Readonly<Record<IptablesTableName, ReadonlyMap<string, RouteChain>>> {
  const cached = cache.get(localhostNodePorts);
  if (cached !== undefined) return cached;
  const jumpRules = iptablesJumpRules({
    ...DEFAULT_NODE_PROXY_CONFIG,
    nodeName: '',
    nodeIPs: [],
    localhostNodePorts,
  });
  const tables = { filter: new Map<string, RouteChain>(), nat: new Map<string, RouteChain>() };
  for (const [table, name] of BUILTIN_CHAINS) {
    const rules = jumpRules.filter((rule) => rule.table === table && rule.chain === name).reverse();
    tables[table].set(name, compileChain(table, name, true, rules));
  }
  cache.set(localhostNodePorts, tables);
  return tables;
}
