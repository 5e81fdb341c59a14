import { expect } from 'vitest';

/**
 * Encoded logs are compared byte for byte all over the suite (`expect(encode(log)).toEqual(bytes)`).
 * Vitest's generic deep equality walks a byte array one indexed element at a time, which made a single
 * determinism property spend half its time comparing. Two byte arrays of the same class are equal
 * exactly when their bytes are, so this tester answers that with one memcmp; anything else (other
 * values, or a Buffer against a plain Uint8Array) is left to the generic rules.
 */
function bytesEqual(a: unknown, b: unknown): boolean | undefined {
  if (!(a instanceof Uint8Array) || !(b instanceof Uint8Array) || a.constructor !== b.constructor)
    return undefined;
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

expect.addEqualityTesters([bytesEqual]);
