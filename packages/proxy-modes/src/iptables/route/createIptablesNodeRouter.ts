import type { FixedIptablesRules } from '../compileFixedRules.js';
import type { ServicePortRules } from '../compileServicePortRules.js';
import type { IptablesNodeRules } from '../IptablesKernelState.js';
import type { IptablesRuleSpec, IptablesTableName } from '../IptablesRuleset.js';
import { servicePortsInOrder } from '../servicePortsInOrder.js';
import { compileBuiltinChains } from './compileBuiltinChains.js';
import { compileRule } from './compileChain.js';
import { compileServicePortRoute, groupByChain } from './compileServicePortRoute.js';
import { createSegmentedChain, type SegmentedChain } from './createSegmentedChain.js';
import type { RouteChain, RouteTables } from './RouteChain.js';

/** The indexed router of one node's rules, which can follow the node's syncs Service by Service. */
export interface IptablesNodeRouter {
  readonly tables: RouteTables;
  /** Re-indexes one Service: forgets the ServicePorts it indexed under `key` and indexes `ports`. */
  replaceService(key: string, ports: readonly ServicePortRules[]): void;
}

/**
 * Indexes a node's rules for the fast walk. Top-level chains are segmented (fixed rules plus one
 * segment per ServicePort), the ServicePorts' own chains are kept by name; both are built from the
 * per-ServicePort decode cache, so indexing a Service on a second node costs only the index entries.
 */
export function createIptablesNodeRouter(rules: IptablesNodeRules): IptablesNodeRouter {
  const builtins = compileBuiltinChains(rules.config.localhostNodePorts);
  const topLevel = createTopLevelChains(rules.fixed);
  const own = new Map<string, RouteChain>();
  const indexed = new Map<string, readonly ServicePortRules[]>();

  const chainFor = (table: IptablesTableName, chain: string): SegmentedChain => {
    const found = topLevel[table].get(chain);
    if (found === undefined)
      throw new Error(`a ServicePort writes to ${table} ${chain}, not a top-level chain`);
    return found;
  };
  const index = (port: ServicePortRules): void => {
    const route = compileServicePortRoute(port);
    for (const { table, chain, segment } of route.segments) chainFor(table, chain).add(segment);
    for (const chain of route.chains) own.set(chain.name, chain);
  };
  const unindex = (port: ServicePortRules): void => {
    const route = compileServicePortRoute(port);
    for (const { table, chain, segment } of route.segments) chainFor(table, chain).remove(segment);
    for (const chain of route.chains) own.delete(chain.name);
  };

  // In restore order every segment lands at the end of its chain's list: indexing is linear.
  for (const port of servicePortsInOrder(rules)) index(port);
  for (const [key, service] of rules.services) indexed.set(key, service.rules.ports);

  return {
    tables: {
      chain: (table, name) =>
        topLevel[table].get(name) ??
        (table === 'nat' ? own.get(name) : undefined) ??
        builtins[table].get(name),
    },
    replaceService(key, ports) {
      const before = indexed.get(key) ?? [];
      if (before === ports) return;
      // Unindex first: a Service's new rules may reuse chain names its old rules had.
      for (const port of before) unindex(port);
      for (const port of ports) index(port);
      if (ports.length === 0) indexed.delete(key);
      else indexed.set(key, ports);
    },
  };
}

function createTopLevelChains(
  fixed: FixedIptablesRules,
): Readonly<Record<IptablesTableName, ReadonlyMap<string, SegmentedChain>>> {
  const tables = { filter: new Map<string, SegmentedChain>(), nat: new Map<string, SegmentedChain>() };
  for (const name of fixed.filterChains) tables.filter.set(name, createSegmentedChain('filter', name));
  for (const name of fixed.natChains) tables.nat.set(name, createSegmentedChain('nat', name));
  const addFixed = (table: IptablesTableName, rank: 0 | 2, specs: readonly IptablesRuleSpec[]): void => {
    for (const [chain, rules] of groupByChain(specs)) {
      tables[table].get(chain)?.add({
        order: { rank, servicePortName: '', protocol: '' },
        rules: rules.map((rule) => compileRule(table, chain, rule)),
      });
    }
  };
  addFixed('filter', 0, fixed.filterHead);
  addFixed('filter', 2, fixed.filterTail);
  addFixed('nat', 0, fixed.natHead);
  addFixed('nat', 2, fixed.natTail);
  return tables;
}
