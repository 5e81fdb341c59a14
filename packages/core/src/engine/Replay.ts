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
  /**
   * How many snapshots the replay keeps: one every `snapshotEvery` state changes, or every quarter of the
   * state's object count if that is more, at instant boundaries.
   */
  readonly snapshotCount: number;
}

export interface ReplayOptions {
  /**
   * State-changing entries between snapshots, at least (10,000 by default; a large state spaces them
   * further, see SNAPSHOT_SPACING_PER_OBJECT). Seeking folds the entries since the nearest snapshot.
   */
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

/**
 * Folds entries[from, to) into a state with one copy-on-write writer, so each table the entries touch is
 * copied once for the whole range, however many events change it (reference/performance.md measures a
 * copy per event at 20 events/s). The states before are never changed, so snapshots stay valid.
 */
export function foldEntries(
  state: ClusterState,
  entries: readonly LogEntry<SimEvent>[],
  from: number,
  to: number,
  freeze: boolean,
): ClusterState {
  if (from >= to) return state;
  const writer = new ClusterStateWriter(state);
  for (let i = from; i < to; i++) applyClusterEvent(writer, entries[i] as LogEntry<SimEvent>);
  return writer.finish(freeze);
}

/**
 * A snapshot copies every table changed since the one before (a namespace's Pod table can hold 100,000
 * entries), while seeking from it folds at most the entries between two snapshots. Spacing snapshots at
 * least a quarter of the state's object count apart keeps the copying within a small multiple of the
 * folding itself however large the cluster grows, and a seek within a few milliseconds of folding.
 */
const SNAPSHOT_SPACING_PER_OBJECT = 1 / 4;

/**
 * Creates a builder that folds completed instants in batches (once a snapshot's spacing of entries is
 * pending, and on finish) and keeps a snapshot after each batch. States are immutable and share structure,
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
  let objects = 0; // objects in the state once every entry appended so far is folded

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
      if (
        last !== undefined &&
        entry.at !== last.at &&
        entries.length - folded >= Math.max(snapshotEvery, objects * SNAPSHOT_SPACING_PER_OBJECT)
      ) {
        foldUpTo(entries.length);
      }
      entries.push(entry);
      if (entry.event.type === 'object/created') objects++;
      else if (entry.event.type === 'object/deleted') objects--;
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
