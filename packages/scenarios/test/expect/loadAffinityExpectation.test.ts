import { describe, expect, it } from 'vitest';

import { ScenarioError, loadScenario } from '../../src/index.js';

function scenario(expectations: string): string {
  return `apiVersion: svcsim.dev/v1alpha1
kind: Scenario
metadata: {name: affinity}
spec:
  seed: 1
  duration: 60s
  cluster: {nodes: 1}
  traffic:
    - {name: clients, from: node/node-1, to: "10.96.0.1:443", rate: 1/s}
  expect:
${expectations}`;
}

describe('affinity expectations in a scenario file', () => {
  it('are read with their traffic, window and verdict', () => {
    const loaded = loadScenario(
      scenario(`    - {name: sticky, traffic: clients, between: [10s, 20s], affinity: held}
    - {name: spread, traffic: clients, between: [20s, 30s], affinity: broken}
`),
      'a.yaml',
    );
    expect(loaded.expect).toEqual([
      { name: 'sticky', kind: 'affinity', traffic: 'clients', between: [10_000, 20_000], affinity: 'held' },
      { name: 'spread', kind: 'affinity', traffic: 'clients', between: [20_000, 30_000], affinity: 'broken' },
    ]);
  });

  it('are refused with a located message for a bad verdict, a missing window or an unknown traffic', () => {
    let message = '';
    try {
      loadScenario(
        scenario(`    - {name: sticky, traffic: clients, between: [10s, 20s], affinity: kept}
    - {name: spread, traffic: ghost, affinity: broken}
`),
        'a.yaml',
      );
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      message = error.message;
    }
    expect(message.split('\n')).toEqual([
      'a.yaml:11:71: spec.expect[0].affinity: expected one of held, broken, got "kept"',
      'a.yaml:12:7: spec.expect[1].between: required field is missing',
      'a.yaml:12:31: spec.expect[1].traffic: traffic "ghost" is not defined in spec.traffic (defined: clients)',
    ]);
  });
});
