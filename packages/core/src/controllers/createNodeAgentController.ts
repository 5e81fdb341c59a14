import { Subscription } from 'rxjs';

import type { Node } from '../api/Node.js';
import { schedulePod } from '../apiserver/deployment/schedulePod.js';
import type { ControllerContext } from '../engine/ControllerContext.js';
import { LeastLoadedNodes } from './LeastLoadedNodes.js';
import { createPodsByNode } from './PodsByNode.js';
import { createReconcileQueue } from './createReconcileQueue.js';

/**
 * What is left of the node agent now that every node runs a kubelet (controllers/kubelet): the
 * scheduler, which binds pending pods to Ready nodes (schedulePod: fewest pods first). It keeps its own
 * count of the pods on each node as its informer relays them, plus the bindings it made that the
 * informer has not relayed yet (the scheduler's "assumed" pods), so pods created in one instant spread
 * over the nodes instead of all landing on the emptiest one. A decision costs O(log nodes) (LeastLoadedNodes),
 * or O(nodes) for a pod with a nodeSelector; never O(pods).
 */
export function createNodeAgentController(ctx: ControllerContext): Subscription {
  const { informer, api } = ctx;
  const assumed = new Map<string, string>(); // pod key -> node name
  const assumedOn = new Map<string, number>(); // node name -> assumed pods
  const podsByNode = createPodsByNode();
  // Nodes as relayed, listed again only after a node change.
  let nodes: Node[] | undefined;
  const unbound = new Set<string>(); // pods the informer holds with no node yet, in the order they came

  /** Pods on a node as the scheduler counts them: bound as relayed, plus assumed. */
  const podCount = (node: string): number => podsByNode.podsOn(node).size + (assumedOn.get(node) ?? 0);
  const leastLoaded = new LeastLoadedNodes(podCount);

  function assume(key: string, node: string): void {
    assumed.set(key, node);
    assumedOn.set(node, (assumedOn.get(node) ?? 0) + 1);
    leastLoaded.changed(node);
  }

  function forget(key: string): void {
    const node = assumed.get(key);
    if (node === undefined) return;
    assumed.delete(key);
    assumedOn.set(node, (assumedOn.get(node) ?? 1) - 1);
    leastLoaded.changed(node);
  }

  function schedule(key: string): void {
    const slash = key.indexOf('/');
    const pod = informer.get('Pod', key.slice(0, slash), key.slice(slash + 1));
    if (pod === undefined || pod.spec.nodeName !== undefined) {
      forget(key);
      return;
    }
    if (assumed.has(key) || pod.metadata.deletionTimestamp !== undefined) return;
    if (nodes === undefined) {
      nodes = [...informer.list('Node')];
      leastLoaded.reset(nodes);
    }
    // A nodeSelector narrows the candidates, so only then is every node looked at.
    const chosen =
      Object.keys(pod.spec.nodeSelector ?? {}).length === 0
        ? leastLoaded.pick()
        : schedulePod(
            pod,
            nodes,
            new Map(nodes.map(({ metadata: { name = '' } }) => [name, podCount(name)])),
          );
    if (chosen !== undefined && api.update({ ...pod, spec: { ...pod.spec, nodeName: chosen } }).ok)
      assume(key, chosen);
  }

  const queue = createReconcileQueue(ctx.scheduler, schedule);
  const subscription = new Subscription(() => {
    queue.close();
  });
  subscription.add(
    informer.changes$.subscribe((change) => {
      if (change.kind === 'Pod') {
        podsByNode.observe(change);
        const before = change.previous?.kind === 'Pod' ? change.previous.spec.nodeName : undefined;
        const after = change.object?.kind === 'Pod' ? change.object.spec.nodeName : undefined;
        if (before !== after) {
          if (before !== undefined) leastLoaded.changed(before);
          if (after !== undefined) leastLoaded.changed(after);
        }
        const key = `${change.namespace}/${change.name}`;
        if (change.object !== undefined && after === undefined) unbound.add(key);
        else unbound.delete(key);
        if (after === undefined || assumed.has(key)) queue.touch(key);
      } else if (change.kind === 'Node') {
        nodes = undefined;
        // A node appearing or recovering may fit the pods still pending.
        for (const key of unbound) queue.touch(key);
      }
    }),
  );
  return subscription;
}
