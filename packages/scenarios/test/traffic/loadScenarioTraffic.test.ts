import { describe, expect, it } from 'vitest';

import { ScenarioError, loadScenario } from '../../src/index.js';

function scenario(traffic: string, timeline = ''): string {
  return `apiVersion: svcsim.dev/v1alpha1
kind: Scenario
metadata: {name: traffic}
spec:
  seed: 1
  duration: 100s
  cluster: {nodes: 1}
  proxy: {mode: iptables}
${timeline}  traffic:
${traffic}---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec:
  nodeName: node-1
  containers: [{name: client, image: example/curl:1}]
`;
}

function problemsOf(text: string): string[] {
  try {
    loadScenario(text, 't.yaml');
  } catch (error) {
    if (error instanceof ScenarioError) return error.message.split('\n');
    throw error;
  }
  throw new Error('loaded without problems');
}

describe('loadScenario with traffic', () => {
  it('merges the traffic inputs in: by instant, the timeline before traffic, traffic entries in file order', () => {
    const loaded = loadScenario(
      scenario(
        `    - {name: b, from: node/node-1, to: "10.96.0.1:443", rate: 1/s, start: 2s, end: 3s}
    - {name: a, from: pod/default/client, to: "kubernetes.default:443", rate: 1/s, start: 2s, end: 3s, connections: reuse}
`,
        `  timeline:
    - {at: 2s, action: failNode, node: node-1}
`,
      ),
      't.yaml',
    );
    const later = loaded.inputs.filter((input) => input.at > 0);
    expect(
      later.map(({ at, event }) => `${String(at)} ${event.type} ${'id' in event ? event.id : ''}`),
    ).toEqual([
      '2000 node/failed ',
      '2000 connection/opened b#1',
      '2000 connection/closed b#1',
      '2000 connection/opened a#keepalive',
      '2000 connection/used a#keepalive',
      '3000 connection/closed a#keepalive',
    ]);
  });

  it('refuses a traffic entry that would make more than a million requests, at its rate', () => {
    expect(
      problemsOf(
        scenario(`    - {name: flood, from: node/node-1, to: "10.96.0.1:443", rate: 20000/s}
`),
      ),
    ).toEqual([
      't.yaml:10:67: spec.traffic[0].rate: this rate makes 2000000 requests between 0ms and 100000ms; ' +
        'at most 1000000 per traffic entry are simulated (lower the rate or shorten start..end)',
    ]);
  });
});
