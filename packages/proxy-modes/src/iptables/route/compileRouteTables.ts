import { DEFAULT_NODE_PROXY_CONFIG } from '@svcsim/core';

import { KUBE_FIREWALL } from '../compileIptablesRules.js';
import { iptablesJumpRules } from '../iptablesJumpRules.js';
import type { IptablesRuleset, IptablesTableName } from '../IptablesRuleset.js';
import type { IptablesTraceEntry } from './IptablesRoute.js';
import { parseIptablesRule, type ParsedRule } from './parseIptablesRule.js';

export interface CompiledRule {
  readonly parsed: ParsedRule;
  /** Shared by every trace that matches the rule. */
  readonly trace: IptablesTraceEntry;
}

/**
 * Where the rules that can only match one (destination, protocol, port) sit in a chain, so the fast
 * router can visit just the candidates and charge the rest without looking at them.
 */
export interface ChainIndex {
  /** dst IPv4 -> protocol/port key -> positions of rules matching exactly that destination. */
  readonly exact: ReadonlyMap<number, ReadonlyMap<number, readonly number[]>>;
  /** protocol/port key -> positions of rules matching the port on any (or a CIDR of) destination. */
  readonly byPort: ReadonlyMap<number, readonly number[]>;
  /** Positions of every other rule: they are evaluated for every packet. */
  readonly generic: readonly number[];
}

export interface CompiledChain {
  readonly table: IptablesTableName;
  readonly name: string;
  readonly builtin: boolean;
  readonly rules: readonly CompiledRule[];
  /** Absent when no rule could be indexed (the chain is walked rule by rule). */
  readonly index: ChainIndex | undefined;
}

export type RouteTables = Readonly<Record<IptablesTableName, ReadonlyMap<string, CompiledChain>>>;

const PROTOCOL_CODES: Readonly<Record<string, number>> = { tcp: 1, udp: 2, sctp: 3 };

/** A number standing for (protocol, port), so lookups build no strings per packet. */
export function portKey(protocol: string, port: number): number {
  return port * 4 + (PROTOCOL_CODES[protocol] ?? 0);
}

function indexKey(rule: ParsedRule): { dst: number | undefined; key: number } | undefined {
  if (rule.hasSideEffects || rule.protocol === undefined || rule.protocol.invert) return undefined;
  const port = rule.matches.find((m) => m.kind === 'port');
  if (port?.dport === undefined) return undefined;
  const key = portKey(rule.protocol.name, port.dport);
  const dst = rule.dst;
  const exact = dst !== undefined && !dst.invert && dst.mask === 0xffffffff;
  return { dst: exact ? dst.base : undefined, key };
}

function buildIndex(rules: readonly CompiledRule[]): ChainIndex | undefined {
  const exact = new Map<number, Map<number, number[]>>();
  const byPort = new Map<number, number[]>();
  const generic: number[] = [];
  rules.forEach((rule, position) => {
    const key = indexKey(rule.parsed);
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

function compileChain(
  table: IptablesTableName,
  name: string,
  builtin: boolean,
  rules: readonly {
    readonly args: readonly string[];
    readonly servicePortName?: string;
    readonly endpoint?: string;
  }[],
): CompiledChain {
  const compiled = rules.map((rule): CompiledRule => {
    const trace: IptablesTraceEntry = {
      table,
      chain: name,
      args: rule.args,
      ...(rule.servicePortName === undefined ? {} : { servicePortName: rule.servicePortName }),
      ...(rule.endpoint === undefined ? {} : { endpoint: rule.endpoint }),
    };
    return { parsed: parseIptablesRule(rule.args), trace };
  });
  return { table, name, builtin, rules: compiled, index: buildIndex(compiled) };
}

const cache = new WeakMap<IptablesRuleset, RouteTables>();

/**
 * The ruleset as the kernel holds it: kube-proxy's chains plus the built-in chains holding its jump
 * rules (section 1.2: `iptables -I` prepends, so the last inserted comes first). The jump rules depend
 * on the config only through `localhostNodePorts`, which the ruleset shows by its filter KUBE-FIREWALL
 * chain. Built-in chains hold no other rules and their policy is ACCEPT. Cached per ruleset.
 */
export function compileRouteTables(ruleset: IptablesRuleset): RouteTables {
  const cached = cache.get(ruleset);
  if (cached !== undefined) return cached;
  const localhostNodePorts = ruleset.filter.chains.some((chain) => chain.name === KUBE_FIREWALL);
  const jumpRules = iptablesJumpRules({
    ...DEFAULT_NODE_PROXY_CONFIG,
    nodeName: '',
    nodeIPs: [],
    localhostNodePorts,
  });
  const tables = { filter: new Map<string, CompiledChain>(), nat: new Map<string, CompiledChain>() };
  for (const table of [ruleset.filter, ruleset.nat]) {
    for (const chain of table.chains) {
      tables[table.name].set(chain.name, compileChain(table.name, chain.name, false, chain.rules));
    }
  }
  const builtins: readonly (readonly [IptablesTableName, string])[] = [
    ['nat', 'PREROUTING'],
    ['nat', 'OUTPUT'],
    ['nat', 'POSTROUTING'],
    ['filter', 'INPUT'],
    ['filter', 'OUTPUT'],
    ['filter', 'FORWARD'],
  ];
  for (const [table, name] of builtins) {
    const rules = jumpRules.filter((rule) => rule.table === table && rule.chain === name).reverse();
    tables[table].set(name, compileChain(table, name, true, rules));
  }
  cache.set(ruleset, tables);
  return tables;
}
