import type { LogEntry, SimEvent } from '@svcsim/core';

/**
 * The kube-proxy work a run's log records, summed over every node: syncs and the rules they wrote,
 * and the first packets of new connections and the rules they walked, with the mode's modelled cost
 * of each. Counts rather than wall time, so two modes can be compared deterministically.
 */
export interface ProxyWork {
  readonly syncs: number;
  readonly fullSyncs: number;
  readonly rulesWritten: number;
  /** Sum of every sync's modelled duration. */
  readonly syncCostMicros: number;
  /** Rules the first packets of new connections walked, on the nodes they entered. */
  readonly rulesEvaluated: number;
  /** Sum of every first packet's modelled processing time. */
  readonly firstPacketCostNanos: number;
}

/** Sums the `proxy/synced` and first-packet figures of a log (see ProxyWork). */
export function deriveProxyWork(entries: Iterable<LogEntry<SimEvent>>): ProxyWork {
  let syncs = 0;
  let fullSyncs = 0;
  let rulesWritten = 0;
  let syncCostMicros = 0;
  let rulesEvaluated = 0;
  let firstPacketCostNanos = 0;
  for (const { event } of entries) {
    switch (event.type) {
      case 'proxy/synced':
        syncs++;
        if (event.full) fullSyncs++;
        rulesWritten += event.rulesWritten;
        syncCostMicros += event.costMicros;
        break;
      case 'connection/established':
      case 'connection/failed':
        // A failure before any packet left (unsent, unresolved) walked no rules and adds nothing.
        rulesEvaluated += event.rulesEvaluated;
        firstPacketCostNanos += event.costNanos;
        break;
      default:
        break;
    }
  }
  return {
    syncs,
    fullSyncs,
    rulesWritten,
    syncCostMicros,
    rulesEvaluated,
    firstPacketCostNanos,
  };
}
