import { describe, expect, it } from 'vitest';

import { evaluateExpectation, type ExpectSpec } from '../../src/index.js';
import { failed, fakeContext, served } from './fakeContext.js';

const spec = (affinity: 'held' | 'broken'): ExpectSpec => ({
  name: 'sticky',
  kind: 'affinity',
  traffic: 't',
  between: [10_000, 20_000],
  affinity,
});

describe('affinity expectations', () => {
  it('hold when every successful request in the window reached one pod; failures do not count', () => {
    const outcomes = [
      served(9_000, 'default/web-b'),
      served(10_000),
      failed(12_000),
      served(15_000),
      served(20_000, 'default/web-c'),
    ];
    const result = evaluateExpectation(spec('held'), fakeContext(outcomes));
    expect(result).toMatchObject({
      verdict: 'passed',
      measured: '2 successful requests in [10.000s, 20.000s) reached 1 pod (default/web-a 2)',
    });
    expect(evaluateExpectation(spec('broken'), fakeContext(outcomes)).verdict).toBe('failed');
  });

  it('are broken when requests reached several pods, listed busiest first', () => {
    const pods = ['default/web-a', 'default/web-b', 'default/web-b', 'default/web-c', 'default/web-d'];
    const outcomes = [
      ...pods.map((pod, k) => served(10_000 + k, pod)),
      served(11_000, 'default/web-e'),
      // A peer without a pod (a host network endpoint) is told apart by its address.
      { at: 12_000, connectionId: 't#x', ok: true as const, peer: { ip: '192.168.0.11', port: 10250 } },
    ];
    const result = evaluateExpectation(spec('held'), fakeContext(outcomes));
    expect(result).toEqual({
      name: 'sticky',
      kind: 'affinity',
      verdict: 'failed',
      measured:
        '7 successful requests in [10.000s, 20.000s) reached 6 pods ' +
        '(default/web-b 2, 192.168.0.11:10250 1, default/web-a 1, default/web-c 1, 2 more)',
      expected: 'affinity held (every successful request on one pod)',
    });
    expect(evaluateExpectation(spec('broken'), fakeContext(outcomes)).verdict).toBe('passed');
  });

  it('fail when no request in the window succeeded', () => {
    const result = evaluateExpectation(spec('held'), fakeContext([failed(10_000)]));
    expect(result.verdict).toBe('failed');
    expect(result.measured).toBe('no request of traffic t made in [10.000s, 20.000s) succeeded');
  });
});
