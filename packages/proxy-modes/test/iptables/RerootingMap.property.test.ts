import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { RerootingMap } from '../../src/iptables/RerootingMap.js';

type Step =
  | {
      readonly kind: 'derive';
      readonly from: number;
      readonly changes: readonly (readonly [string, number | undefined])[];
    }
  | { readonly kind: 'read'; readonly version: number };

const keyArb = fc.constantFrom('a', 'b', 'c', 'd', 'e');
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('derive' as const),
    from: fc.nat(),
    changes: fc.array(fc.tuple(keyArb, fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined })), {
      maxLength: 4,
    }),
  }),
  fc.record({ kind: fc.constant('read' as const), version: fc.nat() }),
);

describe('RerootingMap', () => {
  it('reads every version as a copied Map would, however versions are derived and revisited', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 60, size: 'max' }), (steps) => {
        const versions = [RerootingMap.of<string, number>([['a', 1]])];
        const models = [new Map<string, number>([['a', 1]])];
        const check = (i: number): void => {
          const version = versions[i];
          const model = models[i];
          if (version === undefined || model === undefined) return;
          expect(new Map(version)).toEqual(model);
          expect(version.size).toBe(model.size);
          for (const key of ['a', 'b', 'c', 'd', 'e']) {
            expect(version.get(key)).toBe(model.get(key));
            expect(version.has(key)).toBe(model.has(key));
          }
        };
        for (const step of steps) {
          if (step.kind === 'read') {
            check(step.version % versions.length);
            continue;
          }
          const from = step.from % versions.length;
          const model = new Map(models[from]);
          for (const [key, value] of step.changes) {
            if (value === undefined) model.delete(key);
            else model.set(key, value);
          }
          versions.push((versions[from] as RerootingMap<string, number>).with(step.changes));
          models.push(model);
        }
        for (let i = versions.length - 1; i >= 0; i--) check(i);
      }),
    );
  });
});
