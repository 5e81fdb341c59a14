import type { NodeProxyConfig, ServiceProxyState } from '@svcsim/core';

import type { FixedIptablesRules } from './compileFixedRules.js';
import type { ServiceRules } from './compileServiceRules.js';
import type { RecentTable } from './route/IptablesRoute.js';

/** One Service as the node's kernel holds it: the state it was compiled from and its rules. */
export interface ProgrammedService {
  readonly state: ServiceProxyState;
  readonly rules: ServiceRules;
  /** The Service's endpoints as `largeClusterMode` counts them. */
  readonly endpointCount: number;
}

/** Running totals over every programmed Service, kept so no count walks the rules. */
export interface IptablesServiceTotals {
  readonly filterRules: number;
  readonly natTopLevelRules: number;
  readonly natServiceRules: number;
  readonly natServiceChains: number;
  readonly endpoints: number;
}

/** What the sync that produced a node's rules wrote (section 1.10). */
export interface IptablesSyncWrite {
  /** Every chain written (a full sync), or only the top-level chains plus `writtenServices`' chains. */
  readonly full: boolean;
  /** Keys of the Services whose own chains a partial sync rewrote, sorted; empty for a full sync. */
  readonly writtenServices: readonly string[];
  /** Stale per-Service chains the sync flushed and deleted (`-X`), sorted. */
  readonly deletedChains: readonly string[];
}

/**
 * The rules one node's kernel holds, kept per Service rather than as one list so that a partial sync
 * replaces only what changed. `materializeIptablesRuleset` turns them into the ruleset a full
 * `compileIptablesRules` of the same view gives.
 */
export interface IptablesNodeRules {
  /** The node facts the rules were compiled for; a sync with different ones rewrites everything. */
  readonly config: NodeProxyConfig;
  readonly nodeLabels: Readonly<Record<string, string>>;
  /** Endpoint rules without comments: more endpoints in total than `config.largeClusterThreshold`. */
  readonly largeClusterMode: boolean;
  readonly fixed: FixedIptablesRules;
  /**
   * Every programmed Service by key. Successive syncs' maps share storage (a RerootingMap), so a
   * partial sync costs only the Services it changes; `servicePortsInOrder` gives the restore order.
   */
  readonly services: ReadonlyMap<string, ProgrammedService>;
  readonly totals: IptablesServiceTotals;
  readonly lastWrite: IptablesSyncWrite;
}

/** A node's kernel state in iptables mode: its rules and the xt_recent lists its affinity rules keep. */
export interface IptablesKernelState {
  readonly rules: IptablesNodeRules;
  /**
   * The kernel's xt_recent lists. Routing updates them in place, and a sync hands the same lists on to
   * the next state (they survive syncs and kube-proxy restarts), dropping only the lists of deleted
   * rules; once a later sync has run, route through the newer state.
   */
  readonly recent: RecentTable;
}

/** Rules the kernel holds in kube-proxy's chains (the jump rules of section 1.2 are not counted). */
export function iptablesRulesTotal(rules: IptablesNodeRules): number {
  const { fixed, totals } = rules;
  return (
    fixed.filterHead.length +
    fixed.filterTail.length +
    fixed.natHead.length +
    fixed.natTail.length +
    totals.filterRules +
    totals.natTopLevelRules +
    totals.natServiceRules
  );
}
