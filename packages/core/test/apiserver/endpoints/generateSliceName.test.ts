import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  GENERATED_NAME_ALPHABET,
  generateSliceName,
} from '../../../src/apiserver/endpoints/generateSliceName.js';
import { createRandomStreams } from '../../../src/random/createRandomStreams.js';

describe('generateSliceName', () => {
  it('appends five characters of the apimachinery alphabet to "<service>-"', () => {
    fc.assert(
      fc.property(fc.nat(), (seed) => {
        const name = generateSliceName('web', createRandomStreams(seed).stream('names'));
        expect(name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      }),
    );
    expect(GENERATED_NAME_ALPHABET).toBe('bcdfghjklmnpqrstvwxz2456789');
  });

  it('draws the same names from the same seed', () => {
    const draw = (): string[] => {
      const stream = createRandomStreams(3).stream('names');
      return [generateSliceName('web', stream), generateSliceName('web', stream)];
    };
    expect(draw()).toEqual(draw());
    expect(draw()[0]).not.toBe(draw()[1]);
  });

  it('cuts a long prefix to 58 characters so the name stays within 63', () => {
    const name = generateSliceName('a'.repeat(63), createRandomStreams(1).stream('names'));
    expect(name).toHaveLength(63);
    expect(name.slice(0, 58)).toBe('a'.repeat(58));
  });
});
