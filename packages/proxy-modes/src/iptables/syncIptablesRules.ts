import {
  compareCodeUnits,
  type NodeProxyConfig,
  type ProxySyncInput,
  type ProxySyncOutcome,
  type ServiceProxyState,
} from '@svcsim/core';

import { compileFixedRules } from './compileFixedRules.js';
import {
  createServiceRulesCompiler,
  serviceEndpointCount,
  type ServiceRules,
} from './compileServiceRules.js';
import { iptablesSyncCostMicros } from './iptablesCostModel.js';
import {
  iptablesRulesTotal,
  type IptablesKernelState,
  type IptablesNodeRules,
  type IptablesServiceTotals,
  type ProgrammedService,
} from './IptablesKernelState.js';
import { RerootingMap } from './RerootingMap.js';
import { createRecentTable } from './route/IptablesRoute.js';

/** A sync's outcome, and whether the new rules were derived Service by Service from the old ones. */
export interface IptablesSyncResult {
  readonly outcome: ProxySyncOutcome<IptablesKernelState>;
  /**
   * The Services whose rules differ from `previous`'s, when the new rules keep the old node facts and
   * were derived from them (so an index of the old rules can be moved on); undefined when rebuilt.
   */
  readonly changedRules: readonly string[] | undefined;
}

/** A Service whose rules a sync replaces: what the kernel held and what it holds afterwards. */
interface Replacement {
  readonly key: string;
  readonly before: ProgrammedService | undefined;
  readonly after: ProgrammedService | undefined;
}

const NO_CHANGE: readonly string[] = [];

/**
 * One kube-proxy sync in iptables mode (`syncProxyRules`, section 1.10). The kernel ends with exactly
 * the rules a full compile of the view gives (as long as `changedServices` lists every Service changed
 * since the last sync, as the contract says); `full` decides only what is written: everything, or the
 * top-level chains plus the own chains of the changed Services and the deletion of stale chains.
 *
 * A partial sync is upgraded to a full write when the kernel holds rules for other node facts (no
 * previous rules, new kube-proxy flags, which only a restart brings and whose first sync upstream is
 * full; or new node labels, for which `OnNodeUpdate` sets `needFullSync`) and when largeClusterMode
 * flips. Deliberate difference for the latter: upstream (pkg/proxy/iptables/proxier.go,
 * syncProxyRules) recomputes `proxier.largeClusterMode` from the endpoint total on every sync, but its
 * `doFullSync` depends only on `needFullSync` and `FullSyncPeriod`, so unchanged Services keep chains
 * written in the old comment style until the next full sync; svcsim rewrites them at once so the kernel
 * always equals a full compile. Likewise upstream skips the stale-chain cleanup in large-cluster mode
 * except once per syncPeriod; svcsim deletes stale chains on every sync (they are unreferenced, so
 * routing is the same either way).
 *
 * A partial sync trusts `changedServices`, as upstream trusts its change trackers: it costs the
 * changed Services' rules and nothing per unchanged Service (the Service map is a RerootingMap, the
 * totals are running sums, the restore order is only computed when something renders). A full sync
 * also compares every Service's state with what the kernel was programmed from, so it repairs any
 * change that went unreported. Compiled rules are cached per ServiceProxyState, so either compiles
 * only Services whose state object is new to this node's facts.
 */
