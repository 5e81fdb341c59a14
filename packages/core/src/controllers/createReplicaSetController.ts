import { Subscription } from 'rxjs';

import { controllerRefOf } from '../apiserver/deployment/controllerRef.js';
import { reconcileReplicaSet } from '../apiserver/deployment/reconcileReplicaSet.js';
import type { ControllerContext } from '../engine/ControllerContext.js';
import { createReconcileQueue } from './createReconcileQueue.js';

/** Pods a ReplicaSet sync created or deleted that its informer has not relayed back yet. */
interface Expectations {
  readonly creates: Set<string>;
  readonly deletes: Set<string>;
}

/**
 * The ReplicaSet controller: keeps each ReplicaSet's pod count at spec.replicas. Like the real one it
 * keeps "expectations": after creating or deleting pods it does not sync that ReplicaSet again until its
 * informer has relayed those changes, or a lagging view would make it create the same pods twice.
 */
export function createReplicaSetController(ctx: ControllerContext): Subscription {
  const { informer, api } = ctx;
  const names = ctx.random.stream('names');
  const expectations = new Map<string, Expectations>();
  const requeues = new Map<string, number>();

  function reconcile(key: string): void {
    const pending = expectations.get(key);
    if (pending !== undefined && (pending.creates.size > 0 || pending.deletes.size > 0)) return;
    const [namespace = '', name = ''] = key.split('/');
    const replicaSet = informer.get('ReplicaSet', namespace, name);
    if (replicaSet === undefined) {
      expectations.delete(key);
      return;
    }
    const pods = [...informer.ownedBy('Pod', namespace, replicaSet.metadata.uid ?? '')];
    // Siblings: pods of every ReplicaSet with the same owner, for the "doubled up on a node" deletion rank.
    const owner = controllerRefOf(replicaSet.metadata)?.uid;
    const relatedPods =
      owner === undefined
        ? pods
        : [...informer.ownedBy('ReplicaSet', namespace, owner)].flatMap((rs) => [
            ...informer.ownedBy('Pod', namespace, rs.metadata.uid ?? ''),
          ]);
    const actions = reconcileReplicaSet({
      replicaSet,
      pods,
      relatedPods,
      random: names,
      now: ctx.clock.now(),
    });

    const expected: Expectations = { creates: new Set(), deletes: new Set() };
    for (const pod of actions.createPods) {
      const result = api.create(pod);
      if (result.ok) expected.creates.add(result.object.metadata.name ?? '');
    }
    for (const podName of actions.deletePods) {
      if (api.delete('Pod', namespace, podName).ok) expected.deletes.add(podName);
    }
    expectations.set(key, expected);
    api.updateStatus({ ...replicaSet, status: actions.status });
    const previous = requeues.get(key);
    if (previous !== undefined) ctx.clock.cancel(previous);
    requeues.delete(key);
    if (actions.requeueAt !== undefined) {
      requeues.set(
        key,
        ctx.clock.schedule(Math.max(actions.requeueAt, ctx.clock.now()), () => {
          requeues.delete(key);
          queue.touch(key);
        }),
      );
    }
  }

  const queue = createReconcileQueue(ctx.scheduler, reconcile);

  const subscription = new Subscription(() => {
    queue.close();
    for (const timer of requeues.values()) ctx.clock.cancel(timer);
  });
  subscription.add(
    informer.changes$.subscribe((change) => {
      if (change.kind === 'ReplicaSet') {
        queue.touch(`${change.namespace}/${change.name}`);
        return;
      }
      if (change.kind !== 'Pod') return;
      const ref = controllerRefOf((change.object ?? change.previous)?.metadata ?? {});
      if (ref?.kind !== 'ReplicaSet') return;
      const key = `${change.namespace}/${ref.name}`;
      const pending = expectations.get(key);
      if (pending !== undefined) {
        if (change.previous === undefined) pending.creates.delete(change.name);
        if (change.object === undefined || change.object.metadata.deletionTimestamp !== undefined)
          pending.deletes.delete(change.name);
      }
      queue.touch(key);
    }),
  );
  return subscription;
}
