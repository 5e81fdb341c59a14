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
  });
});
