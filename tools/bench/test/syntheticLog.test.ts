import { describe, expect, it } from 'vitest';

import { canonicalDigest, createReplay, decodeSimLog, encodeSimLog, listObjects } from '@svcsim/core';

import { createSyntheticLog } from '../src/syntheticLog.js';

describe('the synthetic log of the log benchmark', () => {
  it('is the same log for the same seed and another log for another seed', () => {
    const first = createSyntheticLog({ events: 5_000, seed: 3 });
    const again = createSyntheticLog({ events: 5_000, seed: 3 });
    const other = createSyntheticLog({ events: 5_000, seed: 4 });
    expect(canonicalDigest(again.entries)).toBe(canonicalDigest(first.entries));
    expect(canonicalDigest(other.entries)).not.toBe(canonicalDigest(first.entries));
  });

  it('holds exactly the requested number of entries, in (at, seq) order', () => {
    const log = createSyntheticLog({ events: 20_000, seed: 1 });
    expect(log.entries).toHaveLength(20_000);
    log.entries.forEach((entry, index) => {
      expect(entry.seq).toBe(index);
      if (index > 0) expect(entry.at).toBeGreaterThanOrEqual((log.entries[index - 1] as typeof entry).at);
    });
  });

  it('mixes inputs and derived events of every kind the benchmark claims', () => {
    const log = createSyntheticLog({ events: 20_000, seed: 1 });
    const counts = new Map<string, number>();
    for (const { event } of log.entries) counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
    for (const type of [
      'pod/readinessSet',
      'probe/resultChanged',
      'connection/opened',
      'connection/established',
      'connection/failed',
      'connection/used',
      'connection/served',
      'connection/broken',
      'connection/closed',
      'proxy/synced',
      'object/created',
      'object/updated',
    ])
      expect(counts.get(type), type).toBeGreaterThan(0);
    // No single kind dominates: the figure is about a mix, not one event shape.
    for (const [type, count] of counts) expect(count / log.entries.length, type).toBeLessThan(0.3);
  });

  it('uses connections as clients do: requests and closes only on established connections', () => {
    const log = createSyntheticLog({ events: 20_000, seed: 2 });
    const established = new Set<string>();
    const closed = new Set<string>();
    const entries = log.entries;
    entries.forEach(({ event }, index) => {
      if (event.type === 'connection/opened') expect(event.id).toMatch(/^[a-z-]+#\d+$/);
      if (event.type === 'connection/established') established.add(event.id);
      if (event.type === 'connection/used') {
        expect(established.has(event.id) && !closed.has(event.id)).toBe(true);
        // Every request is answered by the next entry (unless the log ends right after it).
        const answer = entries[index + 1];
        if (answer !== undefined) {
          expect(['connection/served', 'connection/broken']).toContain(answer.event.type);
          expect((answer.event as { id?: string }).id).toBe(event.id);
        }
      }
      if (event.type === 'connection/closed') {
        expect(established.has(event.id) && !closed.has(event.id)).toBe(true);
        closed.add(event.id);
      }
    });
  });

  it('round-trips through the .svlog codec and folds: the updated ConfigMaps are in the final state', () => {
    const log = createSyntheticLog({ events: 20_000, seed: 1 });
    const decoded = decodeSimLog(encodeSimLog(log));
    expect(decoded.entries).toEqual(log.entries);
    const state = createReplay(decoded.entries).finalState;
    const lastUpdate = new Map<string, string | undefined>();
    for (const { event } of log.entries)
      if (event.type === 'object/created' || event.type === 'object/updated')
        lastUpdate.set(
          `${event.object.metadata.namespace}/${event.object.metadata.name}`,
          event.object.metadata.resourceVersion,
        );
    const configMaps = listObjects(state, 'ConfigMap');
    expect(configMaps).toHaveLength(lastUpdate.size);
    for (const configMap of configMaps)
      expect(configMap.metadata.resourceVersion).toBe(
        lastUpdate.get(`${configMap.metadata.namespace}/${configMap.metadata.name}`),
      );
  });
});
