import type { IptablesTableName } from '../IptablesRuleset.js';
import type { IptablesTraceEntry } from './IptablesRoute.js';
import { parseIptablesRule } from './parseIptablesRule.js';
import type { CompiledRule, RouteChain, RuleVisitor } from './RouteChain.js';
import { ruleIndexKey } from './ruleIndexKey.js';

/**
 * Where the rules that can only match one (destination, protocol, port) sit in a chain, so the fast
 * walk can visit just the candidates and charge the rest without looking at them.
 */
interface ChainIndex {
  /** dst IPv4 -> protocol/port key -> positions of rules matching exactly that destination. */
  readonly exact: ReadonlyMap<number, ReadonlyMap<number, readonly number[]>>;
  /** protocol/port key -> positions of rules matching the port on any (or a CIDR of) destination. */
  readonly byPort: ReadonlyMap<number, readonly number[]>;
  /** Positions of every other rule: they are evaluated for every packet. */
  readonly generic: readonly number[];
}

/** A rule as a chain is given it: its arguments and what produced it. */
export interface ChainRuleSource {
  readonly args: readonly string[];
  readonly servicePortName?: string;
  readonly endpoint?: string;
}

const EMPTY: readonly number[] = [];

/** Decodes one rule of `table`'s `chain` for routing. */
export function compileRule(table: IptablesTableName, chain: string, rule: ChainRuleSource): CompiledRule {
  const trace: IptablesTraceEntry = {
    table,
    chain,
    args: rule.args,
    ...(rule.servicePortName === undefined ? {} : { servicePortName: rule.servicePortName }),
    ...(rule.endpoint === undefined ? {} : { endpoint: rule.endpoint }),
  };
  return { parsed: parseIptablesRule(rule.args), trace };
}

function buildIndex(rules: readonly CompiledRule[]): ChainIndex | undefined {
  const exact = new Map<number, Map<number, number[]>>();
  const byPort = new Map<number, number[]>();
  const generic: number[] = [];
  rules.forEach((rule, position) => {
    const key = ruleIndexKey(rule.parsed);
    if (key === undefined) {
      generic.push(position);
      return;
    }
    let byKey: Map<number, number[]> = byPort;
    if (key.dst !== undefined) {
      byKey = exact.get(key.dst) ?? new Map<number, number[]>();
      exact.set(key.dst, byKey);
    }
    const list = byKey.get(key.key) ?? [];
    list.push(position);
    byKey.set(key.key, list);
  });
  return generic.length === rules.length ? undefined : { exact, byPort, generic };
}

/**
 * A chain held as one list of rules, indexed by (destination, protocol, port) where that helps. A class
 * rather than an object of closures: a node holds tens of thousands of chains.
 */
class FlatChain implements RouteChain {
  private readonly index: ChainIndex | undefined;

  constructor(
    readonly table: IptablesTableName,
    readonly name: string,
    readonly builtin: boolean,
    private readonly rules: readonly CompiledRule[],
  ) {
    this.index = buildIndex(rules);
  }

  size(): number {
    return this.rules.length;
  }

  forEachRule(visit: RuleVisitor): void {
    const rules = this.rules;
    for (let position = 0; position < rules.length; position++) {
      if (visit(position, rules[position] as CompiledRule)) return;
    }
  }

  forEachCandidate(dst: number, portKey: number, visit: RuleVisitor): boolean {
    const index = this.index;
    if (index === undefined) return false;
    // Merge the three ascending candidate lists.
    const exact = index.exact.get(dst)?.get(portKey) ?? EMPTY;
    const byPort = index.byPort.get(portKey) ?? EMPTY;
    const generic = index.generic;
    let a = 0;
    let b = 0;
    let c = 0;
    for (;;) {
      const pa = exact[a] ?? Infinity;
      const pb = byPort[b] ?? Infinity;
      const pc = generic[c] ?? Infinity;
      const position = Math.min(pa, pb, pc);
      if (position === Infinity) return true;
      if (position === pa) a++;
      else if (position === pb) b++;
      else c++;
      if (visit(position, this.rules[position] as CompiledRule)) return true;
    }
  }
}

/** A chain held as one list of rules, indexed by (destination, protocol, port) where that helps. */
export function compileChain(
  table: IptablesTableName,
  name: string,
  builtin: boolean,
  sources: readonly ChainRuleSource[],
): RouteChain {
  return new FlatChain(
    table,
    name,
    builtin,
    sources.map((rule) => compileRule(table, name, rule)),
  );
}

/**
 * A chain decoded on first use: a node holds tens of thousands of per-Service chains, and a simulation
 * routes through few of them, so indexing a node decodes only its top-level chains.
 */
class LazyChain implements RouteChain {
  readonly builtin = false;
  private compiled: RouteChain | undefined;

  constructor(
    readonly table: IptablesTableName,
    readonly name: string,
    private readonly sources: readonly ChainRuleSource[],
  ) {}

  size(): number {
    return this.sources.length;
  }

  forEachRule(visit: RuleVisitor): void {
    this.chain().forEachRule(visit);
  }

  forEachCandidate(dst: number, portKey: number, visit: RuleVisitor): boolean {
    return this.chain().forEachCandidate(dst, portKey, visit);
  }

  private chain(): RouteChain {
    return (this.compiled ??= compileChain(this.table, this.name, false, this.sources));
  }
}

/** A nat chain of a ServicePort, decoded when a packet first enters it. */
export function createLazyChain(
  table: IptablesTableName,
  name: string,
  sources: readonly ChainRuleSource[],
): RouteChain {
  return new LazyChain(table, name, sources);
}
