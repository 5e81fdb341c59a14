import { describe, expect, it } from 'vitest';

import { ScenarioError, loadScenario } from '../../src/index.js';

/** The problems loadScenario reports for a text, as the CLI would print them. */
function problemsOf(text: string, fileName: string): string[] {
  try {
    loadScenario(text, fileName);
  } catch (error) {
    if (error instanceof ScenarioError) return error.message.split('\n');
    throw error;
  }
  throw new Error(`${fileName} loaded without problems`);
}

const CASES: Record<string, string> = {
  syntax: `apiVersion: svcsim.dev/v1alpha1
kind: Scenario
spec:
  seed: [1, 2
`,
  unknown: `apiVersion: svcsim.dev/v1alpha1
kind: Scenario
metadata: {name: x}
spec:
  seed: 1
  duration: 10s
  durration: 5s
  proxy: {mode: iptables, minSyncPeriod: 1s, syncPeriod: 30s, lag: 1s}
`,
  invalid: `apiVersion: svcsim.dev/v1alpha1
kind: Scenario
metadata: {name: x}
spec:
  seed: -1
  duration: 30
  cluster: {nodes: 0, serviceCIDR: 10.96.0.1/12}
  proxy: {mode: ipvs}
`,
  missing: `apiVersion: v1
kind: Service
metadata: {name: web}
`,
  duplicate: `apiVersion: svcsim.dev/v1alpha1
kind: Scenario
metadata: {name: a}
spec: {seed: 1, duration: 10s}
---
apiVersion: svcsim.dev/v1alpha1
kind: Scenario
metadata: {name: b}
spec: {seed: 1, duration: 10s}
`,
  refs: `apiVersion: svcsim.dev/v1alpha1
kind: Scenario
metadata: {name: x}
spec:
  seed: 1
  duration: 60s
  cluster: {nodes: 2}
  timeline:
    - {at: 5s, action: failNode, node: node-9}
    - {at: 6s, action: rollout, deployment: default/api}
    - {at: 7s, action: setAppHealth, pod: web-0, health: failing}
    - {at: 8s, action: restartProxy, node: node-1}
    - {at: 90s, action: scale, deployment: web, replicas: 2}
    - {at: 9s, action: explode}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec: {selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {containers: []}}}
---
apiVersion: v1
kind: Sevrice
metadata: {name: web}
`,
};

describe('loadScenario errors', () => {
  it('a YAML syntax error, alone (the tree after it cannot be trusted)', () => {
    expect(problemsOf(CASES['syntax'] ?? '', 'syntax.yaml')).toEqual([
      'syntax.yaml:5:1: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('unknown fields in the Scenario document', () => {
    expect(problemsOf(CASES['unknown'] ?? '', 'unknown.yaml')).toEqual([
      'unknown.yaml:7:3: spec.durration: unknown field (expected one of seed, duration, cluster, proxy, timeline, traffic, expect)',
      'unknown.yaml:8:63: spec.proxy.lag: unknown field (expected one of mode, minSyncPeriod, syncPeriod, watchDelay, masqueradeAll, emulateVersion, nodes)',
    ]);
  });

  it('invalid values', () => {
    expect(problemsOf(CASES['invalid'] ?? '', 'invalid.yaml')).toEqual([
      'invalid.yaml:5:9: spec.seed: expected an integer >= 0, got -1',
      'invalid.yaml:6:13: spec.duration: expected a duration such as 250ms, 30s or 1m30s, got 30',
      'invalid.yaml:7:20: spec.cluster.nodes: expected an integer 1..5000, got 0',
      'invalid.yaml:7:36: spec.cluster.serviceCIDR: expected an IPv4 CIDR with no host bits set, got "10.96.0.1/12"',
      'invalid.yaml:8:17: spec.proxy.mode: expected one of iptables, got "ipvs"',
    ]);
  });

  it('a file without a Scenario document', () => {
    expect(problemsOf(CASES['missing'] ?? '', 'missing.yaml')).toEqual([
      'missing.yaml:1:1: no Scenario document (expected one with apiVersion: svcsim.dev/v1alpha1 and kind: Scenario)',
    ]);
  });

  it('a second Scenario document', () => {
    expect(problemsOf(CASES['duplicate'] ?? '', 'duplicate.yaml')).toEqual([
      'duplicate.yaml:6:1: kind: a second Scenario document (the file may hold only one)',
    ]);
  });

  it('timeline references to objects and nodes the file does not define, and bad steps', () => {
    expect(problemsOf(CASES['refs'] ?? '', 'refs.yaml')).toEqual([
      'refs.yaml:9:7: spec.timeline[0].node: node "node-9" is not in this cluster (nodes: node-1, node-2)',
      'refs.yaml:10:7: spec.timeline[1].deployment: Deployment "default/api" is not defined in this file',
      'refs.yaml:11:7: spec.timeline[2].pod: Pod "default/web-0" is not defined in this file',
      'refs.yaml:12:7: spec.timeline[3]: restartProxy needs spec.proxy (no kube-proxy runs)',
      'refs.yaml:13:7: spec.timeline[4].at: 90000ms is after the end of the run (duration 60000ms)',
      'refs.yaml:14:24: spec.timeline[5].action: expected one of apply, delete, scale, rollout, failNode, recoverNode, restartProxy, setAppHealth, crash, setPodReadiness, got "explode"',
      'refs.yaml:22:7: kind: expected one of Namespace, Node, Pod, Service, Endpoints, Secret, ConfigMap, Deployment, EndpointSlice, Ingress, got "Sevrice" (did you mean "Service"?)',
    ]);
  });

  it('gives each problem its file, line, column and path as data too', () => {
    try {
      loadScenario(CASES['unknown'] ?? '', 'unknown.yaml');
    } catch (error) {
      expect(error).toBeInstanceOf(ScenarioError);
      expect((error as ScenarioError).problems[0]).toEqual({
        file: 'unknown.yaml',
        line: 7,
        column: 3,
        path: 'spec.durration',
        message: 'unknown field (expected one of seed, duration, cluster, proxy, timeline, traffic, expect)',
      });
    }
    expect.assertions(2);
  });
});
