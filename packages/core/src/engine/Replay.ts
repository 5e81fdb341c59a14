import type { LogEntry } from '../LogEntry.js';
import type { SimTime } from '../SimTime.js';
import type { SimEvent } from '../events/SimEvent.js';
import { applyClusterEvent } from '../cluster/applyClusterEvent.js';
import { createEmptyClusterState, type ClusterState } from '../cluster/ClusterState.js';
import { changesClusterState } from '../cluster/changesClusterState.js';
import { ClusterStateWriter } from '../cluster/ClusterStateWriter.js';

/** Time travel over a log: the cluster state as it was at any instant, without re-running controllers. */
export interface Replay {
  /** The state after every entry with `at <= t` has been applied. */
  stateAt(t: SimTime): ClusterState;
  /** The state after the last entry. */
  readonly finalState: ClusterState;
  /** How many snapshots the replay keeps (about one every `snapshotEvery` state changes, at instant boundaries). */
  readonly snapshotCount: number;
}

export interface ReplayOptions {
  /** State-changing entries between snapshots; seeking folds at most about this many from the nearest snapshot. */
  readonly snapshotEvery?: number;
  /** Deep-freeze states (tests do, to catch mutation; the engine does not, for speed). */
  readonly freeze?: boolean;
}

/** Folds entries as they arrive; `finish()` turns what was folded into a Replay. */
export interface ReplayBuilder {
  /** Adds the next entry (entries arrive in (at, seq) order). */
  append(entry: LogEntry<SimEvent>): void;
  finish(): Replay;
}

interface Snapshot {
  /** Index of the first entry not yet applied. */
  readonly next: number;
  /** The instant of the last applied entry (-1 before any). */
  readonly at: SimTime;
  readonly state: ClusterState;
}

/** Entries applied per copy-on-write batch; see foldEntries. */
const FOLD_BATCH = 4096;

/**
 * Folds entries[from, to) into a state, one copy-on-write writer per batch of entries, not per event:
 * a writer copies each table it touches once, so per-event copies of a large table are what it avoids
 * (reference/performance.md measures them at 20 events/s). Batches may span instants; the state after
 * a batch is the same either way. The states before are never changed, so snapshots stay valid.
 */
export function foldEntries(
  state: ClusterState,
  entries: readonly LogEntry<SimEvent>[],
  from: number,
  to: number,
  freeze: boolean,
): ClusterState {
  for (let start = from; start < to; start += FOLD_BATCH) {
    const end = Math.min(to, start + FOLD_BATCH);
    const writer = new ClusterStateWriter(state);
    for (let i = start; i < end; i++) applyClusterEvent(writer, entries[i] as LogEntry<SimEvent>);
    state = writer.finish(freeze);
  }
  return state;
}

/**
 * Creates a builder that folds completed instants in batches (once `snapshotEvery` entries are pending,
 * and on finish) and keeps a snapshot after each batch. States are immutable and share structure,
 * so a snapshot is a reference, not a copy.
 */
export function createReplayBuilder(options: ReplayOptions = {}): ReplayBuilder {
  const snapshotEvery = options.snapshotEvery ?? 10_000;
  if (!Number.isSafeInteger(snapshotEvery) || snapshotEvery < 1) {
    throw new RangeError(`snapshotEvery must be a positive integer, got ${snapshotEvery}`);
  }
  const freeze = options.freeze ?? false;
  const entries: LogEntry<SimEvent>[] = [];
  const snapshots: Snapshot[] = [{ next: 0, at: -1, state: createEmptyClusterState() }];
  let state = (snapshots[0] as Snapshot).state;
  let folded = 0; // entries[0, folded) are in `state`

  /**
   * Folds entries[folded, end) and snapshots the result. stateAt stays right even if a snapshot ends
   * inside an instant: it folds every later entry with at <= t, and uses an earlier snapshot for t before it.
   */
  function foldUpTo(end: number): void {
    if (end === folded) return;
    state = foldEntries(state, entries, folded, end, freeze);
    folded = end;
    snapshots.push({ next: folded, at: (entries[folded - 1] as LogEntry<SimEvent>).at, state });
  }

  function stateAt(t: SimTime): ClusterState {
    // The last snapshot at or before t; every entry after it belongs to a later instant.
    let lo = 0;
    let hi = snapshots.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((snapshots[mid] as Snapshot).at <= t) lo = mid;
      else hi = mid - 1;
    }
    const base = snapshots[lo] as Snapshot;
    let to = base.next;
    while (to < entries.length && (entries[to] as LogEntry<SimEvent>).at <= t) to++;
    return foldEntries(base.state, entries, base.next, to, freeze);
  }

  return {
    append(entry) {
      // Only entries that change the state are kept and folded: the rest would fold to nothing, and
      // keeping them would make every seek walk them (in a busy run, most entries are connections).
      if (!changesClusterState(entry.event.type)) return;
      const last = entries[entries.length - 1];
      // An entry of a later instant completes the previous one: a safe place to fold and snapshot.
      if (last !== undefined && entry.at !== last.at && entries.length - folded >= snapshotEvery) {
        foldUpTo(entries.length);
      }
      entries.push(entry);
    },
    finish() {
      foldUpTo(entries.length);
      const finalState = state;
      return { finalState, snapshotCount: snapshots.length, stateAt };
    },
  };
}

/** Builds a replay of a complete log by folding it once. */
export function createReplay(entries: readonly LogEntry<SimEvent>[], options: ReplayOptions = {}): Replay {
  const builder = createReplayBuilder(options);
  for (const entry of entries) builder.append(entry);
  return builder.finish();
}
