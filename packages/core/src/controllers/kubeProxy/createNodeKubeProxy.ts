import type { SimClock } from '../../SimClock.js';
import type { SimTime } from '../../SimTime.js';
import { compareCodeUnits } from '../../canonicalDigest.js';
import type { ProxySynced, ProxySyncReason } from '../../events/ProxyEvents.js';
import { plainDataEqual } from '../../plainDataEqual.js';
import type { KubeProxyConfig } from '../../proxy/KubeProxyConfig.js';
import type { NodeProxyConfig } from '../../proxy/NodeProxyConfig.js';
import type { NodeProxyView, ProxyMode } from '../../proxy/ProxyMode.js';
import { createBoundedFrequencyRunner, type BoundedFrequencyRunner } from './createBoundedFrequencyRunner.js';
import type { LaggedProxyView } from './createLaggedProxyView.js';
import { nodeProxyConfigOf } from './nodeProxyConfigOf.js';
import type { KubeProxyNodeSettings } from './resolveKubeProxyNodeSettings.js';

/** `proxyutil.FullSyncPeriod`: a partial-sync proxier still rewrites everything this often. */
export const FULL_SYNC_PERIOD_MS = 3_600_000;

/** kube-proxy's `burstSyncs`. */
const BURST_SYNCS = 2;

/** One node's kube-proxy: a process that can be stopped and started, and the kernel rules it leaves. */
export interface NodeKubeProxy {
  readonly nodeName: string;
  readonly running: boolean;
  /** Seq of the entry that started the running process (its Node's creation, or a proxy/started). */
  readonly startSeq: number | undefined;
  /** What the node's kernel holds: the last sync's rules, kept across restarts; undefined before any. */
  readonly rules: unknown;
  /** The view the last sync programmed (what `rules` were compiled from); undefined before any sync. */
  readonly syncedView: NodeProxyView | undefined;
  /** Starts the process at the instant of entry `seq`; it relists once its view has seen that entry. */
  start(seq: number): void;
  /** Stops the process: no more syncs, pending changes forgotten, the kernel keeps its rules. */
  stop(): void;
}

export interface NodeKubeProxyOptions {
  readonly nodeName: string;
  readonly settings: KubeProxyNodeSettings;
  readonly config: KubeProxyConfig;
  /** The view of the node's watch delay. */
  readonly view: LaggedProxyView;
  readonly mode: ProxyMode;
  readonly clock: Pick<SimClock, 'now' | 'schedule' | 'cancel'>;
  /** Commits a sync's event (through the EventBus, so it lands in the log in order). */
  readonly commit: (event: ProxySynced) => void;
}

/** What one run of the process knows; a restart begins a new one. */
interface ProxyProcess {
  readonly startSeq: number;
  readonly runner: BoundedFrequencyRunner;
  /** Both initial lists are in (the view has seen the start entry). */
  initialized: boolean;
  /** Whether this process has synced yet: its first sync is full. */
  synced: boolean;
  /** Keys of Services changed since the last sync. */
  pending: Set<string>;
  /** Node labels changed: the next sync rewrites everything (iptables proxier's `needFullSync`). */
  needFullSync: boolean;
  lastFullSyncAt: SimTime;
  nodeLabels: Readonly<Record<string, string>>;
  nodeConfig: NodeProxyConfig | undefined;
}

/**
 * Creates a node's kube-proxy, stopped. Started, it waits for its informers' initial lists (its view
 * seeing the start entry, one watch delay later: "nothing is programmed until both initial lists are
 * synced"), then syncs through a bounded-frequency runner: a full sync first (reason `start`), then
 * partial syncs of the Services changed since the previous one (`change`), and a sync every
 * syncPeriod even with nothing changed (`periodic`).
 *
 * The runner's maxInterval is syncPeriod, as in the IPVS proxier and the iptables proxier up to
 * Kubernetes 1.27. Newer iptables and nftables proxiers run with a maxInterval of one hour
 * (FullSyncPeriod) and instead check a canary chain every syncPeriod, syncing only when it vanished;
 * svcsim has nothing to delete the canary, so those proxiers would simply sync less often here.
 *
 * Deliberate differences from kube-proxy: the first sync goes through the runner (kube-proxy calls
 * syncProxyRules directly when the lists sync, not taking a token), so changes of that instant are
 * batched into it; node IPs are read once per start (recent kube-proxies exit when their node's IPs
 * change, to be restarted; svcsim keeps the old ones until the next start).
 */
