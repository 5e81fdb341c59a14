import {
  resolveSimulationConfig,
  type Deployment,
  type InputEntry,
  type Node,
  type Pod,
  type Service,
  type SimulationConfig,
} from '@svcsim/core';

/**
 * The demo run until scenario files land: a Deployment `web` of three pods behind Service `web` on
 * three nodes, scaled up, rolled out to a new version, and then one node fails, while a client pod on
 * node-3 opens a connection to the Service every 250 ms and keeps one connection alive. It shows the
 * scheduler spreading pods, the ReplicaSet and Deployment controllers doing a rolling update, the
 * EndpointSlice controller following pod readiness, each one watch delay behind the change it reacts
 * to, and every node's kube-proxy (iptables mode) programming those changes later still: node-3's
 * sees them 1.5 s late, so its client keeps reaching pods the rest of the cluster has let go.
 */
export const ROLLOUT_DEMO_CONFIG: SimulationConfig = resolveSimulationConfig({
  durationMs: 30_000,
  watchDelayMs: 50,
  proxy: {
    mode: 'iptables',
    clusterCIDR: '10.244.0.0/16',
    nodes: { 'node-3': { watchDelayMs: 1_500 } },
  },
});

/** The Service's ClusterIP, requested so the client's connection inputs can name it. */
export const ROLLOUT_DEMO_CLUSTER_IP = '10.96.0.80';

/** The client pod, on the node whose kube-proxy lags. */
export const ROLLOUT_DEMO_CLIENT = { namespace: 'default', name: 'client', node: 'node-3' } as const;

/** Id of the one long-lived (keep-alive) connection; the others are `new-<n>`. */
export const ROLLOUT_DEMO_KEEPALIVE = 'keepalive';

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
  spec: {
    clusterIP: ROLLOUT_DEMO_CLUSTER_IP,
    selector: { app: 'web' },
    ports: [{ name: 'http', port: 80, targetPort: 'http' }],
  },
};

const client: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: ROLLOUT_DEMO_CLIENT.name, namespace: ROLLOUT_DEMO_CLIENT.namespace },
  spec: {
    nodeName: ROLLOUT_DEMO_CLIENT.node,
    containers: [{ name: 'client', image: 'example/curl:1' }],
  },
};

/**
 * The client's traffic: a new connection every 250 ms from 5s (each used once and closed), and one
 * keep-alive connection opened at 5s and used every second, which conntrack keeps on its first pod.
 */
function clientTraffic(): InputEntry[] {
  const from = {
    kind: 'pod',
    namespace: client.metadata.namespace ?? '',
    name: client.metadata.name ?? '',
  } as const;
  const opened = (id: string): InputEntry['event'] => ({
    type: 'connection/opened',
    id,
    from,
    dstIP: ROLLOUT_DEMO_CLUSTER_IP,
    dstPort: 80,
    protocol: 'TCP',
  });
  const traffic: InputEntry[] = [{ at: 5_000, event: opened(ROLLOUT_DEMO_KEEPALIVE) }];
  for (let at = 6_000; at < 30_000; at += 1_000) {
    traffic.push({ at, event: { type: 'connection/used', id: ROLLOUT_DEMO_KEEPALIVE } });
  }
  for (let n = 0, at = 5_000; at < 30_000; n++, at += 250) {
    traffic.push({ at, event: opened(`new-${n}`) });
    traffic.push({ at: at + 100, event: { type: 'connection/used', id: `new-${n}` } });
    traffic.push({ at: at + 200, event: { type: 'connection/closed', id: `new-${n}` } });
  }
  return traffic;
}

/** The demo's inputs, in time order. */
export function createRolloutDemoInputs(): InputEntry[] {
  return [
    { at: 0, event: { type: 'api/applied', object: node(1, 'zone-a') } },
    { at: 0, event: { type: 'api/applied', object: node(2, 'zone-b') } },
    { at: 0, event: { type: 'api/applied', object: node(3, 'zone-c') } },
    { at: 0, event: { type: 'api/applied', object: client } },
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
    ...clientTraffic(),
  ];
}
