import type { FixedIptablesRules } from './compileFixedRules.js';
import type { ServicePortRules } from './compileServicePortRules.js';
import type {
  IptablesRule,
  IptablesRuleset,
  IptablesRuleSpec,
  IptablesTable,
  IptablesTableName,
} from './IptablesRuleset.js';

/**
 * Puts a full sync's restore input together (section 1.4): per table the fixed chain lines, then each
 * ServicePort's chain lines; the fixed head rules, each ServicePort's rules in the order given, and the
 * fixed tail rules, numbered per table in that order. `servicePorts` must already be in restore order.
 */
export function assembleIptablesRuleset(
  fixed: FixedIptablesRules,
  servicePorts: readonly ServicePortRules[],
  largeClusterMode: boolean,
): IptablesRuleset {
  const filter = buildTable('filter', fixed.filterChains, [
    fixed.filterHead,
    ...servicePorts.map((port) => port.filter),
    fixed.filterTail,
  ]);
  const natChains = [...fixed.natChains];
  for (const port of servicePorts) natChains.push(...port.natChains);
  const nat = buildTable('nat', natChains, [
    fixed.natHead,
    ...servicePorts.map((port) => port.nat),
    fixed.natTail,
  ]);
  return { filter, nat, largeClusterMode };
}

function buildTable(
  name: IptablesTableName,
  chainNames: readonly string[],
  groups: readonly (readonly IptablesRuleSpec[])[],
): IptablesTable {
  const byChain = new Map<string, IptablesRule[]>(chainNames.map((chain) => [chain, []]));
  let seq = 0;
  for (const group of groups) {
    for (const { chain, args, ...provenance } of group) {
      byChain.get(chain)?.push({ seq: seq++, chain, args: [...args], ...provenance });
    }
  }
  return { name, chains: chainNames.map((chain) => ({ name: chain, rules: byChain.get(chain) ?? [] })) };
}
