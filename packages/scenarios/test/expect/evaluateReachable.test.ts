import { describe, expect, it } from 'vitest';

import { evaluateExpectation, type ExpectSpec } from '../../src/index.js';
import { failed, fakeContext, served } from './fakeContext.js';

const spec = (reachable: boolean, at = 30_000): ExpectSpec => ({
  name: 'reach',
  kind: 'reachable',
  traffic: 't',
  at,
  reachable,
});

describe('reachable expectations', () => {
  it('hold for true when every request made in [at, at + 1s) succeeded, whatever happened around it', () => {
    const outcomes = [failed(29_999), served(30_000), served(30_500), served(30_999), failed(31_000)];
    const result = evaluateExpectation(spec(true), fakeContext(outcomes));
    expect(result.verdict).toBe('passed');
    expect(result.measured).toBe('3 of 3 requests in [30.000s, 31.000s) succeeded');
    expect(evaluateExpectation(spec(false), fakeContext(outcomes)).verdict).toBe('failed');
  });

  it('hold for false when every request failed, and fail either way on a mix', () => {
    const cut = [failed(30_000, 'refused'), failed(30_400, 'refused'), failed(30_800)];
    expect(evaluateExpectation(spec(false), fakeContext(cut)).verdict).toBe('passed');
    const mixed = [served(30_000), failed(30_500, 'refused')];
    const result = evaluateExpectation(spec(true), fakeContext(mixed));
    expect(result).toMatchObject({
      verdict: 'failed',
      measured: '1 of 2 requests in [30.000s, 31.000s) succeeded (failed: 1 refused)',
      expected: 'every request to succeed (reachable: true)',
    });
    expect(evaluateExpectation(spec(false), fakeContext(mixed)).verdict).toBe('failed');
  });

  it('fail when no request was made in that second', () => {
    const result = evaluateExpectation(spec(true), fakeContext([served(29_000), served(31_000)]));
    expect(result.verdict).toBe('failed');
    expect(result.measured).toBe('no requests of traffic t were made in [30.000s, 31.000s)');
  });

  it('look at the last second only up to the end of the scenario, and are skipped beyond a shortened run', () => {
    const atEnd = evaluateExpectation(spec(true, 59_500), fakeContext([served(59_600)]));
    expect(atEnd.measured).toBe('1 of 1 request in [59.500s, 60.000s) succeeded');
    expect(evaluateExpectation(spec(true), fakeContext([], { endMs: 30_500 })).verdict).toBe('skipped');
  });
});
