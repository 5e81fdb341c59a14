import type { Deployment, DeploymentStatus, ReplicaSet } from '../../api/Deployment.js';
import type { Pod } from '../../api/Pod.js';
import { compareCodeUnits } from '../../canonicalDigest.js';
import type { SimTime } from '../../SimTime.js';
import { isControlledBy, newControllerRef } from './controllerRef.js';
import {
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  parseGoInt,
  parseRevision,
  REVISION_ANNOTATION,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
} from './deploymentAnnotations.js';
import { equalIgnoreHash } from './equalIgnoreHash.js';
import { isPodActive } from './isPodActive.js';
import { isPodAvailable, isPodReady, podAvailableAt } from './isPodAvailable.js';
import { isEmptyLabelSelector } from './labelSelector.js';
import { computePodTemplateHash, POD_TEMPLATE_HASH_LABEL } from './podTemplateHash.js';
import { deploymentMaxSurge, deploymentMaxUnavailable, deploymentStrategy } from './resolveFenceposts.js';

/** apps/v1 default for spec.revisionHistoryLimit: old ReplicaSets kept for rollback. */
export const DEFAULT_REVISION_HISTORY_LIMIT = 10;

/** A revisionHistoryLimit of MaxInt32 means "keep every old ReplicaSet" (HasRevisionHistoryLimit). */
const MAX_INT32 = 2147483647;

/** What one Deployment sync sees. */
export interface DeploymentReconcileInput {
  readonly deployment: Deployment;
  /** ReplicaSets this Deployment controls (others are ignored; adoption of orphans is not modelled). */
  readonly replicaSets: readonly ReplicaSet[];
  /** Pods controlled by those ReplicaSets, terminating ones included. */
  readonly pods: readonly Pod[];
  readonly now: SimTime;
}

/** A change to an existing ReplicaSet: its new size and the bookkeeping the controller keeps with it. */
export interface ReplicaSetUpdate {
  readonly name: string;
  readonly replicas: number;
  readonly minReadySeconds: number;
  /** The complete annotations after the change (revision, desired-replicas, max-replicas, copied ones). */
  readonly annotations: Readonly<Record<string, string>>;
}

/** What one Deployment sync does, as data for the runner to apply in field order. */
export interface DeploymentActions {
  /** The new ReplicaSet for the current template, complete, when none exists yet. */
  readonly createReplicaSet?: ReplicaSet;
  /** Changes to existing ReplicaSets, in the order the controller made them. */
  readonly updateReplicaSets: readonly ReplicaSetUpdate[];
  /** Old ReplicaSets beyond revisionHistoryLimit to delete, oldest revision first. */
  readonly deleteReplicaSets: readonly string[];
  readonly status: DeploymentStatus;
  /** The value of the Deployment's deployment.kubernetes.io/revision annotation, once a new ReplicaSet exists. */
  readonly revision?: string;
  /** When a Ready pod passes minReadySeconds, so the Deployment should sync again. */
  readonly requeueAt?: SimTime;
}

/** A ReplicaSet as this sync sees it, with the changes made so far. */
interface WorkingReplicaSet {
  readonly name: string;
  readonly source: ReplicaSet;
  readonly created: boolean;
  replicas: number;
  minReadySeconds: number;
  annotations: Record<string, string>;
  /** Pods it controls, terminating ones included. */
  readonly pods: readonly Pod[];
}

interface SyncContext {
  readonly deployment: Deployment;
  readonly now: SimTime;
  readonly replicas: number;
  readonly recreate: boolean;
  readonly maxSurge: number;
  readonly maxUnavailable: number;
  readonly minReadySeconds: number;
  /** Every ReplicaSet of the Deployment, oldest first; a created one is appended, deleted ones removed. */
  readonly replicaSets: WorkingReplicaSet[];
  /** Existing ReplicaSets changed by this sync, in order of first change. */
  readonly changed: WorkingReplicaSet[];
  readonly deleted: string[];
  collisionCount: number | undefined;
  revision: string | undefined;
}

