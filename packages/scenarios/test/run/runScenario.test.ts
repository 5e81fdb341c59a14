import { describe, expect, it } from 'vitest';

import { canonicalDigest, encodeSimLog, type SimTime } from '@svcsim/core';

import { ScenarioOptionError, loadScenario, runScenario, type ScenarioRun } from '../../src/index.js';
import { AFFINITY_SCENARIO } from './affinityScenario.js';

const scenario = loadScenario(AFFINITY_SCENARIO, 'affinity.yaml');
const full = runScenario(scenario);

const verdicts = (result: ScenarioRun) =>
  Object.fromEntries(result.expectations.map((e) => [e.name, e.verdict]));
const trafficNamed = (result: ScenarioRun, name: string) => {
  const report = result.traffic.find((t) => t.spec.name === name);
  if (report === undefined) throw new Error(`no traffic ${name}`);
  return report;
};

describe('runScenario', () => {
  it('judges every kind of expectation against the run, in file order', () => {
    expect(verdicts(full)).toEqual({
      'sticky stays on one pod': 'passed',
      'spread moves between pods': 'passed',
      'spread always answers': 'passed',
      'three endpoints': 'passed',
      'sticky is gone once deleted': 'passed',
      // Deleting the Service makes its name stop resolving for every later new connection.
      'sticky never fails': 'failed',
    });
  });

  it("counts each traffic's requests as its rate makes them, and their outcomes", () => {
    // 5/s from 2s to the end at 20s; the requests from 15s on cannot resolve the deleted name.
    const sticky = trafficNamed(full, 'sticky');
    expect(sticky.total.requests).toBe(90);
    expect(sticky.total.failed.unresolved).toBe(25);
    expect(sticky.total.succeeded).toBe(65);
    expect(trafficNamed(full, 'spread').total.succeeded).toBe(90);
    // The keep-alive connection was established before the delete, and conntrack keeps it going.
    const pool = trafficNamed(full, 'pool');
    expect(pool.total).toMatchObject({ requests: 36, succeeded: 36 });
    expect(new Set(pool.outcomes.map((o) => (o.ok ? o.peer.pod : o.failure))).size).toBe(1);
  });

  it('counts outcomes per window from the start of the traffic to its end', () => {
    const windows = trafficNamed(full, 'sticky').windows;
    expect(windows.map((w) => [w.startMs, w.endMs, w.requests])).toEqual([
      [2000, 5000, 15],
      [5000, 10_000, 25],
      [10_000, 15_000, 25],
      [15_000, 20_000, 25],
    ]);
    expect(windows.map((w) => w.failed.unresolved)).toEqual([0, 0, 0, 25]);
    const perSecond = runScenario(scenario, { windowMs: 1000 });
    expect(trafficNamed(perSecond, 'sticky').windows).toHaveLength(18);
  });

  it('gives the same log for the same seed, and another for another seed', () => {
    const digest = (result: ScenarioRun) => canonicalDigest(result.run.log.entries);
    expect(digest(runScenario(scenario))).toBe(digest(full));
    const reseeded = runScenario(scenario, { seed: 4 });
    expect(reseeded.seed).toBe(4);
    expect(reseeded.run.log.header.seed).toBe(4);
    expect(digest(reseeded)).not.toBe(digest(full));
  });

  it('reports progress in steps of about 1 % of virtual time without changing what the run produces', () => {
    const calls: [SimTime, SimTime][] = [];
    const watched = runScenario(scenario, { onProgress: (now, duration) => calls.push([now, duration]) });
    expect(Buffer.compare(encodeSimLog(watched.run.log), encodeSimLog(full.run.log))).toBe(0);
    expect(calls.length).toBeGreaterThan(50);
    expect(calls.length).toBeLessThanOrEqual(101);
    expect(calls.every(([, duration]) => duration === 20_000)).toBe(true);
    expect(calls.every(([now], i) => i === 0 || now > (calls[i - 1]?.[0] ?? 0))).toBe(true);
    expect(calls.at(-1)).toEqual([20_000, 20_000]);
  });

  it('stops early with untilMs: the same events up to then, and expectations beyond it skipped', () => {
    const short = runScenario(scenario, { untilMs: 12_000 });
    expect(short.config.durationMs).toBe(12_000);
    const before = full.run.log.entries.filter((entry) => entry.at <= 12_000);
    expect(canonicalDigest(short.run.log.entries)).toBe(canonicalDigest(before));
    expect(verdicts(short)).toEqual({
      'sticky stays on one pod': 'skipped',
      'spread moves between pods': 'skipped',
      'spread always answers': 'skipped',
      'three endpoints': 'passed',
      'sticky is gone once deleted': 'skipped',
      'sticky never fails': 'skipped',
    });
    expect(trafficNamed(short, 'sticky').windows.at(-1)).toMatchObject({ startMs: 10_000, endMs: 12_000 });
  });

  it('runs under the mode it is told, and refuses modes it does not know, listing the known ones', () => {
    expect(runScenario(scenario, { mode: 'iptables', untilMs: 1000 }).config.proxy?.mode).toBe('iptables');
    expect(() => runScenario(scenario, { mode: 'ipvs' })).toThrow(
      new ScenarioOptionError('mode', 'unknown kube-proxy mode "ipvs"; known modes: iptables'),
    );
    const noProxy = loadScenario(AFFINITY_SCENARIO.replace('  proxy: {mode: iptables}\n', ''), 'np.yaml');
    expect(() => runScenario(noProxy, { mode: 'iptables' })).toThrow(/no spec\.proxy/);
  });

  it('refuses an end after the scenario, a bad seed and an empty window before running', () => {
    for (const [options, option] of [
      [{ untilMs: 20_001 }, 'untilMs'],
      [{ seed: -1 }, 'seed'],
      [{ windowMs: 0 }, 'windowMs'],
    ] as const) {
      let thrown: unknown;
      try {
        runScenario(scenario, options);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ScenarioOptionError);
      expect((thrown as ScenarioOptionError).option).toBe(option);
    }
  });
});
