import { describe, expect, it } from 'vitest';

import type { ConfigMap, Namespace } from '../../src/api/ConfigData.js';
import { createReplay } from '../../src/engine/Replay.js';
import type { SimEvent } from '../../src/events/SimEvent.js';
import type { LogEntry } from '../../src/LogEntry.js';

const namespace: Namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } };
const configMap = (name: string): ConfigMap => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'shop' },
  data: {},
});

function entries(events: readonly SimEvent[]): LogEntry<SimEvent>[] {
  return events.map((event, seq) => ({ seq, at: seq, event }));
}

describe('the fold keeps a namespace table until the Namespace goes', () => {
  const log = entries([
    { type: 'object/created', object: namespace },
    { type: 'object/created', object: configMap('a') },
    { type: 'object/created', object: configMap('b') },
    { type: 'object/deleted', kind: 'ConfigMap', namespace: 'shop', name: 'a' },
    { type: 'object/deleted', kind: 'ConfigMap', namespace: 'shop', name: 'b' },
    { type: 'object/deleted', kind: 'Namespace', namespace: '', name: 'shop' },
  ]);
  const replay = createReplay(log, { snapshotEvery: 1, freeze: true });

  it('removes deleted objects one by one', () => {
    expect(Object.keys(replay.stateAt(3).ConfigMap['shop'] ?? {})).toEqual(['b']);
  });

  it('leaves an empty table while the namespace lives (readers treat it as none)', () => {
    expect(replay.stateAt(4).ConfigMap['shop']).toEqual({});
  });

  it('drops every table of the namespace with the Namespace', () => {
    const state = replay.stateAt(5);
    expect(state.Namespace['']?.['shop']).toBeUndefined();
    expect(state.ConfigMap['shop']).toBeUndefined();
  });
});
