import { createRandomStreams, type InputEntry } from '@svcsim/core';

import { benchDeployment, benchNode, benchPod, benchService } from './churnWorkload.js';

/** The cluster of the scale benchmark and the churn applied to it once it is built. */
export interface ClusterScaleWorkload {
  readonly nodes: number;
  readonly services: number;
  readonly podsPerService: number;
  /**
   * Every this-many-th Service is backed by a Deployment (its pods made by the Deployment and ReplicaSet
   * controllers and placed by the scheduler), so that scale changes have something to scale; the other
   * Services' pods are created directly, bound to a node, so the benchmark can name them in churn.
   */
  readonly deploymentEvery: number;
  readonly churnEvents: number;
  /** Virtual time by which the cluster is built: every pod Running and Ready, every EndpointSlice written. */
  readonly buildMs: number;
  /** Virtual time over which the churn events are spread evenly, starting right after `buildMs`. */
  readonly churnMs: number;
  /** Virtual time after the churn for its consequences to finish (graceful deletions take 30 s). */
  readonly settleMs: number;
}

/** Issue 3's scale: 1,000 nodes, 10,000 Services, 100,000 pods, 100,000 churn events. */
export const CLUSTER_SCALE: ClusterScaleWorkload = {
  nodes: 1_000,
  services: 10_000,
  podsPerService: 10,
  deploymentEvery: 10,
  churnEvents: 100_000,
  buildMs: 15_000,
  churnMs: 100_000,
  settleMs: 35_000,
};

/** The same cluster and churn at 1/`divisor` of the nodes, Services (so pods) and churn events. */
export function scaledDown(workload: ClusterScaleWorkload, divisor: number): ClusterScaleWorkload {
  return {
    ...workload,
    nodes: Math.max(1, Math.round(workload.nodes / divisor)),
    services: Math.max(1, Math.round(workload.services / divisor)),
    churnEvents: Math.max(1, Math.round(workload.churnEvents / divisor)),
  };
}

/** How many churn inputs of each kind the workload holds. */
export interface ChurnMix {
  readonly readinessFlips: number;
  readonly podDeletions: number;
  readonly podRecreations: number;
  readonly scaleChanges: number;
}

export interface ClusterScaleInputs {
  readonly inputs: readonly InputEntry[];
  /** Inputs that build the cluster (all at or before 1 s). */
  readonly buildInputs: number;
  readonly churn: ChurnMix;
  readonly durationMs: number;
}

/** A bare pod of the workload that exists (or will, once its creation is committed). */
interface LivePod {
  readonly name: string;
  readonly app: string;
  readonly node: string;
}

/** Weights of the churn draws; each deletion is followed by its re-creation, which takes a slot of its own. */
const FLIP_WEIGHT = 160;
const DELETE_WEIGHT = 15;
const SCALE_WEIGHT = 10;
/** How long after a pod's deletion its replacement is created, as a ReplicaSet would after its watch delay. */
const RECREATE_AFTER_MS = 200;

/**
 * The inputs of the scale benchmark, the same for the same seed. Build: the nodes at t=0, then every
 * Service, Deployment and bare pod at random instants of the first second (pods bound round-robin to
 * nodes). Churn: `churnEvents` inputs at evenly spaced instants after `buildMs`, of which about 80 % flip
 * a bare pod's readiness (always a real change: the workload tracks each pod's readiness), 7.5 % delete
 * a bare pod (gracefully, as `kubectl delete` does) and 7.5 % create its replacement under a new name on
 * the same node 200 ms later, and 5 % scale a Deployment one replica up or down and back. All objects are
 * in one namespace, as in the engine benchmark: the worst case for the per-namespace state tables.
 */
