import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { ConfigMap } from '../../src/api/ConfigData.js';
import { KIND_NAMESPACED, type KubeKind, type KubeObject } from '../../src/api/KubeObject.js';
import { changesClusterState } from '../../src/cluster/changesClusterState.js';
import { applyClusterEvent } from '../../src/cluster/applyClusterEvent.js';
import { createEmptyClusterState, getObject, type ClusterState } from '../../src/cluster/ClusterState.js';
import { ClusterStateWriter } from '../../src/cluster/ClusterStateWriter.js';
import { createReplay } from '../../src/engine/Replay.js';
import { EVENT_ORIGIN, type SimEvent, type SimEventType } from '../../src/events/SimEvent.js';
import type { LogEntry } from '../../src/LogEntry.js';

const configMap = (namespace: string, name: string, version: number): ConfigMap => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace },
  data: { version: String(version) },
});

type Op =
  | { readonly op: 'set'; readonly namespace: string; readonly name: string; readonly version: number }
  | { readonly op: 'delete'; readonly namespace: string; readonly name: string }
  | { readonly op: 'drop'; readonly namespace: string }
  | { readonly op: 'commit' };

const namespaceArb = fc.constantFrom('a', 'b', 'c');
const nameArb = fc.constantFrom('x', 'y', 'z', 'constructor', '__defineGetter__');
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('set' as const),
      namespace: namespaceArb,
      name: nameArb,
      version: fc.nat(9),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant('delete' as const), namespace: namespaceArb, name: nameArb }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('drop' as const), namespace: namespaceArb }) },
  { weight: 2, arbitrary: fc.constant({ op: 'commit' as const }) },
);

/** The model: a deep copy of the state changed in place. */
function modelApply(model: Record<string, Record<string, KubeObject>>, op: Op): void {
  if (op.op === 'set') (model[op.namespace] ??= {})[op.name] = configMap(op.namespace, op.name, op.version);
  else if (op.op === 'delete') delete model[op.namespace]?.[op.name];
  else if (op.op === 'drop') delete model[op.namespace];
}

describe('ClusterStateWriter', () => {
  it('changes the state as in-place edits of a copy would, never touching the states it started from', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const model: Record<string, Record<string, KubeObject>> = {};
        // Every state handed out is kept with a deep copy of what it held then.
        const history: { state: ClusterState; copy: ClusterState }[] = [];
        let state = createEmptyClusterState();
        let writer = new ClusterStateWriter(state);
        for (const op of ops) {
          if (op.op === 'commit') {
            state = writer.finish(false);
            history.push({ state, copy: structuredClone(state) });
            writer = new ClusterStateWriter(state);
            continue;
          }
          modelApply(model, op);
          if (op.op === 'set')
            writer.set('ConfigMap', op.namespace, op.name, configMap(op.namespace, op.name, op.version));
          else if (op.op === 'delete') {
            if (writer.has('ConfigMap', op.namespace, op.name))
              writer.delete('ConfigMap', op.namespace, op.name);
          } else writer.dropTable('ConfigMap', op.namespace);
          for (const namespace of ['a', 'b', 'c']) {
            for (const name of ['x', 'y', 'z', 'constructor', '__defineGetter__']) {
              const table = model[namespace];
              expect(writer.has('ConfigMap', namespace, name)).toBe(
                table !== undefined && Object.hasOwn(table, name),
              );
            }
          }
        }
        state = writer.finish(false);
        expect(state.ConfigMap).toEqual(model);
        for (const { state: old, copy } of history) expect(old).toEqual(copy);
      }),
      { numRuns: 300 },
    );
  });

  it('returns the state it started from when nothing changed', () => {
    const state = createEmptyClusterState();
    const writer = new ClusterStateWriter(state);
    expect(writer.has('Pod', 'default', 'web')).toBe(false);
    expect(writer.finish(true)).toBe(state);
  });

  it('freezes what it made and what it put when asked, so mutating a folded state throws', () => {
    const writer = new ClusterStateWriter(createEmptyClusterState());
    writer.set('ConfigMap', 'a', 'x', configMap('a', 'x', 1));
    const state = writer.finish(true);
    expect(Object.isFrozen(state)).toBe(true);
    expect(Object.isFrozen(state.ConfigMap)).toBe(true);
    expect(Object.isFrozen(state.ConfigMap['a'])).toBe(true);
    expect(Object.isFrozen((state.ConfigMap['a']?.['x'] as ConfigMap).data)).toBe(true);
  });
});

describe('changesClusterState', () => {
  const allTypes = Object.keys(EVENT_ORIGIN) as SimEventType[];

  it('marks exactly the object events', () => {
    expect(allTypes.filter(changesClusterState).sort()).toEqual([
      'object/created',
      'object/deleted',
      'object/updated',
    ]);
  });

  it('is false only for types that applyClusterEvent leaves the state alone for', () => {
    const base = createEmptyClusterState();
    for (const type of allTypes.filter((t) => !changesClusterState(t))) {
      const writer = new ClusterStateWriter(base);
      // The fold must not look at such an event at all, so a bare { type } is enough to show it.
      applyClusterEvent(writer, { seq: 0, at: 0, event: { type } as SimEvent });
      expect(writer.finish(false)).toBe(base);
    }
    for (const kind of Object.keys(KIND_NAMESPACED) as KubeKind[]) {
      expect(base[kind]).toEqual({});
    }
  });
});

describe('objects named like Object.prototype members', () => {
  const names = ['constructor', 'toString', 'hasOwnProperty', 'valueof'];

  it('are created, updated, found and deleted by the fold like any other', () => {
    const log: LogEntry<SimEvent>[] = [];
    const add = (event: SimEvent): void => {
      log.push({ seq: log.length, at: log.length, event });
    };
    for (const name of names) add({ type: 'object/created', object: configMap('a', name, 1) });
    for (const name of names) add({ type: 'object/updated', object: configMap('a', name, 2) });
    const created = log.length - 1;
    for (const name of names) add({ type: 'object/deleted', kind: 'ConfigMap', namespace: 'a', name });
    const replay = createReplay(log, { freeze: true });
    for (const name of names) {
      expect(getObject(replay.stateAt(created), 'ConfigMap', 'a', name)?.data).toEqual({ version: '2' });
      expect(getObject(replay.finalState, 'ConfigMap', 'a', name)).toBeUndefined();
    }
  });

  it('are not found where they do not exist', () => {
    const state = createEmptyClusterState();
    for (const name of names) expect(getObject(state, 'Pod', '', name)).toBeUndefined();
    const writer = new ClusterStateWriter(state);
    writer.set('Pod', 'default', 'web', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web' },
      spec: { containers: [] },
    });
    const withTable = writer.finish(false);
    for (const name of names) expect(getObject(withTable, 'Pod', 'default', name)).toBeUndefined();
  });
});