export function syncIptablesRules(input: ProxySyncInput<IptablesKernelState>): IptablesSyncResult {
  const { previous, view, config } = input;
  const before = previous?.rules;
  const sameNode =
    before !== undefined &&
    sameNodeProxyConfig(before.config, config) &&
    sameLabels(before.nodeLabels, view.nodeLabels);
  const base = sameNode ? before : undefined;

  // The Services to rewrite: those reported changed; on a full sync also any whose state is not what
  // the kernel was programmed from.
  const changed = new Set<string>();
  let endpoints = 0;
  if (base !== undefined) {
    for (const key of input.changedServices) {
      if (view.services.has(key) || base.services.has(key)) changed.add(key);
    }
    if (input.full) {
      for (const [key, state] of view.services) if (base.services.get(key)?.state !== state) changed.add(key);
      for (const key of base.services.keys()) if (!view.services.has(key)) changed.add(key);
    }
    endpoints = base.totals.endpoints;
    for (const key of changed) {
      endpoints -= base.services.get(key)?.endpointCount ?? 0;
      const state = view.services.get(key);
      if (state !== undefined) endpoints += serviceEndpointCount(state);
    }
  } else {
    for (const state of view.services.values()) endpoints += serviceEndpointCount(state);
  }
  let largeClusterMode = endpoints > config.largeClusterThreshold;
  const incremental = base !== undefined && base.largeClusterMode === largeClusterMode ? base : undefined;
  if (incremental === undefined && base !== undefined) {
    // A rebuild programs the whole view, changes that went unreported included: count all of it.
    endpoints = 0;
    for (const state of view.services.values()) endpoints += serviceEndpointCount(state);
    largeClusterMode = endpoints > config.largeClusterThreshold;
  }
  const full = input.full || incremental === undefined;
  const compile = createServiceRulesCompiler(config, view.nodeLabels, largeClusterMode);
  const program = (state: ServiceProxyState): ProgrammedService => ({
    state,
    rules: compile(state),
    endpointCount: serviceEndpointCount(state),
  });

  let services: RerootingMap<string, ProgrammedService>;
  let totals: IptablesServiceTotals;
  const replaced: Replacement[] = [];
  if (incremental !== undefined) {
    const updates: [string, ProgrammedService | undefined][] = [];
    totals = incremental.totals;
    for (const key of [...changed].sort(compareCodeUnits)) {
      const old = incremental.services.get(key);
      const state = view.services.get(key);
      const next = state === undefined ? undefined : program(state);
      updates.push([key, next]);
      if (old?.rules !== next?.rules) replaced.push({ key, before: old, after: next });
      totals = addTotals(addTotals(totals, old, -1), next, 1);
    }
    services = asRerootingMap(incremental.services).with(updates);
  } else {
    const programmed: [string, ProgrammedService][] = [];
    totals = addTotals(undefined, undefined, 1);
    for (const key of [...view.services.keys()].sort(compareCodeUnits)) {
      const next = program(view.services.get(key) as ServiceProxyState);
      programmed.push([key, next]);
      totals = addTotals(totals, next, 1);
    }
    services = RerootingMap.of(programmed);
    const keys = new Set([...(before?.services.keys() ?? []), ...services.keys()]);
    for (const key of [...keys].sort(compareCodeUnits)) {
      replaced.push({ key, before: before?.services.get(key), after: services.get(key) });
    }
  }

  // Chains no rule needs any more are flushed and deleted; the xt_recent lists only their rules used
  // die with them (the kernel frees a list when the last rule naming it goes).
  const deletedChains: string[] = [];
  const droppedLists: string[] = [];
  for (const { before: old, after: next } of replaced) {
    if (old === undefined) continue;
    const keptChains = new Set(next?.rules.ports.flatMap((port) => port.natChains));
    const keptLists = new Set(next?.rules.ports.flatMap((port) => port.recentLists));
    for (const port of old.rules.ports) {
      for (const chain of port.natChains) if (!keptChains.has(chain)) deletedChains.push(chain);
      for (const list of port.recentLists) if (!keptLists.has(list)) droppedLists.push(list);
    }
  }
  deletedChains.sort(compareCodeUnits);
  const recent = previous?.recent ?? createRecentTable();
  for (const list of droppedLists) recent.delete(list);

  const writtenServices = full
    ? NO_CHANGE
    : [...changed].filter((key) => services.has(key)).sort(compareCodeUnits);
  const fixed = base?.fixed ?? compileFixedRules(config);
  const rules: IptablesNodeRules = {
    config,
    nodeLabels: view.nodeLabels,
    largeClusterMode,
    fixed,
    services,
    totals,
    lastWrite: { full, writtenServices, deletedChains },
  };

  const rulesTotal = iptablesRulesTotal(rules);
  let natServiceRulesWritten = totals.natServiceRules;
  let natServiceChainsWritten = totals.natServiceChains;
  if (!full) {
    natServiceRulesWritten = 0;
    natServiceChainsWritten = 0;
    for (const key of writtenServices) {
      const written = services.get(key)?.rules;
      natServiceRulesWritten += written?.natServiceRules ?? 0;
      natServiceChainsWritten += written?.natServiceChains ?? 0;
    }
  }
  const rulesWritten = rulesTotal - totals.natServiceRules + natServiceRulesWritten;
  const restoreLines =
    4 + // *filter, COMMIT, *nat, COMMIT
    fixed.filterChains.length +
    fixed.natChains.length +
    natServiceChainsWritten +
    2 * deletedChains.length + // a chain line and `-X` each
    rulesWritten;

  return {
    outcome: {
      rules: { rules, recent },
      full,
      rulesWritten,
      rulesTotal,
      costMicros: iptablesSyncCostMicros({ restoreLines, rulesTotal }),
    },
    changedRules: incremental === undefined ? undefined : replaced.map((r) => r.key),
  };
}

function addTotals(
  totals: IptablesServiceTotals | undefined,
  service: ProgrammedService | undefined,
  sign: 1 | -1,
): IptablesServiceTotals {
  const base = totals ?? {
    filterRules: 0,
    natTopLevelRules: 0,
    natServiceRules: 0,
    natServiceChains: 0,
    endpoints: 0,
  };
  if (service === undefined) return base;
  const rules: ServiceRules = service.rules;
  return {
    filterRules: base.filterRules + sign * rules.filterRules,
    natTopLevelRules: base.natTopLevelRules + sign * rules.natTopLevelRules,
    natServiceRules: base.natServiceRules + sign * rules.natServiceRules,
    natServiceChains: base.natServiceChains + sign * rules.natServiceChains,
    endpoints: base.endpoints + sign * service.endpointCount,
  };
}

/** The kernel's Service map as a RerootingMap (it always is one: only this module builds it). */
function asRerootingMap(
  services: ReadonlyMap<string, ProgrammedService>,
): RerootingMap<string, ProgrammedService> {
  if (!(services instanceof RerootingMap)) throw new Error('iptables kernel state was not built by sync');
  return services as RerootingMap<string, ProgrammedService>;
}

/** Whether two configurations give the same rules (the node facts rule generation reads). */
function sameNodeProxyConfig(a: NodeProxyConfig, b: NodeProxyConfig): boolean {
  return (
    a === b ||
    (a.nodeName === b.nodeName &&
      a.nodeIPs.length === b.nodeIPs.length &&
      a.nodeIPs.every((ip, i) => ip === b.nodeIPs[i]) &&
      a.clusterCIDR === b.clusterCIDR &&
      a.masqueradeBit === b.masqueradeBit &&
      a.masqueradeAll === b.masqueradeAll &&
      a.localhostNodePorts === b.localhostNodePorts &&
      a.nfacct === b.nfacct &&
      a.largeClusterThreshold === b.largeClusterThreshold &&
      a.emulateVersion === b.emulateVersion)
  );
}

function sameLabels(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  if (a === b) return true;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => b[key] === a[key]);
}
