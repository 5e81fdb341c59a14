import { describe, expect, it } from 'vitest';

import { evaluateExpectation, type ExpectSpec } from '../../src/index.js';
import { failed, fakeContext, served } from './fakeContext.js';

const spec = (successRate: string): ExpectSpec => {
  const [operator, value] = successRate.split(' ');
  return {
    name: 'rate',
    kind: 'successRate',
    traffic: 't',
    between: [10_000, 20_000],
    successRate: { operator: operator as '>=', value: Number(value) },
  };
};

describe('successRate expectations', () => {
  // 1,250 requests from 10s to 20s, every 8 ms; one in 25 times out; some before and after the window.
  const outcomes = [
    failed(9_000),
    ...Array.from({ length: 1250 }, (_, k) =>
      k % 25 === 0 ? failed(10_000 + 8 * k) : served(10_000 + 8 * k),
    ),
    failed(20_000),
  ];

  it('measures the share of requests made in [from, to) that succeeded, and says how the others failed', () => {
    const result = evaluateExpectation(spec('>= 0.999'), fakeContext(outcomes));
    expect(result).toEqual({
      name: 'rate',
      kind: 'successRate',
      verdict: 'failed',
      measured: 'successRate 0.960 (1,200 of 1,250 requests in [10.000s, 20.000s); failed: 50 timedOut)',
      expected: 'successRate >= 0.999',
    });
    expect(evaluateExpectation(spec('>= 0.96'), fakeContext(outcomes)).verdict).toBe('passed');
    expect(evaluateExpectation(spec('< 0.96'), fakeContext(outcomes)).verdict).toBe('failed');
  });

  it('shows enough digits that a rate just short of 1 never reads as 1', () => {
    const nearlyAll = [...Array.from({ length: 9999 }, (_, k) => served(10_000 + k)), failed(19_999)];
    expect(evaluateExpectation(spec('== 1'), fakeContext(nearlyAll)).measured).toMatch(
      /^successRate 0\.9999 \(9,999 of 10,000 requests/,
    );
  });

  it('fails a window in which no request was made, saying so', () => {
    const result = evaluateExpectation(spec('>= 0'), fakeContext([served(5_000)]));
    expect(result.verdict).toBe('failed');
    expect(result.measured).toBe('no requests of traffic t were made in [10.000s, 20.000s)');
  });

  it('is skipped, not passed, when the run stopped before the window ended', () => {
    const result = evaluateExpectation(spec('>= 0'), fakeContext(outcomes, { endMs: 15_000 }));
    expect(result.verdict).toBe('skipped');
    expect(result.measured).toBe(
      'not measured: it needs the run up to 20.000s, and the run stopped at 15.000s',
    );
  });
});
