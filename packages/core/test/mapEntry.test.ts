import { describe, expect, it } from 'vitest';

import { emptyMap, mapEntry } from '../src/mapEntry.js';

describe('mapEntry', () => {
  it('puts what make() gives under a missing key, once, and then returns that same value', () => {
    const map = new Map<string, string[]>();
    let made = 0;
    const make = (): string[] => {
      made++;
      return [];
    };
    const first = mapEntry(map, 'a', make);
    first.push('x');
    expect(mapEntry(map, 'a', make)).toBe(first);
    expect(map.get('a')).toEqual(['x']);
    expect(made).toBe(1);
    expect(mapEntry(map, 'b', make)).not.toBe(first);
    expect(made).toBe(2);
  });

  it('makes a fresh empty Map each time with emptyMap', () => {
    const outer = new Map<string, Map<string, number>>();
    mapEntry(outer, 'x', emptyMap<string, number>).set('one', 1);
    mapEntry(outer, 'y', emptyMap<string, number>).set('two', 2);
    expect([...(outer.get('x') ?? [])]).toEqual([['one', 1]]);
    expect([...(outer.get('y') ?? [])]).toEqual([['two', 2]]);
  });
});
