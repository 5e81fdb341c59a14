import { Subscription } from 'rxjs';

import type { Deployment, ReplicaSet } from '../api/Deployment.js';
import type { KubeObject } from '../api/KubeObject.js';
import { controllerRefOf } from '../apiserver/deployment/controllerRef.js';
import { REVISION_ANNOTATION } from '../apiserver/deployment/deploymentAnnotations.js';
import { reconcileDeployment } from '../apiserver/deployment/reconcileDeployment.js';
import type { ControllerContext } from '../engine/ControllerContext.js';
import { createReconcileQueue } from './createReconcileQueue.js';

/**
 * The Deployment controller: on any change to a Deployment, its ReplicaSets or their pods (as its
 * informer relays them), it runs reconcileDeployment and carries out the actions through the apiserver.
 */
export function createDeploymentController(ctx: ControllerContext): Subscription {
  const { informer, api } = ctx;
  const requeues = new Map<string, number>();

  function reconcile(key: string): void {
    const [namespace = '', name = ''] = key.split('/');
    const deployment = informer.get('Deployment', namespace, name);
    if (deployment === undefined || deployment.metadata.deletionTimestamp !== undefined) return;
    const replicaSets = [...informer.ownedBy('ReplicaSet', namespace, deployment.metadata.uid ?? '')];
    const pods = replicaSets.flatMap((rs) => [...informer.ownedBy('Pod', namespace, rs.metadata.uid ?? '')]);
    const actions = reconcileDeployment({ deployment, replicaSets, pods, now: ctx.clock.now() });

    if (actions.createReplicaSet !== undefined) api.create(actions.createReplicaSet);
    for (const change of actions.updateReplicaSets) {
      const current: ReplicaSet | undefined =
        informer.get('ReplicaSet', namespace, change.name) ??
        (actions.createReplicaSet?.metadata.name === change.name ? actions.createReplicaSet : undefined);
      if (current === undefined) continue;
      api.update({
        ...current,
        metadata: { ...current.metadata, annotations: change.annotations },
        spec: { ...current.spec, replicas: change.replicas, minReadySeconds: change.minReadySeconds },
      });
    }
    for (const rsName of actions.deleteReplicaSets) api.delete('ReplicaSet', namespace, rsName);
    let latest: Deployment = deployment;
    if (
      actions.revision !== undefined &&
      deployment.metadata.annotations?.[REVISION_ANNOTATION] !== actions.revision
    ) {
      const result = api.update({
        ...deployment,
        metadata: {
          ...deployment.metadata,
          annotations: { ...deployment.metadata.annotations, [REVISION_ANNOTATION]: actions.revision },
        },
      });
      if (result.ok && result.object.kind === 'Deployment') latest = result.object;
    }
    api.updateStatus({ ...latest, status: actions.status });
    scheduleRequeue(key, actions.requeueAt);
  }

  function scheduleRequeue(key: string, at: number | undefined): void {
    const previous = requeues.get(key);
    if (previous !== undefined) ctx.clock.cancel(previous);
    requeues.delete(key);
    if (at === undefined) return;
    requeues.set(
      key,
      ctx.clock.schedule(Math.max(at, ctx.clock.now()), () => {
        requeues.delete(key);
        queue.touch(key);
      }),
    );
  }

  const queue = createReconcileQueue(ctx.scheduler, reconcile);

  /** The Deployment that controls this object (through its ReplicaSet, for a pod). */
  function owningDeployment(object: KubeObject | undefined, namespace: string): string | undefined {
    const ref = object === undefined ? undefined : controllerRefOf(object.metadata);
    if (ref === undefined) return undefined;
    if (ref.kind === 'Deployment') return `${namespace}/${ref.name}`;
    if (ref.kind !== 'ReplicaSet') return undefined;
    const rs = informer.get('ReplicaSet', namespace, ref.name);
    const owner = rs === undefined ? undefined : controllerRefOf(rs.metadata);
    return owner?.kind === 'Deployment' ? `${namespace}/${owner.name}` : undefined;
  }

  const subscription = new Subscription(() => {
    queue.close();
    for (const timer of requeues.values()) ctx.clock.cancel(timer);
  });
  subscription.add(
    informer.changes$.subscribe((change) => {
      if (change.kind === 'Deployment') {
        queue.touch(`${change.namespace}/${change.name}`);
      } else if (change.kind === 'ReplicaSet' || change.kind === 'Pod') {
        for (const object of [change.object, change.previous]) {
          const key = owningDeployment(object, change.namespace);
          if (key !== undefined) queue.touch(key);
        }
      }
    }),
  );
  return subscription;
}
