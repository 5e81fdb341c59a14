import { describe, expect, it } from 'vitest';

import { formatProbability } from '../../src/iptables/formatProbability.js';

describe('formatProbability (reference table 1.7)', () => {
  it.each([
    [2, '0.5000000000'],
    [3, '0.3333333333'],
    [4, '0.2500000000'],
    [5, '0.2000000000'],
    [6, '0.1666666667'],
    [7, '0.1428571429'],
    [8, '0.1250000000'],
    [9, '0.1111111111'],
    [10, '0.1000000000'],
    [1, '1.0000000000'],
  ])('writes 1/%i as %s', (n, text) => {
    expect(formatProbability(n)).toBe(text);
  });

  it('rounds exact ties half-to-even like Go: 1/2048 = 0.00048828125', () => {
    expect(formatProbability(2048)).toBe('0.0004882812');
    expect(formatProbability(1024)).toBe('0.0009765625');
  });

  it('writes the slot-0 placeholder for a non-positive count', () => {
    expect(formatProbability(0)).toBe('<bad value>');
  });
});
