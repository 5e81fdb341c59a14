import { describe, expect, it } from 'vitest';

import {
  evaluateExpectation,
  loadScenario,
  runScenario,
  type ExpectSpec,
  type ExpectationResult,
  type RequestOutcome,
} from '../../src/index.js';
import { failed, fakeContext, served } from './fakeContext.js';

/**
 * kubernetes#103000 in small: `sticky` has ClientIP affinity on two ports, so each port keeps the
 * client on one pod, drawn independently; `spread` has none. `lost` never resolves.
 */
function scenario(seed: number): string {
  return `apiVersion: svcsim.dev/v1alpha1
kind: Scenario
metadata: {name: same-pod}
spec:
  seed: ${String(seed)}
  duration: 10s
  cluster: {nodes: 2}
  proxy: {mode: iptables}
  traffic:
    - {name: a, from: pod/default/client, to: "sticky:80", rate: 5/s, start: 1s}
    - {name: b, from: pod/default/client, to: "sticky:81", rate: 5/s, start: 1s}
    - {name: spread, from: pod/default/client, to: "spread:80", rate: 10/s, start: 1s}
    - {name: lost, from: pod/default/client, to: "nowhere:80", rate: 1/s, start: 1s}
  expect:
    - {name: same, traffics: [a, b], between: [1s, 10s], samePod: true}
    - {name: different, traffics: [a, b], between: [1s, 10s], samePod: false}
    - {name: spread has no pod, traffics: [a, spread], between: [1s, 10s], samePod: false}
    - {name: lost has no pod, traffics: [lost, spread], between: [1s, 10s], samePod: true}
---
apiVersion: v1
kind: Service
metadata: {name: sticky, namespace: default}
spec:
  selector: {app: web}
  sessionAffinity: ClientIP
  ports: [{name: one, port: 80, targetPort: 8080}, {name: two, port: 81, targetPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: spread, namespace: default}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: example/web:1, ports: [{containerPort: 8080}]}]
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: default}
spec:
  nodeName: node-1
  containers: [{name: client, image: example/curl:1}]
`;
}

/** The pods a traffic's successful requests reached. */
function podsOf(outcomes: readonly RequestOutcome[]): Set<string | undefined> {
  return new Set(outcomes.flatMap((outcome) => (outcome.ok ? [outcome.peer.pod] : [])));
}

function byName(results: readonly ExpectationResult[], name: string): ExpectationResult {
  const result = results.find((candidate) => candidate.name === name);
  if (result === undefined) throw new Error(`no expectation named ${name}`);
  return result;
}

describe('samePod expectations on real runs', () => {
  // Two ports pick among three pods independently: over a handful of seeds both outcomes occur.
  const runs = [1, 2, 3, 4, 5, 6].map((seed) => runScenario(loadScenario(scenario(seed), 'same-pod.yaml')));

  it('pass `true` exactly when both traffics stayed on one and the same pod, `false` when on two', () => {
    const verdicts = new Set<boolean>();
    for (const run of runs) {
      const [a, b] = ['a', 'b'].map((name) =>
        podsOf(run.traffic.find((t) => t.spec.name === name)?.outcomes ?? []),
      );
      expect(a?.size).toBe(1);
      expect(b?.size).toBe(1);
      const [podA] = [...(a ?? [])];
      const [podB] = [...(b ?? [])];
      const same = podA === podB;
      verdicts.add(same);
      expect(byName(run.expectations, 'same').verdict).toBe(same ? 'passed' : 'failed');
      expect(byName(run.expectations, 'different').verdict).toBe(same ? 'failed' : 'passed');
      expect(byName(run.expectations, 'different').measured).toBe(
        `in [1.000s, 10.000s) a reached only ${String(podA)} (45 successful requests) and b only ` +
          `${String(podB)} (45 successful requests): ${same ? 'the same pod' : 'different pods'}`,
      );
    }
    expect([...verdicts].sort()).toEqual([false, true]);
  });

  it('fail, whatever they expected, when a traffic reached several pods or none', () => {
    const [run] = runs;
    if (run === undefined) throw new Error('no run');
    expect(byName(run.expectations, 'spread has no pod')).toMatchObject({
      verdict: 'failed',
      measured: expect.stringMatching(
        /^traffic spread reached 3 pods in \[1\.000s, 10\.000s\) \(default\/web-\S+ \d+, default\/web-\S+ \d+, default\/web-\S+ \d+\), so it is on no single pod$/,
      ) as unknown,
    });
    expect(byName(run.expectations, 'lost has no pod').measured).toMatch(
      /^no request of traffic lost made in \[1\.000s, 10\.000s\) succeeded; traffic spread reached 3 pods/,
    );
  });
});

describe('samePod expectations', () => {
  const spec: ExpectSpec = {
    name: 'together',
    kind: 'samePod',
    traffics: ['t', 'u'],
    between: [10_000, 20_000],
    samePod: true,
  };

  it('ignore failures and requests outside the window, and tell hosts apart by address alone', () => {
    const host = (at: number, port: number): RequestOutcome => ({
      at,
      connectionId: `x#${String(at)}`,
      ok: true,
      peer: { ip: '192.168.0.12', port },
    });
    const outcomes: Record<string, readonly RequestOutcome[]> = {
      t: [served(9_000, 'default/web-b'), host(10_000, 5432), failed(11_000), host(19_999, 5432)],
      u: [host(12_000, 5433), served(20_000, 'default/web-c')],
    };
    const context = { ...fakeContext([]), outcomesOf: (name: string) => outcomes[name] ?? [] };
    expect(evaluateExpectation(spec, context)).toEqual({
      name: 'together',
      kind: 'samePod',
      verdict: 'passed',
      measured:
        'in [10.000s, 20.000s) t reached only 192.168.0.12 (2 successful requests) and u only ' +
        '192.168.0.12 (1 successful request): the same pod',
      expected: 'both traffics on one and the same pod (samePod: true)',
    });
  });
});
