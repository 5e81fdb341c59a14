import type { IptablesTableName } from '../IptablesRuleset.js';
import type { IptablesTraceEntry } from './IptablesRoute.js';
import type { ParsedRule } from './parseIptablesRule.js';

/** A rule decoded once for routing. */
export interface CompiledRule {
  readonly parsed: ParsedRule;
  /** Shared by every trace that matches the rule. */
  readonly trace: IptablesTraceEntry;
}

/** Called per rule in chain order with its position; returning true stops the visit. */
export type RuleVisitor = (position: number, rule: CompiledRule) => boolean;

/**
 * A chain as the packet walker reads it, however it is stored: a plain list of rules, or the
 * top-level chains of a node's rules, assembled from per-ServicePort segments.
 */
export interface RouteChain {
  readonly table: IptablesTableName;
  readonly name: string;
  /** PREROUTING, OUTPUT, ...: falling off the end applies the policy instead of returning. */
  readonly builtin: boolean;
  /** How many rules the chain holds. */
  size(): number;
  /** Visits every rule in order (the literal walk) until `visit` returns true. */
  forEachRule(visit: RuleVisitor): void;
  /**
   * Visits in order only the rules that can match a packet to destination `dst` and protocol/port
   * `portKey` (the rules skipped cannot match and have no side effects), until `visit` returns true.
   * Returns false, without visiting anything, when the chain keeps no index.
   */
  forEachCandidate(dst: number, portKey: number, visit: RuleVisitor): boolean;
}

/** Where the walker finds a node's chains. */
export interface RouteTables {
  chain(table: IptablesTableName, name: string): RouteChain | undefined;
}
