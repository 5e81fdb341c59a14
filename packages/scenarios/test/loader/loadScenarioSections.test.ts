import { describe, expect, it } from 'vitest';

import { ScenarioError, loadScenario } from '../../src/index.js';

/** A scenario with the given traffic and expect sections (each line already indented), and a world. */
function scenarioWith(sections: string): string {
  return `apiVersion: svcsim.dev/v1alpha1
kind: Scenario
metadata: {name: sections}
spec:
  seed: 1
  duration: 120s
  cluster: {nodes: 2}
${sections}---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
---
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
    loadScenario(text, 's.yaml');
  } catch (error) {
    if (error instanceof ScenarioError) return error.message.split('\n');
    throw error;
  }
  throw new Error('loaded without problems');
}

describe('loadScenario traffic and expect sections', () => {
  it('reads every source, target and option into typed specs, and every kind of expectation', () => {
    const loaded = loadScenario(
      scenarioWith(
        `  traffic:
    - {name: clients, from: pod/default/client, to: "http://web.shop.svc.cluster.local:80/", rate: 50/s, start: 0s, end: 120s}
    - {name: probe, from: node/node-2, to: 10.96.0.10:53, protocol: UDP, rate: 30/m, start: 10s, end: 20s}
    - {name: outside, from: external/203.0.113.9@node-1, to: "web:80", rate: 5/s, connections: reuse}
    - {name: page, from: node/node-1, to: "http://10.96.0.1/healthz", rate: 1/s}
  expect:
    - {name: "no refused requests", traffic: clients, between: [25s, 60s], successRate: ">= 0.999"}
    - {name: "two endpoints", endpoints: shop/web, at: 30s, count: 2}
    - {name: "at least one endpoint", endpoints: shop/web, at: 1m, count: ">=1"}
    - {name: "outside is cut off", reachable: false, traffic: outside, at: 90s}
`,
      ),
      's.yaml',
    );
    expect(loaded.traffic).toEqual([
      {
        name: 'clients',
        from: { kind: 'pod', namespace: 'default', name: 'client' },
        to: { kind: 'url', host: 'web.shop.svc.cluster.local', port: 80, path: '/' },
        protocol: 'TCP',
        rate: { requests: 50, perMs: 1000 },
        startMs: 0,
        endMs: 120_000,
        connections: 'new',
      },
      {
        name: 'probe',
        from: { kind: 'node', name: 'node-2' },
        to: { kind: 'address', host: '10.96.0.10', port: 53 },
        protocol: 'UDP',
        rate: { requests: 30, perMs: 60_000 },
        startMs: 10_000,
        endMs: 20_000,
        connections: 'new',
      },
      {
        name: 'outside',
        from: { kind: 'external', ip: '203.0.113.9', node: 'node-1' },
        to: { kind: 'address', host: 'web', port: 80 },
        protocol: 'TCP',
        rate: { requests: 5, perMs: 1000 },
        startMs: 0,
        endMs: 120_000,
        connections: 'reuse',
      },
      {
        name: 'page',
        from: { kind: 'node', name: 'node-1' },
        to: { kind: 'url', host: '10.96.0.1', port: 80, path: '/healthz' },
        protocol: 'TCP',
        rate: { requests: 1, perMs: 1000 },
        startMs: 0,
        endMs: 120_000,
        connections: 'new',
      },
    ]);
    expect(loaded.expect).toEqual([
      {
        name: 'no refused requests',
        kind: 'successRate',
        traffic: 'clients',
        between: [25_000, 60_000],
        successRate: { operator: '>=', value: 0.999 },
      },
      {
        name: 'two endpoints',
        kind: 'endpoints',
        service: { namespace: 'shop', name: 'web' },
        at: 30_000,
        count: { operator: '==', value: 2 },
      },
      {
        name: 'at least one endpoint',
        kind: 'endpoints',
        service: { namespace: 'shop', name: 'web' },
        at: 60_000,
        count: { operator: '>=', value: 1 },
      },
      { name: 'outside is cut off', kind: 'reachable', traffic: 'outside', at: 90_000, reachable: false },
    ]);
    // Besides the nodes and manifests at t=0, the inputs are the traffic's connection inputs
    // (packages/scenarios/test/traffic covers them); expectations add none.
    const other = loaded.inputs.filter((input) => !input.event.type.startsWith('connection/'));
    expect(other.map((input) => input.at)).toEqual([0, 0, 0, 0]);
    // 50/s for 120s, 30/m for 10s, 5/s for 120s (one connection opened and closed around the uses),
    // 1/s for 120s: each `new` request opens and closes its connection.
    const opened = loaded.inputs.filter((input) => input.event.type === 'connection/opened');
    expect(opened.length).toBe(6000 + 5 + 1 + 120);
  });

  it('refuses bad traffic entries, each at its line and column', () => {
    expect(
      problemsOf(
        scenarioWith(`  traffic:
    - {name: a, from: pod/default/ghost, to: "web:80", rate: 50/s, colour: red}
    - {name: a, from: node/node-7, to: "web", rate: 0/s}
    - {name: c, from: external/10.0.0.300@node-1, to: "https://web/", rate: 5/h}
    - {name: d, from: vm/x, to: "10.0.0.300:80", rate: 1/s, protocol: SCTP, connections: pooled}
    - {name: e, from: node/node-1, to: "web:80", rate: 1/s, start: 30s, end: 10s}
    - {name: f, from: node/node-1, to: "web:80", rate: 1/s, end: 121s}
    - {from: node/node-1, to: "web:80"}
`),
      ),
    ).toEqual([
      's.yaml:9:23: spec.traffic[0].from: Pod "default/ghost" is not defined in this file',
      's.yaml:9:68: spec.traffic[0].colour: unknown field (expected one of name, from, to, protocol, rate, start, end, connections)',
      's.yaml:10:14: spec.traffic[1].name: traffic "a" is already defined at spec.traffic[0]',
      's.yaml:10:23: spec.traffic[1].from: node "node-7" is not in this cluster (nodes: node-1, node-2)',
      's.yaml:10:40: spec.traffic[1].to: expected <host>:<port> with an IPv4 address or DNS name and a port 1..65535, got "web"',
      's.yaml:10:53: spec.traffic[1].rate: expected a rate such as 50/s or 30/m (a positive whole number per second or per minute), got "0/s"',
      's.yaml:11:23: spec.traffic[2].from: "10.0.0.300" is not an IPv4 address',
      's.yaml:11:55: spec.traffic[2].to: expected an http:// URL (no other scheme is simulated), got "https://web/"',
      's.yaml:11:77: spec.traffic[2].rate: expected a rate such as 50/s or 30/m (a positive whole number per second or per minute), got "5/h"',
      's.yaml:12:23: spec.traffic[3].from: expected pod/<namespace>/<name>, node/<name> or external/<ip>@<node>, got "vm/x"',
      's.yaml:12:33: spec.traffic[3].to: expected <host>:<port> with an IPv4 address or DNS name and a port 1..65535, got "10.0.0.300:80"',
      's.yaml:12:71: spec.traffic[3].protocol: expected one of TCP, UDP, got "SCTP"',
      's.yaml:12:90: spec.traffic[3].connections: expected one of new, reuse, got "pooled"',
      's.yaml:13:68: spec.traffic[4].start: start (30000ms) must be before end (10000ms)',
      's.yaml:14:66: spec.traffic[5].end: 121000ms is after the end of the run (duration 120000ms)',
      's.yaml:15:7: spec.traffic[6].name: required field is missing',
      's.yaml:15:7: spec.traffic[6].rate: required field is missing',
    ]);
  });

  it('refuses bad expectations and references to traffic and Services the file lacks', () => {
    expect(
      problemsOf(
        scenarioWith(`  traffic:
    - {name: clients, from: node/node-1, to: "web.shop:80", rate: 10/s, protocol: SCTP}
  expect:
    - {name: x, traffic: clients, between: [25s, 60s], successRate: ">= 0.999", window: 5s}
    - {name: x, traffic: client, between: [60s, 25s], successRate: "> 1.5"}
    - {name: y, endpoints: default/web, at: 130s, count: "~3"}
    - {name: z, endpoints: shop/web, reachable: true, at: 1s}
    - {name: w, traffic: clients, at: 5s}
    - {name: v, reachable: maybe, traffic: ghost, between: [1s, 2s]}
`),
      ),
    ).toEqual([
      's.yaml:9:83: spec.traffic[0].protocol: expected one of TCP, UDP, got "SCTP"',
      's.yaml:11:81: spec.expect[0].window: unknown field (expected one of name, successRate, traffic, between)',
      's.yaml:12:14: spec.expect[1].name: expectation "x" is already defined at spec.expect[0]',
      's.yaml:12:26: spec.expect[1].traffic: traffic "client" is not defined in spec.traffic (defined: clients)',
      's.yaml:12:43: spec.expect[1].between: from (60000ms) must be before to (25000ms)',
      's.yaml:12:68: spec.expect[1].successRate: expected a comparison such as ">= 0.999" (>= <= == != > <) with a number in 0..1, got "> 1.5"',
      's.yaml:13:28: spec.expect[2].endpoints: Service "default/web" is not defined in this file',
      's.yaml:13:45: spec.expect[2].at: 130000ms is after the end of the run (duration 120000ms)',
      's.yaml:13:58: spec.expect[2].count: expected a comparison such as ">= 2" (>= <= == != > <) with an integer >= 0, got "~3"',
      's.yaml:14:7: spec.expect[3]: expected only one of successRate, endpoints, reachable, affinity, share, samePod, got endpoints and reachable',
      's.yaml:15:7: spec.expect[4]: expected one of successRate, endpoints, reachable, affinity, share, samePod (what to expect)',
      's.yaml:16:7: spec.expect[5].at: required field is missing',
      's.yaml:16:28: spec.expect[5].reachable: expected true or false, got "maybe"',
      's.yaml:16:44: spec.expect[5].traffic: traffic "ghost" is not defined in spec.traffic (defined: clients)',
      's.yaml:16:51: spec.expect[5].between: unknown field (expected one of name, reachable, traffic, at)',
    ]);
  });
});
