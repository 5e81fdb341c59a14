import { describe, expect, it } from 'vitest';

import { formatAge } from '../../src/views/formatAge.js';

describe('formatAge', () => {
  it.each([
    [0, '0s'],
    [-500, '0s'],
    [-5_000, '<invalid>'],
    [45_000, '45s'],
    [119_999, '119s'],
    [120_000, '2m'],
    [330_000, '5m30s'],
    [900_000, '15m'],
    [3 * 3_600_000, '3h'],
    [3 * 3_600_000 + 600_000, '3h10m'],
    [30 * 3_600_000, '30h'],
    [53 * 3_600_000, '2d5h'],
    [10 * 86_400_000, '10d'],
    [(3 * 365 + 2) * 86_400_000, '3y2d'],
    [9 * 365 * 86_400_000, '9y'],
  ])('prints %i ms as %s', (ms, text) => {
    expect(formatAge(ms)).toBe(text);
  });
});
