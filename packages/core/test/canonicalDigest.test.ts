import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { canonicalDigest } from '../src/canonicalDigest.js';

/** Rebuilds every object of a value with its keys inserted in reverse order. */
function reverseKeyOrder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeyOrder);
  if (value !== null && typeof value === 'object') {
    // Built from entries, not by assignment: a generated key named "__proto__" must stay an own key.
    const entries = Object.keys(value)
      .reverse()
      .map((key) => [key, reverseKeyOrder((value as Record<string, unknown>)[key])] as const);
    return Object.fromEntries(entries);
  }
  return value;
}

/** JSON text with every object's keys sorted: equal exactly when two values are equal as plain data. */
function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

const plainData = fc.jsonValue({ maxDepth: 4 });

describe('canonicalDigest', () => {
  it('does not depend on object key insertion order', () => {
    fc.assert(
      fc.property(plainData, (value) => {
        expect(canonicalDigest(reverseKeyOrder(value))).toBe(canonicalDigest(value));
      }),
    );
  });

  it('treats a key named __proto__ as an ordinary key', () => {
    const withProtoKey = JSON.parse('{"__proto__": false, "a": 1}') as unknown;
    expect(canonicalDigest(reverseKeyOrder(withProtoKey))).toBe(canonicalDigest(withProtoKey));
    expect(canonicalDigest(withProtoKey)).not.toBe(canonicalDigest({ a: 1 }));
  });

  it('distinguishes values that differ', () => {
    fc.assert(
      fc.property(plainData, plainData, (a, b) => {
        fc.pre(sortedJson(a) !== sortedJson(b));
        expect(canonicalDigest(a)).not.toBe(canonicalDigest(b));
      }),
    );
  });

  it('keeps containers and strings unambiguous', () => {
    expect(canonicalDigest(['ab', 'c'])).not.toBe(canonicalDigest(['a', 'bc']));
    expect(canonicalDigest([1, [2]])).not.toBe(canonicalDigest([[1], 2]));
    expect(canonicalDigest({ a: '1' })).not.toBe(canonicalDigest({ a: 1 }));
  });

  it('digests Maps and Sets by content, not insertion order', () => {
    expect(
      canonicalDigest(
        new Map([
          ['a', 1],
          ['b', 2],
        ]),
      ),
    ).toBe(
      canonicalDigest(
        new Map([
          ['b', 2],
          ['a', 1],
        ]),
      ),
    );
    expect(canonicalDigest(new Set([3, 1]))).toBe(canonicalDigest(new Set([1, 3])));
  });

  it('refuses what is not plain data, naming where it is', () => {
    expect(() => canonicalDigest({ pods: { web: { at: undefined } } })).toThrow('$.pods.web.at is undefined');
    expect(() => canonicalDigest({ f: () => 1 })).toThrow(/\$\.f is function/);
    expect(() => canonicalDigest({ n: Number.NaN })).toThrow(/\$\.n is NaN/);
    class Pod {
      readonly name = 'web-0';
    }
    expect(() => canonicalDigest([new Pod()])).toThrow(/\$\[0\] is a Pod/);
  });

  it('names the path of a value deep in nested containers, after siblings already written', () => {
    expect(() => canonicalDigest({ a: [1, [2]], b: { c: [{ d: 1 }, { e: Number.NaN }] } })).toThrow(
      '$.b.c[1].e is NaN',
    );
    expect(() => canonicalDigest({ a: [[1], { x: [2] }], b: Number.POSITIVE_INFINITY })).toThrow(
      '$.b is Infinity',
    );
    expect(() => canonicalDigest([new Map([['k', [{ x: 1 }, { y: undefined }]]])])).toThrow(
      '$[0].get(k)[1].y is undefined',
    );
  });
});