export function createNodeKubeProxy(options: NodeKubeProxyOptions): NodeKubeProxy {
  const { nodeName, settings, config, view, mode, clock, commit } = options;
  let rules: unknown = undefined;
  let syncedView: NodeProxyView | undefined;
  let current: ProxyProcess | undefined;

  function syncProxyRules(process: ProxyProcess): void {
    // The runner's periodic timer can fire before the initial lists are in; kube-proxy's
    // syncProxyRules returns early then, and so does this.
    if (!process.initialized || process.nodeConfig === undefined) return;
    const now = clock.now();
    const first = !process.synced;
    const full = first || process.needFullSync || now - process.lastFullSyncAt > FULL_SYNC_PERIOD_MS;
    const services = view.services();
    const changed = process.pending;
    const reason: ProxySyncReason = first
      ? 'start'
      : changed.size > 0 || process.needFullSync
        ? 'change'
        : 'periodic';
    process.pending = new Set();
    const programmedView: NodeProxyView = { services, nodeLabels: process.nodeLabels };
    const outcome = mode.sync({
      previous: rules,
      view: programmedView,
      config: process.nodeConfig,
      full,
      // To a process that has just started, every Service is new.
      changedServices: first ? new Set(services.keys()) : changed,
    });
    rules = outcome.rules;
    syncedView = programmedView;
    process.synced = true;
    process.needFullSync = false;
    // The mode may have upgraded a partial sync to a full write; the event says what was written.
    const wroteAll = outcome.full;
    if (wroteAll) process.lastFullSyncAt = now;
    commit({
      type: 'proxy/synced',
      node: nodeName,
      mode: mode.name,
      reason,
      full: wroteAll,
      services: wroteAll ? [] : [...changed].sort(compareCodeUnits),
      servicesChanged: wroteAll ? services.size : changed.size,
      rulesWritten: outcome.rulesWritten,
      rulesTotal: outcome.rulesTotal,
      costMicros: outcome.costMicros,
    });
  }

  function relisted(process: ProxyProcess): void {
    const node = view.node(nodeName);
    if (node === undefined) {
      // The start entry is this node's creation or an input checked against existing nodes, and a
      // deletion since would have stopped the process.
      throw new Error(`kube-proxy on ${nodeName}: relisted, but its view holds no Node ${nodeName}`);
    }
    process.initialized = true;
    process.nodeLabels = node.metadata.labels ?? {};
    process.nodeConfig = nodeProxyConfigOf(node, config);
    view.listen(nodeName, {
      serviceChanged(key) {
        process.pending.add(key);
        process.runner.run();
      },
      nodeChanged(changedNode) {
        const labels = changedNode.metadata.labels ?? {};
        if (plainDataEqual(labels, process.nodeLabels)) return;
        process.nodeLabels = labels;
        process.needFullSync = true;
        process.runner.run();
      },
    });
    process.runner.run();
  }

  return {
    nodeName,
    get running() {
      return current !== undefined;
    },
    get startSeq() {
      return current?.startSeq;
    },
    get syncedView() {
      return syncedView;
    },
    get rules() {
      return rules;
    },
    start(seq) {
      if (current !== undefined) throw new Error(`kube-proxy on ${nodeName} is already running`);
      const process: ProxyProcess = {
        startSeq: seq,
        // The runner's loop starts with the process, so its first periodic run is due syncPeriod later.
        runner: createBoundedFrequencyRunner(
          clock,
          {
            minIntervalMs: settings.minSyncPeriodMs,
            maxIntervalMs: settings.syncPeriodMs,
            burst: BURST_SYNCS,
          },
          () => {
            syncProxyRules(process);
          },
        ),
        initialized: false,
        synced: false,
        pending: new Set(),
        needFullSync: false,
        lastFullSyncAt: 0,
        nodeLabels: {},
        nodeConfig: undefined,
      };
      current = process;
      view.whenSeen(seq, () => {
        relisted(process);
      });
    },
    stop() {
      const process = current;
      if (process === undefined) return;
      current = undefined;
      process.runner.stop();
      view.forget(process.startSeq);
      if (process.initialized) view.detach(nodeName);
    },
  };
}
