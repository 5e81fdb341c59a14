import { describe, expect, it } from 'vitest';

// tools/vitestByteEquality.ts compares byte arrays with one memcmp; these keep it honest.
describe('byte-array equality in expect', () => {
  it('finds two byte arrays with the same bytes equal, and one differing in any byte or in length not', () => {
    const bytes = Uint8Array.from({ length: 4096 }, (_, i) => (i * 31) & 0xff);
    expect(bytes.slice()).toEqual(bytes);
    for (const at of [0, 2047, 4095]) {
      const changed = bytes.slice();
      changed[at] = (changed[at] as number) ^ 1;
      expect(changed).not.toEqual(bytes);
    }
    expect(bytes.subarray(0, 4095)).not.toEqual(bytes);
    expect(new Uint8Array(0)).toEqual(new Uint8Array(0));
  });

  it('still tells a Buffer from a plain Uint8Array where the generic rules do', () => {
    const plain = Uint8Array.of(1, 2, 3);
    expect(Buffer.from(plain)).not.toStrictEqual(plain);
    expect(Buffer.from([1, 2, 4])).not.toEqual(plain);
    expect(Buffer.from(plain)).toEqual(Buffer.from([1, 2, 3]));
  });
});
