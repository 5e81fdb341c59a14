import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { generatePodName } from '../../../src/apiserver/deployment/generatePodName.js';
import { createRandomStreams } from '../../../src/random/createRandomStreams.js';

describe('generatePodName', () => {
  it('appends five characters of the rand.String alphabet to the prefix', () => {
    const random = createRandomStreams(1).stream('names');
    for (let i = 0; i < 100; i++) {
      expect(generatePodName('web-7d9c5b6f4-', random)).toMatch(
        /^web-7d9c5b6f4-[bcdfghjklmnpqrstvwxz2456789]{5}$/,
      );
    }
  });

  it('draws the same names from the same seed', () => {
    fc.assert(
      fc.property(fc.nat(), (seed) => {
        const a = createRandomStreams(seed).stream('names');
        const b = createRandomStreams(seed).stream('names');
        for (let i = 0; i < 5; i++) expect(generatePodName('p-', a)).toBe(generatePodName('p-', b));
      }),
    );
  });

  it('cuts a long prefix to 58 characters so the name fits in 63', () => {
    const name = generatePodName('x'.repeat(80), createRandomStreams(2).stream('names'));
    expect(name).toHaveLength(63);
    expect(name.startsWith('x'.repeat(58))).toBe(true);
  });

  it('uses every character of the alphabet', () => {
    const random = createRandomStreams(3).stream('names');
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) for (const ch of generatePodName('', random)) seen.add(ch);
    expect(seen.size).toBe(27);
  });
});
