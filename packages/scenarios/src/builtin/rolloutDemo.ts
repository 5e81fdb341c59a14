import {
  resolveSimulationConfig,
  type Deployment,
  type InputEntry,
  type Node,
  type Service,
  type SimulationConfig,
} from '@svcsim/core';

/**
 * The demo run until scenario files land: a Deployment `web` of three pods behind Service `web` on
 * three nodes, scaled up, rolled out to a new version, and then one node fails. It shows the
 * apiserver allocating the ClusterIP, the scheduler spreading pods, the ReplicaSet and Deployment
 * controllers doing a rolling update, and the EndpointSlice controller following pod readiness, each
 * one watch delay behind the change it reacts to.
 */
export const ROLLOUT_DEMO_CONFIG: SimulationConfig = resolveSimulationConfig({
  durationMs: 30_000,
  watchDelayMs: 50,
});

function node(index: number, zone: string): Node {
  const name = `node-${index}`;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': zone } },
    spec: { podCIDR: `10.244.${index}.0/24` },
    status: {
      addresses: [{ type: 'InternalIP', address: `192.168.0.${10 + index}` }],
      conditions: [{ type: 'Ready', status: 'True' }],
    },
  };
}

function deployment(image: string): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image, ports: [{ name: 'http', containerPort: 8080 }] }] },
      },
    },
  };
}

const service: Service = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'default' },
  spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
};

/** The demo's inputs, in time order. */
export function createRolloutDemoInputs(): InputEntry[] {
  return [
    { at: 0, event: { type: 'api/applied', object: node(1, 'zone-a') } },
    { at: 0, event: { type: 'api/applied', object: node(2, 'zone-b') } },
    { at: 0, event: { type: 'api/applied', object: node(3, 'zone-c') } },
    { at: 1_000, event: { type: 'api/applied', object: service } },
    { at: 2_000, event: { type: 'api/applied', object: deployment('example/web:1.0') } },
    {
      at: 8_000,
      event: { type: 'api/scaled', kind: 'Deployment', namespace: 'default', name: 'web', replicas: 4 },
    },
    {
      at: 12_000,
      event: {
        type: 'api/applied',
        object: {
          ...deployment('example/web:1.1'),
          spec: { ...deployment('example/web:1.1').spec, replicas: 4 },
        },
      },
    },
    { at: 22_000, event: { type: 'node/readinessSet', name: 'node-2', ready: false } },
  ];
}
