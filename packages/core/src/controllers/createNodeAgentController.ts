import { Subscription } from 'rxjs';

import { schedulePod } from '../apiserver/deployment/schedulePod.js';
import type { ControllerContext } from '../engine/ControllerContext.js';
import { createPodsByNode } from './PodsByNode.js';
import { createReconcileQueue } from './createReconcileQueue.js';

/**
 * What is left of the node agent now that every node runs a kubelet (controllers/kubelet): the
 * scheduler, which binds pending pods to Ready nodes (schedulePod: fewest pods first). It keeps its own
 * count of the pods on each node as its informer relays them, plus the bindings it made that the
 * informer has not relayed yet (the scheduler's "assumed" pods), so pods created in one instant spread
 * over the nodes instead of all landing on the emptiest one, and a decision costs O(nodes), not O(pods).
 */
export function createNodeAgentController(ctx: ControllerContext): Subscription {
  const { informer, api } = ctx;
  const assumed = new Map<string, string>(); // pod key -> node name
  const podsByNode = createPodsByNode();

  function schedule(key: string): void {
    const slash = key.indexOf('/');
    const pod = informer.get('Pod', key.slice(0, slash), key.slice(slash + 1));
    if (pod === undefined || pod.spec.nodeName !== undefined) {
      assumed.delete(key);
      return;
    }
    if (assumed.has(key) || pod.metadata.deletionTimestamp !== undefined) return;
    const nodes = [...informer.list('Node')];
    const counts = new Map<string, number>();
    for (const [node, pods] of podsByNode.entries()) counts.set(node, pods.size);
    for (const on of assumed.values()) counts.set(on, (counts.get(on) ?? 0) + 1);
    const chosen = schedulePod(pod, nodes, counts);
    if (chosen !== undefined && api.update({ ...pod, spec: { ...pod.spec, nodeName: chosen } }).ok)
      assumed.set(key, chosen);
  }

  const queue = createReconcileQueue(ctx.scheduler, schedule);
  const subscription = new Subscription(() => {
    queue.close();
  });
  subscription.add(
    informer.changes$.subscribe((change) => {
      if (change.kind === 'Pod') {
        podsByNode.observe(change);
        const key = `${change.namespace}/${change.name}`;
        const after = change.object?.kind === 'Pod' ? change.object.spec.nodeName : undefined;
        if (after === undefined || assumed.has(key)) queue.touch(key);
      } else if (change.kind === 'Node') {
        // A node appearing or recovering may fit the pods still pending.
        for (const pod of informer.list('Pod')) {
          if (pod.spec.nodeName === undefined)
            queue.touch(`${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`);
        }
      }
    }),
  );
  return subscription;
}
