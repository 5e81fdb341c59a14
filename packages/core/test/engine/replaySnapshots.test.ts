import { describe, expect, it } from 'vitest';

import type { ConfigMap, Namespace } from '../../src/api/ConfigData.js';
import { canonicalDigest } from '../../src/canonicalDigest.js';
import { listObjects } from '../../src/cluster/ClusterState.js';
import { createReplay, type Replay } from '../../src/engine/Replay.js';
import type { SimEvent } from '../../src/events/SimEvent.js';
import type { LogEntry } from '../../src/LogEntry.js';
import type { SimTime } from '../../src/SimTime.js';

/**
 * Replay spaces snapshots at least max(snapshotEvery, objects / 4) state-changing entries apart, at
 * instant boundaries (objects = created minus deleted so far), and folds each range with one
 * copy-on-write writer. These logs are made by hand so that the expected snapshot count is arithmetic.
 */
const N = 2_000; // ConfigMaps
const SPACING = N / 4; // entries between snapshots once all N exist (snapshotEvery is far below it)
const SNAPSHOT_EVERY = 10;

const namespace: Namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } };
const configMap = (i: number, version: number): ConfigMap => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: `cm-${i}`, namespace: 'shop' },
  data: { version: String(version) },
});

/** A log under construction: entries get consecutive seqs. */
function logBuilder() {
  const entries: LogEntry<SimEvent>[] = [];
  return {
    entries,
    add(at: SimTime, event: SimEvent) {
      entries.push({ seq: entries.length, at, event });
    },
  };
}

/**
 * At instant 0 the Namespace and N ConfigMaps; then `rounds` instants of `perInstant` updates each (going
 * round the ConfigMaps), each instant also carrying a few entries that change no state (they must not
 * count towards the spacing).
 */
function createThenUpdate(rounds: number, perInstant: number) {
  const log = logBuilder();
  log.add(0, { type: 'object/created', object: namespace });
  for (let i = 0; i < N; i++) log.add(0, { type: 'object/created', object: configMap(i, 0) });
  let next = 0;
  for (let r = 1; r <= rounds; r++) {
    for (let k = 0; k < perInstant; k++) {
      const n = next++;
      log.add(r, { type: 'object/updated', object: configMap(n % N, Math.floor(n / N) + 1) });
      log.add(r, { type: 'pod/readinessSet', namespace: 'shop', name: `p-${k}`, ready: true });
    }
  }
  return log.entries;
}

/** The state after every entry with at <= t, folded from scratch in one go. */
function fromScratch(entries: readonly LogEntry<SimEvent>[], t: SimTime) {
  const upTo = entries.filter((e) => e.at <= t);
  return createReplay(upTo, { snapshotEvery: 1_000_000 }).finalState;
}

function expectSeeksMatchScratch(replay: Replay, entries: readonly LogEntry<SimEvent>[], times: SimTime[]) {
  for (const t of times) {
    expect(canonicalDigest(replay.stateAt(t)), `stateAt(${t})`).toBe(
      canonicalDigest(fromScratch(entries, t)),
    );
  }
}

