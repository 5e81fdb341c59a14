import { describe, expect, it } from 'vitest';

import { ScenarioError, loadScenario } from '../../src/index.js';

function scenario(expectations: string): string {
  return `apiVersion: svcsim.dev/v1alpha1
kind: Scenario
metadata: {name: pods}
spec:
  seed: 1
  duration: 60s
  cluster: {nodes: 1}
  traffic:
    - {name: rpc, from: node/node-1, to: "10.96.0.1:443", rate: 1/s}
    - {name: ws, from: node/node-1, to: "10.96.0.1:443", rate: 1/s}
  expect:
${expectations}`;
}

function problemsOf(expectations: string): string[] {
  try {
    loadScenario(scenario(expectations), 'a.yaml');
  } catch (error) {
    if (error instanceof ScenarioError) return error.message.split('\n');
    throw error;
  }
  throw new Error('the scenario loaded without problems');
}

describe('reaches and samePod expectations in a scenario file', () => {
  it('are read with their traffic, window, target and threshold', () => {
    const loaded = loadScenario(
      scenario(`    - {name: canary, traffic: rpc, between: [10s, 20s], selector: {app: web, track: canary}, share: ">= 0.5"}
    - {name: web-b, traffic: rpc, between: [10s, 20s], pod: web-b, share: "== 0"}
    - {name: apart, traffics: [rpc, ws], between: [0s, 60s], samePod: false}
`),
      'a.yaml',
    );
    expect(loaded.expect).toEqual([
      {
        name: 'canary',
        kind: 'reaches',
        traffic: 'rpc',
        between: [10_000, 20_000],
        target: { kind: 'selector', matchLabels: { app: 'web', track: 'canary' } },
        share: { operator: '>=', value: 0.5 },
      },
      {
        name: 'web-b',
        kind: 'reaches',
        traffic: 'rpc',
        between: [10_000, 20_000],
        target: { kind: 'pod', pod: { namespace: 'default', name: 'web-b' } },
        share: { operator: '==', value: 0 },
      },
      { name: 'apart', kind: 'samePod', traffics: ['rpc', 'ws'], between: [0, 60_000], samePod: false },
    ]);
  });

  it('refuse a reaches with both or neither of selector and pod, or a selector no pod could match', () => {
    expect(
      problemsOf(`    - {name: both, traffic: rpc, between: [1s, 2s], selector: {app: web}, pod: web-b, share: "== 0"}
    - {name: neither, traffic: rpc, between: [1s, 2s], share: "== 0"}
    - {name: empty, traffic: rpc, between: [1s, 2s], selector: {}, share: "== 0"}
    - {name: bad labels, traffic: rpc, between: [1s, 2s], selector: {-app: web, tier: 3, x: "a b"}, share: "== 0"}
    - {name: bad pod, traffic: ghost, between: [1s, 2s], pod: a/b/c, share: "1.5"}
    - {name: typo, traffic: rpc, between: [1s, 2s], selectr: {app: web}, share: "== 0"}
`),
    ).toMatchInlineSnapshot(`
      [
        "a.yaml:12:7: spec.expect[0]: expected either selector or pod, not both",
        "a.yaml:13:7: spec.expect[1]: expected selector (labels such as {app: web}) or pod (namespace/name) to say which pods count",
        "a.yaml:14:64: spec.expect[2].selector: expected at least one label (an empty selector matches every pod)",
        "a.yaml:15:76: spec.expect[3].selector.-app: "-app" is not a valid label key (an optional DNS subdomain prefix and "/", then a name of at most 63 characters: letters, digits, "-", "_", ".", starting and ending with a letter or digit)",
        "a.yaml:15:87: spec.expect[3].selector.tier: expected a label value (a string of at most 63 characters: letters, digits, "-", "_", ".", starting and ending with a letter or digit), got 3",
        "a.yaml:15:93: spec.expect[3].selector.x: expected a label value (a string of at most 63 characters: letters, digits, "-", "_", ".", starting and ending with a letter or digit), got "a b"",
        "a.yaml:16:32: spec.expect[4].traffic: traffic "ghost" is not defined in spec.traffic (defined: rpc, ws)",
        "a.yaml:16:63: spec.expect[4].pod: expected a pod as namespace/name or name, got "a/b/c"",
        "a.yaml:16:77: spec.expect[4].share: expected a comparison such as ">= 0.5" (>= <= == != > <) with a number in 0..1, got "1.5"",
        "a.yaml:17:7: spec.expect[5]: expected selector (labels such as {app: web}) or pod (namespace/name) to say which pods count",
        "a.yaml:17:53: spec.expect[5].selectr: unknown field (expected one of name, share, traffic, between, selector, pod)",
      ]
    `);
  });

  it('refuse a samePod without two different, defined traffics or a true/false verdict', () => {
    expect(
      problemsOf(`    - {name: one, traffics: [rpc], between: [1s, 2s], samePod: true}
    - {name: twice, traffics: [rpc, rpc], between: [1s, 2s], samePod: true}
    - {name: ghost, traffics: [rpc, ghost], between: [1s, 2s], samePod: yes}
    - {name: no window, traffics: rpc, samePod: false}
`),
    ).toMatchInlineSnapshot(`
      [
        "a.yaml:12:29: spec.expect[0].traffics: expected [a, b] (two traffic names), got 1 items",
        "a.yaml:13:31: spec.expect[1].traffics: expected two different traffics, got "rpc" twice",
        "a.yaml:14:37: spec.expect[2].traffics[1]: traffic "ghost" is not defined in spec.traffic (defined: rpc, ws)",
        "a.yaml:14:73: spec.expect[2].samePod: expected true or false, got "yes"",
        "a.yaml:15:7: spec.expect[3].between: required field is missing",
        "a.yaml:15:35: spec.expect[3].traffics: expected a list, got "rpc"",
      ]
    `);
  });
});