/**
 * One sync of the Deployment controller (pkg/controller/deployment syncDeployment): a paused Deployment or
 * a change of spec.replicas is scaled (proportionally across ReplicaSets mid-rollout, sync.go); otherwise
 * the strategy rolls out (rolling.go, recreate.go), and once complete, old ReplicaSets beyond
 * revisionHistoryLimit are deleted. A changed template gets a new ReplicaSet `<deployment>-<hash>`; a
 * template equal to an old ReplicaSet's (a rollback) reuses that ReplicaSet under a new revision.
 *
 * Deliberate differences: ReplicaSet replica counts (status.replicas, readyReplicas, availableReplicas) are
 * counted from the given pods at `now` rather than read from possibly stale ReplicaSet status; a hash
 * collision is resolved within the sync (collisionCount bumped until the name is free) instead of over a
 * failed create and a requeue; Deployment conditions and progressDeadlineSeconds are not modelled.
 */
export function reconcileDeployment(input: DeploymentReconcileInput): DeploymentActions {
  const { deployment } = input;
  if (isEmptyLabelSelector(deployment.spec.selector)) {
    // The real controller refuses to manage a Deployment that would select every pod; it only records that
    // it has seen this generation.
    return {
      updateReplicaSets: [],
      deleteReplicaSets: [],
      status: { ...(deployment.status ?? {}), observedGeneration: deployment.metadata.generation ?? 0 },
    };
  }
  const ctx = createSyncContext(input);
  if (deployment.metadata.deletionTimestamp !== undefined) return finish(ctx, getNewReplicaSet(ctx, false));
  if (deployment.spec.paused === true) return syncScaling(ctx, true);
  if (isScalingEvent(ctx)) return syncScaling(ctx, false);
  return ctx.recreate ? rolloutRecreate(ctx) : rolloutRolling(ctx);
}

function createSyncContext(input: DeploymentReconcileInput): SyncContext {
  const { deployment, now } = input;
  const replicaSets = input.replicaSets
    .filter((rs) => isControlledBy(rs.metadata, 'Deployment', deployment.metadata))
    .map((rs): WorkingReplicaSet => ({
      name: rs.metadata.name ?? '',
      source: rs,
      created: false,
      replicas: rs.spec.replicas ?? 1,
      minReadySeconds: rs.spec.minReadySeconds ?? 0,
      annotations: { ...(rs.metadata.annotations ?? {}) },
      pods: input.pods.filter((pod) => isControlledBy(pod.metadata, 'ReplicaSet', rs.metadata)),
    }))
    .sort(byCreation);
  return {
    deployment,
    now,
    replicas: deployment.spec.replicas ?? 1,
    recreate: deploymentStrategy(deployment).type === 'Recreate',
    maxSurge: deploymentMaxSurge(deployment),
    maxUnavailable: deploymentMaxUnavailable(deployment),
    minReadySeconds: deployment.spec.minReadySeconds ?? 0,
    replicaSets,
    changed: [],
    deleted: [],
    collisionCount: deployment.status?.collisionCount,
    revision: undefined,
  };
}

/** sync(): scaling events and paused Deployments. */
function syncScaling(ctx: SyncContext, paused: boolean): DeploymentActions {
  const newRS = getNewReplicaSet(ctx, false);
  const oldRSs = ctx.replicaSets.filter((w) => w !== newRS);
  scale(ctx, newRS, oldRSs);
  if (paused) cleanupDeployment(ctx, oldRSs);
  return finish(ctx, newRS);
}

function rolloutRolling(ctx: SyncContext): DeploymentActions {
  const newRS = getNewReplicaSet(ctx, true);
  if (newRS === undefined) throw new Error('unreachable: getNewReplicaSet creates when asked to');
  const oldRSs = ctx.replicaSets.filter((w) => w !== newRS);
  if (reconcileNewReplicaSet(ctx, newRS)) return finish(ctx, newRS);
  const activeOldRSs = oldRSs.filter((w) => w.replicas > 0);
  if (reconcileOldReplicaSets(ctx, activeOldRSs, newRS)) return finish(ctx, newRS);
  if (deploymentComplete(ctx)) cleanupDeployment(ctx, oldRSs);
  return finish(ctx, newRS);
}

