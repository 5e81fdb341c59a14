import { describe, expect, it } from 'vitest';

import { rememberPerObject } from '../src/rememberPerObject.js';

describe('rememberPerObject', () => {
  it('computes once per object and answers again from memory', () => {
    let calls = 0;
    const size = rememberPerObject((list: readonly number[]) => {
      calls++;
      return list.length;
    });
    const a = [1, 2, 3];
    expect(size(a)).toBe(3);
    expect(size(a)).toBe(3);
    expect(calls).toBe(1);
  });

  it('tells equal but distinct objects apart', () => {
    let calls = 0;
    const first = rememberPerObject((list: readonly number[]) => {
      calls++;
      return list[0];
    });
    expect(first([7])).toBe(7);
    expect(first([8])).toBe(8);
    expect(calls).toBe(2);
  });

  it('remembers an undefined answer too', () => {
    let calls = 0;
    const nothing = rememberPerObject((_: object): undefined => {
      calls++;
      return undefined;
    });
    const key = {};
    expect(nothing(key)).toBeUndefined();
    expect(nothing(key)).toBeUndefined();
    expect(calls).toBe(1);
  });
});
