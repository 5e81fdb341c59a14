import { describe, expect, it } from 'vitest';

import { getObject, listObjects, run, type Deployment, type InputEntry } from '@svcsim/core';
import { proxyModeNamed } from '@svcsim/proxy-modes';

import { RESTARTED_AT_ANNOTATION, loadScenario } from '../../src/index.js';

const SCENARIO = `apiVersion: svcsim.dev/v1alpha1
kind: Scenario
metadata: {name: rolling-update, description: "a rollout and a node failure"}
spec:
  seed: 7
  duration: 20s
  cluster: {nodes: 3, serviceCIDR: 10.96.0.0/12, podCIDR: 10.244.0.0/16}
  proxy:
    mode: iptables
    minSyncPeriod: 1s
    syncPeriod: 30s
    watchDelay: 50ms
    nodes: {node-3: {watchDelay: 1500ms}}
  timeline:
    - {at: 12s, action: rollout, deployment: default/web}
    - {at: 8s, action: scale, deployment: web, replicas: 4}
    - {at: 15s, action: failNode, node: node-2}
    - {at: 16s, action: restartProxy, node: node-1, downtime: 2s}
    - {at: 17s, action: setPodReadiness, pod: client, ready: false}
    - {at: 18s, action: setAppHealth, pod: default/client, readiness: failing}
    - {at: 19s, action: crash, pod: client, exitCode: 3}
    - {at: 19500ms, action: recoverNode, node: node-2}
  traffic:
    - {name: clients, from: pod/default/client, to: "http://web.default.svc.cluster.local:80/", rate: 50/s}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
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
      containers: [{name: web, image: example/web:1.0, ports: [{name: http, containerPort: 8080}]}]
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec:
  nodeName: node-3
  containers: [{name: client, image: example/curl:1}]
`;

describe('loadScenario', () => {
  const loaded = loadScenario(SCENARIO, 'rolling.yaml');

  it('reads the Scenario document into the run config', () => {
    expect(loaded.name).toBe('rolling-update');
    expect(loaded.description).toBe('a rollout and a node failure');
    expect(loaded.seed).toBe(7);
    expect(loaded.config).toEqual({
      durationMs: 20_000,
      watchDelayMs: 50,
      serviceCIDR: '10.96.0.0/12',
      nodePortRange: '30000-32767',
      proxy: {
        mode: 'iptables',
        minSyncPeriodMs: 1000,
        syncPeriodMs: 30_000,
        watchDelayMs: 50,
        masqueradeAll: false,
        clusterCIDR: '10.244.0.0/16',
        nodes: { 'node-3': { watchDelayMs: 1500 } },
      },
    });
  });

  it('applies the nodes, then the manifests in file order, at t=0', () => {
    // Traffic's connection inputs are merged in too (test/traffic covers them).
    const atStart = loaded.inputs.filter(
      (input) => input.at === 0 && !input.event.type.startsWith('connection/'),
    );
    const applied = atStart.map((input) =>
      input.event.type === 'api/applied'
        ? `${input.event.object.kind}/${input.event.object.metadata.namespace ?? ''}/${input.event.object.metadata.name ?? ''}`
        : input.event.type,
    );
    expect(applied).toEqual([
      'Node//node-1',
      'Node//node-2',
      'Node//node-3',
      'Service/default/web',
      'Deployment/default/web',
      'Pod/default/client',
    ]);
    const nodes = atStart.flatMap((input) =>
      input.event.type === 'api/applied' && input.event.object.kind === 'Node' ? [input.event.object] : [],
    );
    // Node pod ranges are consecutive /24s from the start of podCIDR; zones rotate.
    expect(nodes.map((node) => node.spec.podCIDR)).toEqual([
      '10.244.0.0/24',
      '10.244.1.0/24',
      '10.244.2.0/24',
    ]);
    expect(nodes.map((node) => node.metadata.labels?.['topology.kubernetes.io/zone'])).toEqual([
      'zone-a',
      'zone-b',
      'zone-c',
    ]);
  });

  it('turns the timeline into input events in time order', () => {
    const later = loaded.inputs.filter(
      (input) => input.at > 0 && !input.event.type.startsWith('connection/'),
    );
    const summary = later.map((input): [number, string] => [input.at, input.event.type]);
    expect(summary).toEqual([
      [8000, 'api/scaled'],
      [12_000, 'api/applied'],
      [15_000, 'node/failed'],
      [16_000, 'proxy/stopped'],
      [17_000, 'pod/readinessSet'],
      [18_000, 'proxy/started'],
      [18_000, 'app/healthSet'],
      [19_000, 'app/crashed'],
      [19_500, 'node/recovered'],
    ]);
    expect(later[0]?.event).toEqual({
      type: 'api/scaled',
      kind: 'Deployment',
      namespace: 'default',
      name: 'web',
      replicas: 4,
    });
    expect(later[6]?.event).toEqual({
      type: 'app/healthSet',
      namespace: 'default',
      name: 'client',
      health: 'failing',
    });
    expect(later[8]?.event).toEqual({ type: 'node/recovered', name: 'node-2' });
  });

  it('rolls out by re-applying the Deployment as scaled, with a restartedAt template annotation', () => {
    const rollout = loaded.inputs.find((input) => input.at === 12_000) as InputEntry;
    expect(rollout.event.type).toBe('api/applied');
    const deployment = (rollout.event as { object: Deployment }).object;
    expect(deployment.spec.replicas).toBe(4);
    expect(deployment.spec.template.metadata?.annotations?.[RESTARTED_AT_ANNOTATION]).toBe('12000ms');
    expect(deployment.spec.template.metadata?.labels).toEqual({ app: 'web' });
  });

  it('reads traffic into typed specs, defaulting the window to the whole run', () => {
    expect(loaded.traffic).toEqual([
      {
        name: 'clients',
        from: { kind: 'pod', namespace: 'default', name: 'client' },
        to: { kind: 'url', host: 'web.default.svc.cluster.local', port: 80, path: '/' },
        protocol: 'TCP',
        rate: { requests: 50, perMs: 1000 },
        startMs: 0,
        endMs: 20_000,
        connections: 'new',
      },
    ]);
    expect(loaded.expect).toEqual([]);
  });

  it('gives run() inputs it accepts, and the rollout really rolls', () => {
    const proxyMode = proxyModeNamed(loaded.config.proxy?.mode ?? '');
    expect(proxyMode).toBeDefined();
    const result = run(loaded.inputs, loaded.seed, loaded.config, { ...(proxyMode && { proxyMode }) });
    const rejected = result.log.entries.filter((entry) => entry.event.type === 'api/rejected');
    expect(rejected).toEqual([]);
    const replicaSets = listObjects(result.finalState, 'ReplicaSet', 'default');
    expect(replicaSets.length).toBe(2);
    const node2 = getObject(result.finalState, 'Node', '', 'node-2');
    expect(node2?.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
  });

  it('loads the same text to the same result', () => {
    expect(loadScenario(SCENARIO, 'rolling.yaml')).toEqual(loaded);
  });
});