export function createClusterScaleInputs(workload: ClusterScaleWorkload, seed = 1): ClusterScaleInputs {
  const random = createRandomStreams(seed).stream('clusterScale');
  const inputs: InputEntry[] = [];
  for (let n = 0; n < workload.nodes; n++)
    inputs.push({ at: 0, event: { type: 'api/applied', object: benchNode(n) } });

  const readiness = new Map<string, boolean>();
  const livePods: LivePod[] = [];
  const deployments: string[] = [];
  const replicas = new Map<string, number>();
  let podSerial = 0;
  const buildAt = (): number => 1 + random.nextInt(1000);

  for (let s = 0; s < workload.services; s++) {
    const app = `app-${s}`;
    inputs.push({ at: buildAt(), event: { type: 'api/applied', object: benchService(app) } });
    if (s % workload.deploymentEvery === workload.deploymentEvery - 1) {
      deployments.push(app);
      replicas.set(app, workload.podsPerService);
      inputs.push({
        at: buildAt(),
        event: { type: 'api/applied', object: benchDeployment(app, workload.podsPerService) },
      });
      continue;
    }
    for (let p = 0; p < workload.podsPerService; p++) {
      const name = `${app}-${p}`;
      const node = `node-${podSerial++ % workload.nodes}`;
      livePods.push({ name, app, node });
      readiness.set(name, true);
      inputs.push({ at: buildAt(), event: { type: 'api/applied', object: benchPod(name, app, node) } });
    }
  }
  const buildInputs = inputs.length;

  let readinessFlips = 0;
  let podDeletions = 0;
  let podRecreations = 0;
  let scaleChanges = 0;
  const recreations: { due: number; pod: LivePod }[] = [];
  let replacementSerial = 0;
  const totalWeight = FLIP_WEIGHT + DELETE_WEIGHT + SCALE_WEIGHT;

  for (let i = 0; i < workload.churnEvents; i++) {
    const at = workload.buildMs + 1 + Math.floor((i * workload.churnMs) / workload.churnEvents);
    const due = recreations[0];
    if (due !== undefined && due.due <= at) {
      recreations.shift();
      const { name, app, node } = due.pod;
      livePods.push(due.pod);
      readiness.set(name, true);
      inputs.push({ at, event: { type: 'api/applied', object: benchPod(name, app, node) } });
      podRecreations++;
      continue;
    }
    const draw = random.nextInt(totalWeight);
    let kind: 'flip' | 'delete' | 'scale' =
      draw < FLIP_WEIGHT ? 'flip' : draw < FLIP_WEIGHT + DELETE_WEIGHT ? 'delete' : 'scale';
    // A cluster too small for some kind of churn gets the other kind instead.
    if (kind !== 'scale' && livePods.length === 0) kind = 'scale';
    if (kind === 'scale' && deployments.length === 0) kind = 'flip';
    if (kind === 'flip') {
      const pod = random.pick(livePods);
      const ready = !(readiness.get(pod.name) ?? true);
      readiness.set(pod.name, ready);
      inputs.push({ at, event: { type: 'pod/readinessSet', namespace: 'default', name: pod.name, ready } });
      readinessFlips++;
    } else if (kind === 'delete') {
      // Swap-remove: the victim is random, so the order of the live list does not matter.
      const index = random.nextInt(livePods.length);
      const pod = livePods[index] as LivePod;
      livePods[index] = livePods[livePods.length - 1] as LivePod;
      livePods.pop();
      readiness.delete(pod.name);
      inputs.push({ at, event: { type: 'api/deleted', kind: 'Pod', namespace: 'default', name: pod.name } });
      recreations.push({
        due: at + RECREATE_AFTER_MS,
        pod: { name: `${pod.app}-r${replacementSerial++}`, app: pod.app, node: pod.node },
      });
      podDeletions++;
    } else {
      const app = random.pick(deployments);
      const current = replicas.get(app) ?? workload.podsPerService;
      // One replica up or down, then back: the Deployment's size stays near podsPerService.
      const next =
        current === workload.podsPerService
          ? current + (random.nextBoolean(0.5) ? 1 : -1)
          : workload.podsPerService;
      replicas.set(app, next);
      inputs.push({
        at,
        event: { type: 'api/scaled', kind: 'Deployment', namespace: 'default', name: app, replicas: next },
      });
      scaleChanges++;
    }
  }
  return {
    inputs,
    buildInputs,
    churn: { readinessFlips, podDeletions, podRecreations, scaleChanges },
    durationMs: workload.buildMs + workload.churnMs + workload.settleMs,
  };
}