function rolloutRecreate(ctx: SyncContext): DeploymentActions {
  // The new ReplicaSet is not created before the old pods are gone, so nothing scales up before scaling down.
  let newRS = getNewReplicaSet(ctx, false);
  const oldRSs = ctx.replicaSets.filter((w) => w !== newRS);
  let scaledDown = false;
  for (const w of oldRSs.filter((rs) => rs.replicas > 0)) {
    if (scaleReplicaSetAndRecordEvent(ctx, w, 0)) scaledDown = true;
  }
  if (scaledDown || oldPodsRunning(ctx, newRS, oldRSs)) return finish(ctx, newRS);
  newRS ??= getNewReplicaSet(ctx, true);
  if (newRS === undefined) throw new Error('unreachable: getNewReplicaSet creates when asked to');
  scaleReplicaSetAndRecordEvent(ctx, newRS, ctx.replicas);
  if (deploymentComplete(ctx)) cleanupDeployment(ctx, oldRSs);
  return finish(ctx, newRS);
}

/**
 * getNewReplicaSet: the oldest ReplicaSet whose template equals the Deployment's (ignoring the hash
 * label), with its revision raised above every old one and the Deployment's annotations and
 * minReadySeconds synced onto it; or, when asked to, a newly created one.
 */
function getNewReplicaSet(ctx: SyncContext, createIfNotExisted: boolean): WorkingReplicaSet | undefined {
  const { deployment } = ctx;
  const existing = ctx.replicaSets.find((w) =>
    equalIgnoreHash(w.source.spec.template, deployment.spec.template),
  );
  let maxOldRevision = 0;
  for (const w of ctx.replicaSets) {
    if (w === existing) continue;
    const revision = parseRevision(w.annotations);
    if (revision !== undefined && revision > maxOldRevision) maxOldRevision = revision;
  }
  const newRevision = maxOldRevision + 1;

  if (existing !== undefined) {
    if (!existing.created) {
      const annotations = { ...existing.annotations };
      const annotationsChanged = setNewReplicaSetAnnotations(
        annotations,
        deployment.metadata.annotations,
        newRevision,
        undefined,
      );
      if (annotationsChanged || existing.minReadySeconds !== ctx.minReadySeconds) {
        existing.annotations = annotations;
        existing.minReadySeconds = ctx.minReadySeconds;
        markChanged(ctx, existing);
      }
    }
    ctx.revision = existing.annotations[REVISION_ANNOTATION];
    return existing;
  }
  if (!createIfNotExisted) return undefined;

  const deploymentName = deployment.metadata.name ?? '';
  let hash = computePodTemplateHash(deployment.spec.template, ctx.collisionCount);
  // A ReplicaSet already holding the name has a different template (else it would be the new one above).
  while (ctx.replicaSets.some((w) => w.name === `${deploymentName}-${hash}`)) {
    ctx.collisionCount = (ctx.collisionCount ?? 0) + 1;
    hash = computePodTemplateHash(deployment.spec.template, ctx.collisionCount);
  }
  const template = deployment.spec.template;
  const labels = { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
  const source: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${deploymentName}-${hash}`,
      ...(deployment.metadata.namespace === undefined ? {} : { namespace: deployment.metadata.namespace }),
      creationTimestamp: ctx.now,
      labels,
      ownerReferences: [newControllerRef('apps/v1', 'Deployment', deployment.metadata)],
    },
    spec: {
      replicas: 0,
      minReadySeconds: ctx.minReadySeconds,
      selector: {
        ...deployment.spec.selector,
        matchLabels: { ...(deployment.spec.selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash },
      },
      template: { ...template, metadata: { ...(template.metadata ?? {}), labels } },
    },
  };
  const created: WorkingReplicaSet = {
    name: `${deploymentName}-${hash}`,
    source,
    created: true,
    replicas: 0,
    minReadySeconds: ctx.minReadySeconds,
    annotations: {},
    pods: [],
  };
  ctx.replicaSets.push(created);
  created.replicas = newRSNewReplicas(ctx, created);
  setNewReplicaSetAnnotations(created.annotations, deployment.metadata.annotations, newRevision, {
    desired: ctx.replicas,
    max: ctx.replicas + ctx.maxSurge,
  });
  ctx.revision = String(newRevision);
  return created;
}

/**
 * deploymentutil.NewRSNewReplicas: Recreate wants all replicas at once; RollingUpdate adds as many as keep
 * every ReplicaSet's spec.replicas together within replicas + maxSurge, never past spec.replicas.
 */
function newRSNewReplicas(ctx: SyncContext, newRS: WorkingReplicaSet): number {
  if (ctx.recreate) return ctx.replicas;
  const currentPodCount = sumReplicas(ctx.replicaSets);
  const maxTotalPods = ctx.replicas + ctx.maxSurge;
  if (currentPodCount >= maxTotalPods) return newRS.replicas;
  return newRS.replicas + Math.min(maxTotalPods - currentPodCount, ctx.replicas - newRS.replicas);
}

/** Scale the new ReplicaSet up within the surge, or down if it is above spec.replicas. */
function reconcileNewReplicaSet(ctx: SyncContext, newRS: WorkingReplicaSet): boolean {
  if (newRS.replicas === ctx.replicas) return false;
  if (newRS.replicas > ctx.replicas) return scaleReplicaSetAndRecordEvent(ctx, newRS, ctx.replicas);
  return scaleReplicaSetAndRecordEvent(ctx, newRS, newRSNewReplicas(ctx, newRS));
}

/**
 * Scale old ReplicaSets down as far as availability allows. maxScaledDown also subtracts the new
 * ReplicaSet's unavailable pods, so a crash-looping new template never eats into the old, working pods.
 */
function reconcileOldReplicaSets(
  ctx: SyncContext,
  activeOldRSs: readonly WorkingReplicaSet[],
  newRS: WorkingReplicaSet,
): boolean {
  if (sumReplicas(activeOldRSs) === 0) return false;
  const allPodsCount = sumReplicas(ctx.replicaSets);
  const minAvailable = ctx.replicas - ctx.maxUnavailable;
  const newRSUnavailablePodCount = newRS.replicas - observe(ctx, newRS).available;
  const maxScaledDown = allPodsCount - minAvailable - newRSUnavailablePodCount;
  if (maxScaledDown <= 0) return false;

  // Unhealthy old replicas go first: removing them costs no availability, and left alone they would block
  // the rollout (kubernetes/kubernetes#16737).
  const cleanupCount = cleanupUnhealthyReplicas(ctx, activeOldRSs, maxScaledDown);
  if (cleanupCount === undefined) return false;
  const scaledDownCount = scaleDownOldReplicaSetsForRollingUpdate(
    ctx,
    [...activeOldRSs, newRS],
    activeOldRSs,
  );
  return cleanupCount + scaledDownCount > 0;
}

/** Oldest first, scale each old ReplicaSet down by its unavailable replicas, up to maxCleanupCount in all. */
function cleanupUnhealthyReplicas(
  ctx: SyncContext,
  oldRSs: readonly WorkingReplicaSet[],
  maxCleanupCount: number,
): number | undefined {
  let totalScaledDown = 0;
  for (const w of [...oldRSs].sort(byCreation)) {
    if (totalScaledDown >= maxCleanupCount) break;
    if (w.replicas === 0) continue;
    const available = observe(ctx, w).available;
    if (w.replicas === available) continue;
    const scaledDownCount = Math.min(maxCleanupCount - totalScaledDown, w.replicas - available);
    // More available pods than replicas (pods not yet deleted): the real controller reports an error and
    // the rollout step gives up until the ReplicaSet has caught up.
    if (scaledDownCount < 0) return undefined;
    scaleReplicaSetAndRecordEvent(ctx, w, w.replicas - scaledDownCount);
    totalScaledDown += scaledDownCount;
  }
  return totalScaledDown;
}

/** Oldest first, scale old ReplicaSets down by as many pods as are available above the minimum. */
function scaleDownOldReplicaSetsForRollingUpdate(
  ctx: SyncContext,
  allRSs: readonly WorkingReplicaSet[],
  oldRSs: readonly WorkingReplicaSet[],
): number {
  const minAvailable = ctx.replicas - ctx.maxUnavailable;
  let availablePodCount = 0;
  for (const w of allRSs) availablePodCount += observe(ctx, w).available;
  if (availablePodCount <= minAvailable) return 0;
  const totalScaleDownCount = availablePodCount - minAvailable;
  let totalScaledDown = 0;
  for (const w of [...oldRSs].sort(byCreation)) {
    if (totalScaledDown >= totalScaleDownCount) break;
    if (w.replicas === 0) continue;
    const scaleDownCount = Math.min(w.replicas, totalScaleDownCount - totalScaledDown);
    scaleReplicaSetAndRecordEvent(ctx, w, w.replicas - scaleDownCount);
    totalScaledDown += scaleDownCount;
  }
  return totalScaledDown;
}

/** Recreate waits while an old ReplicaSet counts a replica or any pod outside the new one is not terminal. */
function oldPodsRunning(
  ctx: SyncContext,
  newRS: WorkingReplicaSet | undefined,
  oldRSs: readonly WorkingReplicaSet[],
): boolean {
  for (const w of oldRSs) if (observe(ctx, w).actual > 0) return true;
  // Terminating pods count too: they may still be serving, and Recreate promises no overlap.
  return ctx.replicaSets.some(
    (w) =>
      w !== newRS &&
      w.pods.some((pod) => pod.status?.phase !== 'Failed' && pod.status?.phase !== 'Succeeded'),
  );
}

/**
 * isScalingEvent: some active ReplicaSet was last sized for a different spec.replicas (its desired-replicas
 * annotation), so the replica count changed rather than the template.
 */
function isScalingEvent(ctx: SyncContext): boolean {
  for (const w of ctx.replicaSets) {
    if (w.replicas <= 0) continue;
    const raw = w.annotations[DESIRED_REPLICAS_ANNOTATION];
    const desired = raw === undefined ? undefined : parseGoInt(raw);
    if (desired !== undefined && desired !== ctx.replicas) return true;
  }
  return false;
}

/**
 * scale(): with at most one active ReplicaSet, size it (or the newest) to spec.replicas; with a saturated
 * new ReplicaSet, drop the old ones to 0; mid-rollout, spread the change across active ReplicaSets in
 * proportion to their size, so scaling never speeds up or slows down the rollout itself.
 */
function scale(
  ctx: SyncContext,
  newRS: WorkingReplicaSet | undefined,
  oldRSs: readonly WorkingReplicaSet[],
): void {
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest !== undefined) {
    if (activeOrLatest.replicas !== ctx.replicas)
      scaleReplicaSetAndRecordEvent(ctx, activeOrLatest, ctx.replicas);
    return;
  }
  if (newRS !== undefined && isSaturated(ctx, newRS)) {
    for (const w of oldRSs) if (w.replicas > 0) scaleReplicaSetAndRecordEvent(ctx, w, 0);
    return;
  }
  if (ctx.recreate) return;

  const active = [...oldRSs, ...(newRS === undefined ? [] : [newRS])].filter((w) => w.replicas > 0);
  const allowedSize = ctx.replicas > 0 ? ctx.replicas + ctx.maxSurge : 0;
  const replicasToAdd = allowedSize - sumReplicas(active);
  // Scaling up favours the larger and then the newer ReplicaSets; scaling down the larger and then the older.
  if (replicasToAdd > 0) active.sort((a, b) => b.replicas - a.replicas || byCreation(b, a));
  if (replicasToAdd < 0) active.sort((a, b) => b.replicas - a.replicas || byCreation(a, b));

  let replicasAdded = 0;
  const sizes = new Map<WorkingReplicaSet, number>();
  for (const w of active) {
    const proportion = replicasToAdd === 0 ? 0 : getProportion(ctx, w, replicasToAdd, replicasAdded);
    sizes.set(w, w.replicas + proportion);
    replicasAdded += proportion;
  }
  active.forEach((w, i) => {
    let size = sizes.get(w) ?? w.replicas;
    // Rounding leftovers go to the first (largest) ReplicaSet.
    if (i === 0 && replicasToAdd !== 0) size = Math.max(0, size + replicasToAdd - replicasAdded);
    scaleReplicaSet(ctx, w, size);
  });
}

function findActiveOrLatest(
  newRS: WorkingReplicaSet | undefined,
  oldRSs: readonly WorkingReplicaSet[],
): WorkingReplicaSet | undefined {
  const newestOldFirst = [...oldRSs].sort((a, b) => byCreation(b, a));
  const active = [...newestOldFirst, ...(newRS === undefined ? [] : [newRS])].filter((w) => w.replicas > 0);
  if (active.length === 0) return newRS ?? newestOldFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

function isSaturated(ctx: SyncContext, newRS: WorkingReplicaSet): boolean {
  const raw = newRS.annotations[DESIRED_REPLICAS_ANNOTATION];
  const desired = raw === undefined ? undefined : parseGoInt(raw);
  return (
    desired === ctx.replicas &&
    newRS.replicas === ctx.replicas &&
    observe(ctx, newRS).available === ctx.replicas
  );
}

/** deploymentutil.GetProportion: this ReplicaSet's share of the replicas still to add (or remove). */
function getProportion(
  ctx: SyncContext,
  w: WorkingReplicaSet,
  replicasToAdd: number,
  replicasAdded: number,
): number {
  if (w.replicas === 0 || replicasToAdd === 0 || replicasToAdd === replicasAdded) return 0;
  const fraction = replicaSetFraction(ctx, w);
  const allowed = replicasToAdd - replicasAdded;
  return replicasToAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/** getReplicaSetFraction: the ReplicaSet's size rescaled from its max-replicas annotation to the new max. */
function replicaSetFraction(ctx: SyncContext, w: WorkingReplicaSet): number {
  if (ctx.replicas === 0) return -w.replicas;
  const deploymentMaxReplicas = ctx.replicas + ctx.maxSurge;
  const raw = w.annotations[MAX_REPLICAS_ANNOTATION];
  let before = raw === undefined ? undefined : parseGoInt(raw);
  if (before === undefined || before === 0) {
    // Without the annotation, fall back to the Deployment's current size; with neither, do not guess
    // (newer controllers' guard against dividing by zero).
    before = ctx.deployment.status?.replicas ?? 0;
    if (before === 0) return 0;
  }
  return roundToInt32((w.replicas * deploymentMaxReplicas) / before) - w.replicas;
}

/** k8s.io/utils/integer.RoundToInt32: halves round away from zero. */
function roundToInt32(a: number): number {
  return a < 0 ? Math.trunc(a - 0.5) : Math.trunc(a + 0.5);
}

/** Changes the size when it differs; returns whether it scaled. */
function scaleReplicaSetAndRecordEvent(ctx: SyncContext, w: WorkingReplicaSet, replicas: number): boolean {
  if (w.replicas === replicas) return false;
  return scaleReplicaSet(ctx, w, replicas);
}

/**
 * Sets the size and the desired-replicas/max-replicas annotations (updating even when only the annotations
 * are stale, which is how a scaling event ends); returns whether the size changed.
 */
function scaleReplicaSet(ctx: SyncContext, w: WorkingReplicaSet, replicas: number): boolean {
  const sizeChanged = w.replicas !== replicas;
  const annotations = { ...w.annotations };
  const annotationsChanged = setReplicasAnnotations(annotations, ctx.replicas, ctx.replicas + ctx.maxSurge);
  if (sizeChanged || annotationsChanged) {
    w.replicas = replicas;
    w.annotations = annotations;
    markChanged(ctx, w);
  }
  return sizeChanged;
}

/**
 * cleanupDeployment: deletes the oldest-revision old ReplicaSets beyond revisionHistoryLimit, skipping any
 * that still have replicas, pods, unobserved changes or a deletion under way.
 */
function cleanupDeployment(ctx: SyncContext, oldRSs: readonly WorkingReplicaSet[]): void {
  const limit = ctx.deployment.spec.revisionHistoryLimit ?? DEFAULT_REVISION_HISTORY_LIMIT;
  if (limit === MAX_INT32) return;
  const cleanable = oldRSs.filter((w) => !w.created && w.source.metadata.deletionTimestamp === undefined);
  const diff = cleanable.length - limit;
  if (diff <= 0) return;
  cleanable.sort((a, b) => {
    const ra = parseRevision(a.annotations);
    const rb = parseRevision(b.annotations);
    if (ra === undefined || rb === undefined || ra === rb) return byCreation(a, b);
    return ra - rb;
  });
  for (const w of cleanable.slice(0, diff)) {
    const generation = w.source.metadata.generation ?? 0;
    const observedGeneration = w.source.status?.observedGeneration ?? 0;
    if (observe(ctx, w).actual !== 0 || w.replicas !== 0 || generation > observedGeneration) continue;
    ctx.deleted.push(w.name);
    ctx.replicaSets.splice(ctx.replicaSets.indexOf(w), 1);
  }
}

/** DeploymentComplete over the status the Deployment last recorded, as the real controller checks it. */
function deploymentComplete(ctx: SyncContext): boolean {
  const status = ctx.deployment.status ?? {};
  return (
    (status.updatedReplicas ?? 0) === ctx.replicas &&
    (status.replicas ?? 0) === ctx.replicas &&
    (status.availableReplicas ?? 0) === ctx.replicas &&
    (status.observedGeneration ?? 0) >= (ctx.deployment.metadata.generation ?? 0)
  );
}

interface Observed {
  /** Active pods: what the ReplicaSet's status.replicas would say. */
  readonly actual: number;
  readonly ready: number;
  readonly available: number;
  /** The earliest future instant at which a Ready pod becomes available. */
  readonly nextAvailableAt: SimTime | undefined;
}

/** The ReplicaSet's replica counts at `now`, with its (possibly just updated) minReadySeconds. */
function observe(ctx: SyncContext, w: WorkingReplicaSet): Observed {
  let actual = 0;
  let ready = 0;
  let available = 0;
  let nextAvailableAt: SimTime | undefined;
  for (const pod of w.pods) {
    if (!isPodActive(pod)) continue;
    actual++;
    if (!isPodReady(pod)) continue;
    ready++;
    if (isPodAvailable(pod, w.minReadySeconds, ctx.now)) {
      available++;
      continue;
    }
    const at = podAvailableAt(pod, w.minReadySeconds);
    if (at !== undefined && (nextAvailableAt === undefined || at < nextAvailableAt)) nextAvailableAt = at;
  }
  return { actual, ready, available, nextAvailableAt };
}

/** calculateStatus plus the actions gathered by the sync. */
function finish(ctx: SyncContext, newRS: WorkingReplicaSet | undefined): DeploymentActions {
  let replicas = 0;
  let readyReplicas = 0;
  let availableReplicas = 0;
  let requeueAt: SimTime | undefined;
  for (const w of ctx.replicaSets) {
    const observed = observe(ctx, w);
    replicas += observed.actual;
    readyReplicas += observed.ready;
    availableReplicas += observed.available;
    const at = observed.nextAvailableAt;
    if (at !== undefined && (requeueAt === undefined || at < requeueAt)) requeueAt = at;
  }
  const status: DeploymentStatus = {
    observedGeneration: ctx.deployment.metadata.generation ?? 0,
    replicas,
    updatedReplicas: newRS === undefined ? 0 : observe(ctx, newRS).actual,
    readyReplicas,
    availableReplicas,
    // Negative while scaling down with surplus available pods; the real controller reports 0 then.
    unavailableReplicas: Math.max(0, sumReplicas(ctx.replicaSets) - availableReplicas),
    ...(ctx.collisionCount === undefined ? {} : { collisionCount: ctx.collisionCount }),
  };
  const created = ctx.replicaSets.find((w) => w.created);
  return {
    ...(created === undefined ? {} : { createReplicaSet: materialize(created) }),
    updateReplicaSets: ctx.changed.map((w) => ({
      name: w.name,
      replicas: w.replicas,
      minReadySeconds: w.minReadySeconds,
      annotations: sortedRecord(w.annotations),
    })),
    deleteReplicaSets: [...ctx.deleted],
    status,
    ...(ctx.revision === undefined ? {} : { revision: ctx.revision }),
    ...(requeueAt === undefined ? {} : { requeueAt }),
  };
}

function materialize(w: WorkingReplicaSet): ReplicaSet {
  return {
    ...w.source,
    metadata: { ...w.source.metadata, annotations: sortedRecord(w.annotations) },
    spec: { ...w.source.spec, replicas: w.replicas, minReadySeconds: w.minReadySeconds },
  };
}

function markChanged(ctx: SyncContext, w: WorkingReplicaSet): void {
  if (!w.created && !ctx.changed.includes(w)) ctx.changed.push(w);
}

function sumReplicas(replicaSets: readonly WorkingReplicaSet[]): number {
  let total = 0;
  for (const w of replicaSets) total += w.replicas;
  return total;
}

/** ReplicaSetsByCreationTimestamp: older first, a missing timestamp (Go's zero time) first, then by name. */
function byCreation(a: WorkingReplicaSet, b: WorkingReplicaSet): number {
  const ta = a.source.metadata.creationTimestamp ?? Number.NEGATIVE_INFINITY;
  const tb = b.source.metadata.creationTimestamp ?? Number.NEGATIVE_INFINITY;
  if (ta !== tb) return ta < tb ? -1 : 1;
  return compareCodeUnits(a.name, b.name);
}

/** Annotations with keys in code-unit order, so emitted objects are byte-identical across runs. */
function sortedRecord(record: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(record).sort(compareCodeUnits)) out[key] = record[key] ?? '';
  return out;
}
