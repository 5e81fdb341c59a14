import { describe, expect, it } from 'vitest';

import {
  evaluateExpectation,
  loadScenario,
  runScenario,
  type ExpectSpec,
  type ExpectationResult,
  type ScenarioRun,
} from '../../src/index.js';
import { failed, fakeContext, served } from './fakeContext.js';
import { RELABEL_SCENARIO } from './relabelScenario.js';

const scenarioRun = runScenario(loadScenario(RELABEL_SCENARIO, 'reaches.yaml'));

function resultNamed(run: ScenarioRun, name: string): ExpectationResult {
  const result = run.expectations.find((candidate) => candidate.name === name);
  if (result === undefined) throw new Error(`no expectation named ${name}`);
  return result;
}

/** The successful requests of a traffic made in [from, to), and those of them `pod` answered. */
function servedBy(traffic: string, pod: string, from: number, to: number): { all: number; byPod: number } {
  const report = scenarioRun.traffic.find(({ spec }) => spec.name === traffic);
  const ok = (report?.outcomes ?? []).filter(
    (outcome) => outcome.ok && outcome.at >= from && outcome.at < to,
  );
  return { all: ok.length, byPod: ok.filter((o) => o.ok && o.peer.pod === pod).length };
}

describe('reaches expectations on a real run', () => {
  it('count the requests the selected pods answered, by their labels at the instant of the request', () => {
    const before = servedBy('clients', 'default/web-b', 2_000, 10_000);
    const after = servedBy('clients', 'default/web-b', 10_000, 20_000);
    // The run itself spread requests over both pods throughout; only the labels changed.
    expect(before.byPod).toBeGreaterThan(0);
    expect(before.byPod).toBeLessThan(before.all);
    expect(after.byPod).toBeGreaterThan(0);

    expect(resultNamed(scenarioRun, 'canary before')).toMatchObject({
      verdict: 'passed',
      measured: expect.stringContaining(
        `(${String(before.byPod)} of ${String(before.all)} successful requests in [2.000s, 10.000s) ` +
          `reached pods track=canary: default/web-b ${String(before.byPod)})`,
      ) as unknown,
    });
    expect(resultNamed(scenarioRun, 'canary after')).toMatchObject({
      verdict: 'passed',
      measured: `share 0 (0 of ${String(after.all)} successful requests in [10.000s, 20.000s) reached pods track=canary)`,
    });
    expect(resultNamed(scenarioRun, 'web-b after')).toMatchObject({
      verdict: 'passed',
      measured: expect.stringContaining(
        `(${String(after.byPod)} of ${String(after.all)} successful requests in [10.000s, 20.000s) reached pod default/web-b)`,
      ) as unknown,
    });
    expect(resultNamed(scenarioRun, 'every pod is app=web').verdict).toBe('passed');
  });

  it('fail when the target names no pod that ever existed, so a typo cannot pass as share 0', () => {
    const all = servedBy('clients', 'default/web-b', 2_000, 20_000).all;
    expect(resultNamed(scenarioRun, 'a typo')).toMatchObject({
      verdict: 'failed',
      measured:
        'no pods track=canry existed at any time in the run (up to 20.000s), so none of the ' +
        `${String(all)} successful requests of traffic clients in [2.000s, 20.000s) could reach it`,
      expected: 'share == 0',
    });
    expect(resultNamed(scenarioRun, 'a pod that never was')).toMatchObject({
      verdict: 'failed',
      measured: expect.stringContaining('no pod default/web-z existed at any time in the run') as unknown,
    });
  });

  it('fail when no request of the traffic succeeded in the window', () => {
    expect(resultNamed(scenarioRun, 'nothing served')).toMatchObject({
      verdict: 'failed',
      measured: 'no request of traffic lost made in [2.000s, 20.000s) succeeded',
    });
  });

  it('follow a keep-alive connection to the pod it is pinned to', () => {
    const pool = servedBy('pool', 'default/web-b', 2_000, 20_000);
    const share = pool.byPod === 0 ? '0' : '1';
    expect(resultNamed(scenarioRun, 'pool on web-b').measured).toBe(
      `share ${share} (${String(pool.byPod)} of ${String(pool.all)} successful requests in ` +
        '[2.000s, 20.000s) reached pod default/web-b)',
    );
  });
});

describe('reaches expectations', () => {
  it('count failures out, and peers without a pod in as requests that reached no selected pod', () => {
    const outcomes = [
      served(9_000, 'default/web-b'),
      served(10_000, 'default/web-b'),
      served(11_000, 'default/web-a'),
      failed(12_000),
      { at: 13_000, connectionId: 't#x', ok: true as const, peer: { ip: '192.168.0.11', port: 10250 } },
      served(20_000, 'default/web-b'),
    ];
    const spec: ExpectSpec = {
      name: 'web-b',
      kind: 'reaches',
      traffic: 't',
      between: [10_000, 20_000],
      target: { kind: 'pod', pod: { namespace: 'default', name: 'web-b' } },
      share: { operator: '>=', value: 0.3 },
    };
    expect(evaluateExpectation(spec, fakeContext(outcomes))).toEqual({
      name: 'web-b',
      kind: 'reaches',
      verdict: 'passed',
      measured: 'share 0.333 (1 of 3 successful requests in [10.000s, 20.000s) reached pod default/web-b)',
      expected: 'share >= 0.3',
    });
    const stricter = { ...spec, share: { operator: '>', value: 0.5 } } as const;
    expect(evaluateExpectation(stricter, fakeContext(outcomes)).verdict).toBe('failed');
  });
});
