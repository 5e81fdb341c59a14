import { describe, expect, it } from 'vitest';

import { parseDuration } from '../src/parseDuration.js';

describe('parseDuration', () => {
  it.each([
    ['250ms', 250],
    ['1s', 1000],
    ['1.5s', 1500],
    ['2m', 120_000],
    ['1m30s', 90_000],
    ['1h', 3_600_000],
    ['0s', 0],
  ])('reads %s as %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '30', 's', '1x', '-1s', '1s ', '0.5ms', '1.2.3s'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});
