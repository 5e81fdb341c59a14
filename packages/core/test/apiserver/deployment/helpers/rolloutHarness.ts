import type { Deployment, ReplicaSet } from '../../../../src/api/Deployment.js';
import type { Node } from '../../../../src/api/Node.js';
import type { Pod } from '../../../../src/api/Pod.js';
import { reconcileDeployment } from '../../../../src/apiserver/deployment/reconcileDeployment.js';
import { reconcileReplicaSet } from '../../../../src/apiserver/deployment/reconcileReplicaSet.js';
import { schedulePod } from '../../../../src/apiserver/deployment/schedulePod.js';
import { canonicalString, compareCodeUnits } from '../../../../src/canonicalDigest.js';
import { createRandomStreams } from '../../../../src/random/createRandomStreams.js';
import type { RandomStream } from '../../../../src/random/RandomStream.js';
import type { SimTime } from '../../../../src/SimTime.js';
import { node } from './fixtures.js';

/**
 * A miniature cluster for the Deployment and ReplicaSet controllers: a pure loop over virtual time. At each
 * instant it applies due kubelet effects (pods turning Ready, terminating pods disappearing), then runs
 * rounds of reconcileDeployment followed by reconcileReplicaSet for every ReplicaSet until nothing changes,
 * calling `check` after every round; then it jumps to the next instant anything is due.
 */
export interface Cluster {
  deployment: Deployment;
  readonly replicaSets: Map<string, ReplicaSet>;
  readonly pods: Map<string, Pod>;
  readonly nodes: readonly Node[];
  now: SimTime;
  /** Pod name → when the kubelet reports it Ready. */
  readonly readyAt: Map<string, SimTime>;
  /** Terminating pod name → when it is gone. */
  readonly goneAt: Map<string, SimTime>;
  /** Instants the controllers asked to be woken at. */
  readonly requeues: Set<SimTime>;
  /** Every (time, availableReplicas) the Deployment status went through. */
  readonly availabilityLog: { readonly at: SimTime; readonly available: number }[];
  readonly names: RandomStream;
  readonly kubelet: RandomStream;
  readonly options: ClusterOptions;
}

export interface ClusterOptions {
  readonly seed: number;
  readonly nodes?: number;
  /** Delay from creation to Ready, drawn uniformly from [min, max] ms per pod. */
  readonly readyDelayMs?: { readonly min: number; readonly max: number };
  /** 0 removes deleted pods at once; otherwise they terminate (not Ready) for this long. */
  readonly terminationGraceMs?: number;
}

/** A cluster running `deployment` at time 0, before any controller has acted. */
export function createCluster(deployment: Deployment, options: ClusterOptions): Cluster {
  const streams = createRandomStreams(options.seed);
  return {
    deployment,
    replicaSets: new Map(),
    pods: new Map(),
    nodes: Array.from({ length: options.nodes ?? 3 }, (_, i) => node(`node-${i + 1}`)),
    now: 0,
    readyAt: new Map(),
    goneAt: new Map(),
    requeues: new Set(),
    availabilityLog: [],
    names: streams.stream('replicaset-controller'),
    kubelet: streams.stream('kubelet'),
    options,
  };
}

/** Changes the Deployment's spec the way `kubectl apply` would: a new generation. */
export function editDeployment(
  cluster: Cluster,
  edit: (spec: Deployment['spec']) => Deployment['spec'],
): void {
  const d = cluster.deployment;
  cluster.deployment = {
    ...d,
    metadata: { ...d.metadata, generation: (d.metadata.generation ?? 0) + 1 },
    spec: edit(d.spec),
  };
}

/** Runs until nothing is due any more; throws if that takes past `limitMs` or a round never settles. */
export function runUntilSettled(
  cluster: Cluster,
  check: (cluster: Cluster) => void = () => undefined,
  limitMs = 10 * 60_000,
): void {
  for (;;) {
    let rounds = 0;
    // Kubelet effects due now (a pod with no start-up delay is Ready the instant it is created) and the
    // controllers' reactions alternate until the instant is quiet.
    while (applyKubelet(cluster) || reconcileRound(cluster)) {
      check(cluster);
      if (++rounds > 1000) throw new Error(`controllers did not settle at t=${cluster.now}`);
    }
    check(cluster);
    const next = nextDue(cluster);
    if (next === undefined) return;
    if (next > limitMs) throw new Error(`still busy at t=${next}ms, past the ${limitMs}ms limit`);
    cluster.now = next;
  }
}

/** Pods that are not terminating. */
export function livePods(cluster: Cluster): Pod[] {
  return [...cluster.pods.values()].filter((p) => p.metadata.deletionTimestamp === undefined);
}

/** Applies the kubelet effects due by now; returns whether there were any. */
function applyKubelet(cluster: Cluster): boolean {
  let applied = false;
  for (const [name, at] of [...cluster.readyAt]) {
    if (at > cluster.now) continue;
    applied = true;
    cluster.readyAt.delete(name);
    const pod = cluster.pods.get(name);
    if (pod === undefined || pod.metadata.deletionTimestamp !== undefined) continue;
    cluster.pods.set(name, {
      ...pod,
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: at }] },
    });
  }
  for (const [name, at] of [...cluster.goneAt]) {
    if (at > cluster.now) continue;
    applied = true;
    cluster.goneAt.delete(name);
    cluster.pods.delete(name);
  }
  return applied;
}

