import {
  createRandomStreams,
  type Deployment,
  type InputEntry,
  type Node,
  type Pod,
  type Service,
} from '@svcsim/core';

/** Size of a synthetic cluster whose pods flap readiness, for engine benchmarks. */
export interface ChurnWorkload {
  readonly nodes: number;
  readonly services: number;
  readonly podsPerService: number;
  readonly readinessChanges: number;
  readonly durationMs: number;
}

/** Node `node-<n>`, Ready, in one of three zones, with the /24 pod CIDR 10.(64 + n/256).(n%256).0. */
export function benchNode(n: number): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: `node-${n}`, labels: { 'topology.kubernetes.io/zone': `zone-${n % 3}` } },
    spec: { podCIDR: `10.${64 + (n >> 8)}.${n & 255}.0/24` },
    status: {
      addresses: [{ type: 'InternalIP', address: `192.168.${n >> 8}.${(n & 255) + 1}` }],
      conditions: [{ type: 'Ready', status: 'True' }],
    },
  };
}

/** A ClusterIP Service selecting `app: <app>`, port 80 to the pods' port named `http`. */
export function benchService(app: string, namespace = 'default'): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: app, namespace },
    spec: { selector: { app }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  };
}

/** The one container every benchmark pod runs: no probes, so it is Ready once running. */
function benchContainers(): Pod['spec']['containers'] {
  return [{ name: 'app', image: 'example/app:1', ports: [{ name: 'http', containerPort: 8080 }] }];
}

/** A pod labelled `app: <app>`, bound to `nodeName`, so no scheduling is involved. */
export function benchPod(name: string, app: string, nodeName: string, namespace = 'default'): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { app } },
    spec: { nodeName, containers: benchContainers() },
  };
}

/** A Deployment of `replicas` pods labelled `app: <app>`, placed by the scheduler. */
export function benchDeployment(app: string, replicas: number, namespace = 'default'): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: app, namespace },
    spec: {
      replicas,
      selector: { matchLabels: { app } },
      template: {
        metadata: { labels: { app } },
        spec: { containers: benchContainers() },
      },
    },
  };
}

/**
 * Builds the inputs: nodes at t=0, Services and their pods (bound to nodes round-robin, so the run
 * measures the apiserver, kubelet stand-in and endpoint controllers rather than scheduling) spread over
 * the first second, then readiness changes at random instants from a seeded stream, so every benchmark
 * run does the same work. All objects live in one namespace: the worst case for per-namespace tables.
 */
export function createChurnInputs(workload: ChurnWorkload, seed = 1): InputEntry[] {
  const random = createRandomStreams(seed).stream('bench');
  const inputs: InputEntry[] = [];
  for (let n = 0; n < workload.nodes; n++)
    inputs.push({ at: 0, event: { type: 'api/applied', object: benchNode(n) } });
  const pods: string[] = [];
  for (let s = 0; s < workload.services; s++) {
    const app = `app-${s}`;
    inputs.push({ at: 1 + random.nextInt(1000), event: { type: 'api/applied', object: benchService(app) } });
    for (let p = 0; p < workload.podsPerService; p++) {
      const name = `${app}-${p}`;
      pods.push(name);
      const pod = benchPod(name, app, `node-${(s * workload.podsPerService + p) % workload.nodes}`);
      inputs.push({ at: 1 + random.nextInt(1000), event: { type: 'api/applied', object: pod } });
    }
  }
  for (let i = 0; i < workload.readinessChanges; i++) {
    inputs.push({
      at: 2_000 + random.nextInt(workload.durationMs - 2_000),
      event: {
        type: 'pod/readinessSet',
        namespace: 'default',
        name: random.pick(pods),
        ready: random.nextBoolean(0.5),
      },
    });
  }
  return inputs;
}
