import { KUBE_FIREWALL } from '../iptablesChainNames.js';
import type { IptablesRuleset } from '../IptablesRuleset.js';
import { compileBuiltinChains } from './compileBuiltinChains.js';
import { compileChain } from './compileChain.js';
import type { RouteChain, RouteTables } from './RouteChain.js';

const cache = new WeakMap<IptablesRuleset, RouteTables>();

/**
 * The ruleset as the kernel holds it: kube-proxy's chains plus the built-in chains holding its jump
 * rules. Whether localhost NodePorts are on (the only config the jump rules depend on) shows in the
 * ruleset as its filter KUBE-FIREWALL chain. Cached per ruleset.
 */
export function compileRouteTables(ruleset: IptablesRuleset): RouteTables {
  const cached = cache.get(ruleset);
  if (cached !== undefined) return cached;
  const builtins = compileBuiltinChains(ruleset.filter.chains.some((chain) => chain.name === KUBE_FIREWALL));
  const own = { filter: new Map<string, RouteChain>(), nat: new Map<string, RouteChain>() };
  for (const table of [ruleset.filter, ruleset.nat]) {
    for (const chain of table.chains) {
      own[table.name].set(chain.name, compileChain(table.name, chain.name, false, chain.rules));
    }
  }
  const tables: RouteTables = {
    chain: (table, name) => own[table].get(name) ?? builtins[table].get(name),
  };
  cache.set(ruleset, tables);
  return tables;
}