function nextDue(cluster: Cluster): SimTime | undefined {
  let next: SimTime | undefined;
  for (const at of [...cluster.readyAt.values(), ...cluster.goneAt.values(), ...cluster.requeues]) {
    if (at > cluster.now && (next === undefined || at < next)) next = at;
  }
  for (const at of [...cluster.requeues]) if (at <= cluster.now) cluster.requeues.delete(at);
  return next;
}

/** One pass of both controllers; returns whether anything changed. */
function reconcileRound(cluster: Cluster): boolean {
  let changed = false;
  const d = cluster.deployment;
  const actions = reconcileDeployment({
    deployment: d,
    replicaSets: [...cluster.replicaSets.values()],
    pods: [...cluster.pods.values()],
    now: cluster.now,
  });
  if (actions.createReplicaSet !== undefined) {
    const rs = actions.createReplicaSet;
    const name = rs.metadata.name ?? '';
    cluster.replicaSets.set(name, { ...rs, metadata: { ...rs.metadata, uid: `uid-${name}`, generation: 1 } });
    changed = true;
  }
  for (const update of actions.updateReplicaSets) {
    const rs = cluster.replicaSets.get(update.name);
    if (rs === undefined) throw new Error(`update of unknown ReplicaSet ${update.name}`);
    cluster.replicaSets.set(update.name, {
      ...rs,
      metadata: {
        ...rs.metadata,
        annotations: update.annotations,
        generation: (rs.metadata.generation ?? 0) + 1,
      },
      spec: { ...rs.spec, replicas: update.replicas, minReadySeconds: update.minReadySeconds },
    });
    changed = true;
  }
  for (const name of actions.deleteReplicaSets) {
    cluster.replicaSets.delete(name);
    changed = true;
  }
  const annotations = { ...(d.metadata.annotations ?? {}) };
  if (actions.revision !== undefined) annotations['deployment.kubernetes.io/revision'] = actions.revision;
  const next: Deployment = { ...d, metadata: { ...d.metadata, annotations }, status: actions.status };
  if (canonicalString(next) !== canonicalString(d)) {
    cluster.deployment = next;
    changed = true;
    if ((actions.status.availableReplicas ?? 0) !== (d.status?.availableReplicas ?? 0)) {
      cluster.availabilityLog.push({ at: cluster.now, available: actions.status.availableReplicas ?? 0 });
    }
  }
  if (actions.requeueAt !== undefined) cluster.requeues.add(actions.requeueAt);

  const rsNames = [...cluster.replicaSets.keys()].sort(compareCodeUnits);
  for (const name of rsNames) {
    const rs = cluster.replicaSets.get(name);
    if (rs === undefined) continue;
    const pods = [...cluster.pods.values()];
    const rsActions = reconcileReplicaSet({
      replicaSet: rs,
      pods,
      relatedPods: pods,
      random: cluster.names,
      now: cluster.now,
    });
    for (const created of rsActions.createPods) {
      const podName = created.metadata.name ?? '';
      const nodeName = schedulePod(created, cluster.nodes, podCountByNode(cluster));
      cluster.pods.set(podName, {
        ...created,
        metadata: { ...created.metadata, uid: `uid-${podName}` },
        spec: { ...created.spec, ...(nodeName === undefined ? {} : { nodeName }) },
      });
      const { min, max } = cluster.options.readyDelayMs ?? { min: 1000, max: 1000 };
      cluster.readyAt.set(podName, cluster.now + min + cluster.kubelet.nextInt(max - min + 1));
      changed = true;
    }
    for (const podName of rsActions.deletePods) {
      deletePod(cluster, podName);
      changed = true;
    }
    if (canonicalString(rsActions.status) !== canonicalString(rs.status ?? {})) {
      cluster.replicaSets.set(name, { ...rs, status: rsActions.status });
      changed = true;
    }
    if (rsActions.requeueAt !== undefined) cluster.requeues.add(rsActions.requeueAt);
  }
  return changed;
}

function deletePod(cluster: Cluster, name: string): void {
  const grace = cluster.options.terminationGraceMs ?? 0;
  const pod = cluster.pods.get(name);
  if (pod === undefined) return;
  cluster.readyAt.delete(name);
  if (grace === 0) {
    cluster.pods.delete(name);
    return;
  }
  // A terminating pod leaves its Service at once (not Ready) but keeps running until the grace period ends.
  cluster.pods.set(name, {
    ...pod,
    metadata: { ...pod.metadata, deletionTimestamp: cluster.now + grace },
    status: {
      ...(pod.status ?? {}),
      conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: cluster.now }],
    },
  });
  cluster.goneAt.set(name, cluster.now + grace);
}

function podCountByNode(cluster: Cluster): Map<string, number> {
  const counts = new Map<string, number>();
  for (const pod of cluster.pods.values()) {
    const nodeName = pod.spec.nodeName;
    if (nodeName !== undefined) counts.set(nodeName, (counts.get(nodeName) ?? 0) + 1);
  }
  return counts;
}