describe('replay snapshot spacing', () => {
  // 20,000 updates, 5 per instant over 4,000 instants, after 2,001 creations in instant 0.
  const ROUNDS = 4_000;
  const PER_INSTANT = 5;
  const entries = createThenUpdate(ROUNDS, PER_INSTANT);
  const updates = ROUNDS * PER_INSTANT;
  const replay = createReplay(entries, { snapshotEvery: SNAPSHOT_EVERY, freeze: true });

  it('spaces snapshots a quarter of the object count apart, not snapshotEvery apart', () => {
    // The empty state, one after instant 0 (2,001 entries pending), one per 505 updates (2,001 objects
    // make the spacing 500.25: 101 instants of 5), and the rest at finish: 42. Spaced by snapshotEvery
    // alone it would be one every 2 instants (2,000 or so); counting the entries that change no state too,
    // one every 51 instants (80 or so); not spacing at all, 2.
    const expected = 2 + updates / SPACING;
    expect(replay.snapshotCount).toBeGreaterThanOrEqual(expected - 1);
    expect(replay.snapshotCount).toBeLessThanOrEqual(expected + 1);
  });

  it('gives, at any instant, the state folded from scratch up to it', () => {
    // Before anything, the creation instant, instants on and next to snapshot boundaries (instants 0,
    // 101, 202, ..., 2,020, ...), inside a snapshot's range, the last instant and after it; sought out of order, and
    // again, so a seek that changed a shared snapshot would show in the ones after it.
    const times = [
      -1, 0, 1, 100, 101, 102, 150, 2_020, 2_021, 2_050, 3_999, 4_000, 4_500, 57, 1_234, 101, 0, 2_050,
    ];
    expectSeeksMatchScratch(replay, entries, times);
  });

  it('folds into fresh containers: states it gave out stay as they were', () => {
    const early = replay.stateAt(120);
    const earlyDigest = canonicalDigest(early);
    replay.stateAt(130); // the same snapshot's range, folded further
    replay.stateAt(4_000);
    expect(canonicalDigest(early)).toBe(earlyDigest);
    expect(listObjects(early, 'ConfigMap', 'shop')).toHaveLength(N);
    // Updates so far: 120 instants of 5, ConfigMaps 0..599 at version 1, the rest at version 0.
    expect(listObjects(early, 'ConfigMap', 'shop').filter((c) => c.data?.['version'] === '1')).toHaveLength(
      600,
    );
  });

  it('counts deletions: once most objects are gone, snapshots come every snapshotEvery entries again', () => {
    const log = logBuilder();
    log.add(0, { type: 'object/created', object: namespace });
    for (let i = 0; i < N; i++) log.add(0, { type: 'object/created', object: configMap(i, 0) });
    // Leave 40 ConfigMaps (and the Namespace): 41 objects, so the spacing is max(10, 41 / 4) ≈ 10.
    for (let i = 40; i < N; i++)
      log.add(1, { type: 'object/deleted', kind: 'ConfigMap', namespace: 'shop', name: `cm-${i}` });
    const updates = 1_100;
    for (let r = 0; r < updates; r++)
      log.add(2 + r, { type: 'object/updated', object: configMap(r % 40, 1 + Math.floor(r / 40)) });
    const replay = createReplay(log.entries, { snapshotEvery: SNAPSHOT_EVERY, freeze: true });
    // One update per instant, a snapshot every 11 of them (41 / 4 = 10.25): 100, and 4 more (the empty
    // state, after the creations, after the deletions, at finish). Counting creations only (2,001
    // objects, spacing 500) it would be a handful.
    expect(replay.snapshotCount).toBeGreaterThanOrEqual(updates / 11);
    expect(replay.snapshotCount).toBeLessThanOrEqual(4 + updates / 11);
    expectSeeksMatchScratch(replay, log.entries, [0, 1, 2, 3, 12, 13, 14, 500, 1_101, 1_102]);
  });

  it('keeps snapshotEvery as the spacing while the state is small', () => {
    // 20 objects: a quarter is 5, below snapshotEvery; one update per instant, so one snapshot per 10.
    const log = logBuilder();
    log.add(0, { type: 'object/created', object: namespace });
    for (let i = 0; i < 19; i++) log.add(0, { type: 'object/created', object: configMap(i, 0) });
    for (let r = 0; r < 500; r++)
      log.add(1 + r, { type: 'object/updated', object: configMap(r % 19, 1 + r) });
    const replay = createReplay(log.entries, { snapshotEvery: SNAPSHOT_EVERY, freeze: true });
    // 50, and the empty state, after the creations (20 pending) and at finish; spaced a quarter of the
    // objects apart (5) it would be 100.
    expect(replay.snapshotCount).toBeGreaterThanOrEqual(500 / 10);
    expect(replay.snapshotCount).toBeLessThanOrEqual(3 + 500 / 10);
    expectSeeksMatchScratch(replay, log.entries, [0, 1, 9, 10, 11, 250, 500, 501]);
  });
});
