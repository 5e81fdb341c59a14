import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { createSnapshotMap } from '../../../src/controllers/kubeProxy/createSnapshotMap.js';

type Op =
  { kind: 'set'; key: string; value: number } | { kind: 'delete'; key: string } | { kind: 'snapshot' };

const keyArb = fc.constantFrom(
  ...Array.from({ length: 40 }, (_, i) => `default/svc-${i}`),
  'a',
  '',
  'constructor',
);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), key: keyArb, value: fc.integer() }),
  fc.record({ kind: fc.constant('delete' as const), key: keyArb }),
  fc.record({ kind: fc.constant('snapshot' as const) }),
);

function sorted<V>(map: ReadonlyMap<string, V>): [string, V][] {
  return [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

describe('createSnapshotMap', () => {
  it('keeps every snapshot exactly as the map was when it was taken, whatever is written later', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 200 }), (ops) => {
        const map = createSnapshotMap<number>();
        const model = new Map<string, number>();
        const taken: { snapshot: ReadonlyMap<string, number>; expected: [string, number][] }[] = [];
        for (const op of ops) {
          if (op.kind === 'set') {
            map.set(op.key, op.value);
            model.set(op.key, op.value);
          } else if (op.kind === 'delete') {
            map.delete(op.key);
            model.delete(op.key);
          } else {
            taken.push({ snapshot: map.snapshot(), expected: sorted(model) });
          }
          for (const key of ['a', 'default/svc-3']) expect(map.get(key)).toBe(model.get(key));
        }
        taken.push({ snapshot: map.snapshot(), expected: sorted(model) });
        for (const { snapshot, expected } of taken) {
          expect(sorted(snapshot)).toEqual(expected);
          expect(snapshot.size).toBe(expected.length);
          expect([...snapshot.keys()].length).toBe(expected.length);
          expect([...snapshot.values()].length).toBe(expected.length);
          for (const [key, value] of expected) {
            expect(snapshot.get(key)).toBe(value);
            expect(snapshot.has(key)).toBe(true);
          }
          expect(snapshot.has('not-there')).toBe(false);
          const visited: string[] = [];
          snapshot.forEach((_, key) => visited.push(key));
          expect(visited).toEqual([...snapshot.keys()]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same snapshot object until something is written', () => {
    const map = createSnapshotMap<number>();
    map.set('x', 1);
    const first = map.snapshot();
    expect(map.snapshot()).toBe(first);
    map.delete('missing');
    expect(map.snapshot()).toBe(first);
    map.set('y', 2);
    expect(map.snapshot()).not.toBe(first);
  });
});
