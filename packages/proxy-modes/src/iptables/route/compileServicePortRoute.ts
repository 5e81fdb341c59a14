import type { ServicePortRules } from '../compileServicePortRules.js';
import type { IptablesRuleSpec, IptablesTableName } from '../IptablesRuleset.js';
import { compileRule, createLazyChain } from './compileChain.js';
import type { ChainSegment } from './createSegmentedChain.js';
import type { RouteChain } from './RouteChain.js';

/** One ServicePort's rules decoded for routing: its segments of the top-level chains and its own chains. */
export interface ServicePortRoute {
  readonly segments: readonly {
    readonly table: IptablesTableName;
    readonly chain: string;
    readonly segment: ChainSegment;
  }[];
  readonly chains: readonly RouteChain[];
}

/** Decoded per ServicePortRules object, so nodes that share a Service's rules share the work too. */
const cache = new WeakMap<ServicePortRules, ServicePortRoute>();

/** Decodes a ServicePort's rules into segments (one per top-level chain it writes to) and chains. */
export function compileServicePortRoute(port: ServicePortRules): ServicePortRoute {
  const cached = cache.get(port);
  if (cached !== undefined) return cached;
  const order = { rank: 1 as const, servicePortName: port.servicePortName, protocol: port.protocol };
  const segments: ServicePortRoute['segments'][number][] = [];
  const addSegments = (table: IptablesTableName, specs: readonly IptablesRuleSpec[]): void => {
    for (const [chain, rules] of groupByChain(specs)) {
      segments.push({
        table,
        chain,
        segment: { order, rules: rules.map((rule) => compileRule(table, chain, rule)) },
      });
    }
  };
  addSegments('filter', port.filter);
  addSegments('nat', port.nat.slice(0, port.natTopLevelRules));
  const own = groupByChain(port.nat.slice(port.natTopLevelRules));
  const chains = port.natChains.map((name) => createLazyChain('nat', name, own.get(name) ?? []));
  const route = { segments, chains };
  cache.set(port, route);
  return route;
}

/** Rules grouped by chain, chains in order of first appearance, rules in their order. */
export function groupByChain(specs: readonly IptablesRuleSpec[]): Map<string, IptablesRuleSpec[]> {
  const byChain = new Map<string, IptablesRuleSpec[]>();
  for (const spec of specs) {
    const list = byChain.get(spec.chain);
    if (list === undefined) byChain.set(spec.chain, [spec]);
    else list.push(spec);
  }
  return byChain;
}
