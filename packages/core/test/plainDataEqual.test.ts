import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { canonicalDigest } from '../src/canonicalDigest.js';
import { plainDataEqual, plainDataEqualExcept } from '../src/plainDataEqual.js';

describe('plainDataEqual', () => {
  it('agrees with canonical digests on random plain data', () => {
    const value = fc.jsonValue({ maxDepth: 3 });
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(plainDataEqual(a, b)).toBe(canonicalDigest(a) === canonicalDigest(b));
        expect(plainDataEqual(a, structuredClone(a))).toBe(true);
      }),
    );
  });

  it('ignores key order but not extra keys', () => {
    expect(plainDataEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(plainDataEqual({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(plainDataEqual([1, 2], { 0: 1, 1: 2 })).toBe(false);
  });

  it('leaves out the named top-level keys', () => {
    expect(plainDataEqualExcept({ spec: 1, status: 2 }, { spec: 1, status: 3 }, ['status'])).toBe(true);
    expect(plainDataEqualExcept({ spec: 1 }, { spec: 2 }, ['status'])).toBe(false);
    // A key on one side only differs, whichever side has it, unless it is left out.
    expect(plainDataEqualExcept({ spec: 1, extra: null }, { spec: 1 }, ['status'])).toBe(false);
    expect(plainDataEqualExcept({ spec: 1 }, { spec: 1, extra: null }, ['status'])).toBe(false);
    expect(plainDataEqualExcept({ spec: 1 }, { spec: 1, status: 0 }, ['status'])).toBe(true);
  });

  it('is plainDataEqual of the objects without the left-out keys, on random plain data', () => {
    const record = fc.dictionary(
      fc.constantFrom('spec', 'status', 'metadata', 'kind', 'data'),
      fc.jsonValue({ maxDepth: 2 }),
    );
    const except = fc.subarray(['status', 'metadata']);
    const without = (object: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> =>
      Object.fromEntries(Object.entries(object).filter(([key]) => !keys.includes(key)));
    fc.assert(
      fc.property(record, record, except, (a, b, keys) => {
        expect(plainDataEqualExcept(a, b, keys)).toBe(plainDataEqual(without(a, keys), without(b, keys)));
        expect(plainDataEqualExcept(a, { ...a }, keys)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
