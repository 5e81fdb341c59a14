import fc from 'fast-check';

import {
  resolveSimulationConfig,
  type InputEntry,
  type Node,
  type Pod,
  type Service,
  type SimulationConfig,
} from '@svcsim/core';

/**
 * Generated clusters for end-to-end runs: three nodes whose kube-proxies lag differently, Services
 * with fixed ClusterIPs (so connection inputs can name them before the run allocates anything),
 * their pods, readiness flaps and deletions, and client pods opening connections to the Services.
 */
export const NODE_NAMES = ['node-1', 'node-2', 'node-3'] as const;

export const E2E_CONFIG: SimulationConfig = resolveSimulationConfig({
  durationMs: 40_000,
  proxy: {
    mode: 'iptables',
    clusterCIDR: '10.244.0.0/16',
    watchDelayMs: 50,
    // node-2 sees changes late and node-3 later still, and syncs less often: for a while they disagree.
    nodes: { 'node-2': { watchDelayMs: 700 }, 'node-3': { watchDelayMs: 2500, minSyncPeriodMs: 2000 } },
  },
});

/** Inputs stop here; everything after is settling (the slowest node needs 2.5 s + 2 s). */
export const LAST_INPUT_MS = 25_000;

export function nodeObject(index: number): Node {
  const name = `node-${index}`;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'topology.kubernetes.io/zone': `zone-${index}` } },
    spec: { podCIDR: `10.244.${index}.0/24` },
    status: {
      addresses: [{ type: 'InternalIP', address: `192.168.0.${10 + index}` }],
      conditions: [{ type: 'Ready', status: 'True' }],
    },
  };
}

export function clusterIPOf(serviceIndex: number): string {
  return `10.96.10.${10 + serviceIndex}`;
}

export interface ServiceShape {
  readonly type: 'ClusterIP' | 'NodePort';
  readonly affinity: boolean;
  readonly internalLocal: boolean;
  readonly externalLocal: boolean;
  readonly twoPorts: boolean;
  /** Node index (1-3) of each of its pods. */
  readonly pods: readonly number[];
}

export interface ClusterShape {
  readonly services: readonly ServiceShape[];
  /** [time, service index, pod index, ready] readiness flips. */
  readonly flips: readonly (readonly [number, number, number, boolean])[];
  /** [time, service index, pod index] pod deletions. */
  readonly deletions: readonly (readonly [number, number, number])[];
  /** [time, client node index, service index, second port?] new connections. */
  readonly connections: readonly (readonly [number, number, number, boolean])[];
}

const serviceShape = fc.record({
  type: fc.constantFrom('ClusterIP' as const, 'NodePort' as const),
  affinity: fc.boolean(),
  internalLocal: fc.boolean(),
  externalLocal: fc.boolean(),
  twoPorts: fc.boolean(),
  pods: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }),
});

const instant = fc.integer({ min: 2_000, max: LAST_INPUT_MS });

export const clusterShape: fc.Arbitrary<ClusterShape> = fc
  .array(serviceShape, { minLength: 1, maxLength: 4 })
  .chain((services) => {
    const service = fc.integer({ min: 0, max: services.length - 1 });
    const pod = fc.integer({ min: 0, max: 2 });
    return fc.record({
      services: fc.constant(services),
      flips: fc.array(fc.tuple(instant, service, pod, fc.boolean()), { maxLength: 12 }),
      deletions: fc.array(fc.tuple(instant, service, pod), { maxLength: 3 }),
      connections: fc.array(fc.tuple(instant, fc.integer({ min: 1, max: 3 }), service, fc.boolean()), {
        minLength: 1,
        maxLength: 40,
      }),
    });
  });

function serviceObject(index: number, shape: ServiceShape): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: `svc-${index}`, namespace: 'default' },
    spec: {
      type: shape.type,
      clusterIP: clusterIPOf(index),
      selector: { app: `svc-${index}` },
      ports: [
        { name: 'http', port: 80, targetPort: 'http' },
        ...(shape.twoPorts ? [{ name: 'metrics', port: 9100, targetPort: 9090 }] : []),
      ],
      ...(shape.affinity && {
        sessionAffinity: 'ClientIP' as const,
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 5 } },
      }),
      ...(shape.internalLocal && { internalTrafficPolicy: 'Local' as const }),
      ...(shape.type === 'NodePort' && shape.externalLocal && { externalTrafficPolicy: 'Local' as const }),
    },
  };
}

function podObject(name: string, node: number, labels: Record<string, string>): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels },
    spec: {
      nodeName: `node-${node}`,
      containers: [
        {
          name: 'app',
          image: 'example/app:1',
          ports: [
            { name: 'http', containerPort: 8080 },
            { name: 'metrics', containerPort: 9090 },
          ],
        },
      ],
    },
  };
}

export function podName(service: number, pod: number): string {
  return `svc-${service}-pod-${pod}`;
}

/** The inputs of a generated cluster, in the order given (run() orders them by time, stably). */
export function clusterInputs(shape: ClusterShape): InputEntry[] {
  const inputs: InputEntry[] = [];
  for (const index of [1, 2, 3])
    inputs.push({ at: 0, event: { type: 'api/applied', object: nodeObject(index) } });
  for (const index of [1, 2, 3]) {
    inputs.push({ at: 0, event: { type: 'api/applied', object: podObject(`client-${index}`, index, {}) } });
  }
  shape.services.forEach((service, s) => {
    inputs.push({ at: 500, event: { type: 'api/applied', object: serviceObject(s, service) } });
    service.pods.forEach((node, p) => {
      inputs.push({
        at: 500,
        event: { type: 'api/applied', object: podObject(podName(s, p), node, { app: `svc-${s}` }) },
      });
    });
  });
  for (const [at, s, p, ready] of shape.flips) {
    if (p >= (shape.services[s]?.pods.length ?? 0)) continue;
    inputs.push({
      at,
      event: { type: 'pod/readinessSet', namespace: 'default', name: podName(s, p), ready },
    });
  }
  for (const [at, s, p] of shape.deletions) {
    if (p >= (shape.services[s]?.pods.length ?? 0)) continue;
    inputs.push({
      at,
      event: { type: 'api/deleted', kind: 'Pod', namespace: 'default', name: podName(s, p) },
    });
  }
  shape.connections.forEach(([at, client, s, secondPort], i) => {
    const service = shape.services[s];
    inputs.push({
      at,
      event: {
        type: 'connection/opened',
        id: `c${i}`,
        from: { kind: 'pod', namespace: 'default', name: `client-${client}` },
        dstIP: clusterIPOf(s),
        dstPort: secondPort && service?.twoPorts === true ? 9100 : 80,
        protocol: 'TCP',
      },
    });
    inputs.push({ at: at + 3_000, event: { type: 'connection/used', id: `c${i}` } });
  });
  return inputs;
}
