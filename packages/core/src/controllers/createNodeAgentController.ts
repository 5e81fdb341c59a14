import { Subscription } from 'rxjs';

import type { Node } from '../api/Node.js';
import { withPodReady } from '../apiserver/createApiServer.js';
import { podReadyCondition } from '../apiserver/deployment/isPodAvailable.js';
import { schedulePod } from '../apiserver/deployment/schedulePod.js';
import { isPodReady } from '../apiserver/endpoints/isPodReady.js';
import { isNodeReady } from '../apiserver/isNodeReady.js';
import type { ControllerContext } from '../engine/ControllerContext.js';
import { formatIpv4, parseIpv4Cidr, type Ipv4Cidr } from '../net/ipv4.js';
import { createReconcileQueue } from './createReconcileQueue.js';

interface PodAddressPool {
  readonly cidr: Ipv4Cidr;
  /** Host offsets in use. */
  readonly used: Set<number>;
}

/**
 * Everything between "a pod object exists" and "its containers run", until the kubelet issue models it
 * in detail: the scheduler binds pending pods to Ready nodes; the node's kubelet and CNI give a bound pod
 * an IP from the node's pod CIDR (random start from the "allocation" stream, forward scan, skipping the
 * network, gateway and broadcast addresses) and report it Running and Ready; a pod being deleted is
 * removed when its grace period ends; and, as the node lifecycle controller does, pods on a node that
 * stops being Ready are marked not Ready.
 */
export function createNodeAgentController(ctx: ControllerContext): Subscription {
  const { informer, api } = ctx;
  const random = ctx.random.stream('allocation');
  const pools = new Map<string, PodAddressPool>();
  const addresses = new Map<string, { node: string; offset: number }>(); // pod key -> address
  // Bindings this agent made that its informer has not relayed yet: the scheduler's "assumed" pods, so
  // pods created in one instant spread over the nodes instead of all landing on the emptiest one.
  const assumed = new Map<string, string>(); // pod key -> node name
  // Pods bound to each node as the informer shows them, kept as changes arrive so a scheduling decision
  // costs O(nodes), not O(pods).
  const podsOnNode = new Map<string, Set<string>>();
  // Pods this agent marked not Ready because their node failed; they are Ready again when it recovers
  // (readiness set by an input stays as the input left it).
  const unreadyByNodeFailure = new Set<string>();

  function poolOf(node: Node): PodAddressPool | undefined {
    const name = node.metadata.name ?? '';
    let pool = pools.get(name);
    if (pool === undefined) {
      const cidr = parseIpv4Cidr(node.spec.podCIDR ?? '');
      if (cidr === undefined || cidr.size < 4) return undefined;
      pool = { cidr, used: new Set() };
      pools.set(name, pool);
    }
    return pool;
  }

  function allocate(pool: PodAddressPool): number | undefined {
    const first = 2;
    const count = pool.cidr.size - 3;
    if (pool.used.size >= count) return undefined;
    let offset = first + random.nextInt(count);
    while (pool.used.has(offset)) offset = offset + 1 > first + count - 1 ? first : offset + 1;
    pool.used.add(offset);
    return offset;
  }

  function reconcilePod(key: string): void {
    const slash = key.indexOf('/');
    const namespace = key.slice(0, slash);
    const name = key.slice(slash + 1);
    const pod = informer.get('Pod', namespace, name);
    if (pod === undefined) {
      unreadyByNodeFailure.delete(key);
      assumed.delete(key);
      const address = addresses.get(key);
      if (address !== undefined) pools.get(address.node)?.used.delete(address.offset);
      addresses.delete(key);
      return;
    }
    if (pod.metadata.deletionTimestamp !== undefined) {
      // The kubelet sends SIGTERM; until the kubelet issue models how long an application keeps serving
      // after it, containers stop at once and the pod is removed when the kubelet sees the deletion.
      api.finalizeDeletion('Pod', namespace, name);
      return;
    }
    const nodeName = pod.spec.nodeName;
    if (nodeName === undefined) {
      if (assumed.has(key)) return; // bound already; the informer has not caught up
      const nodes = [...informer.list('Node')];
      const counts = new Map<string, number>();
      for (const [node, pods] of podsOnNode) counts.set(node, pods.size);
      for (const on of assumed.values()) counts.set(on, (counts.get(on) ?? 0) + 1);
      const chosen = schedulePod(pod, nodes, counts);
      if (chosen !== undefined && api.update({ ...pod, spec: { ...pod.spec, nodeName: chosen } }).ok)
        assumed.set(key, chosen);
      return;
    }
    assumed.delete(key);
    const node = informer.get('Node', '', nodeName);
    if (node === undefined || !isNodeReady(node)) {
      if (pod.status?.podIP !== undefined && isPodReady(pod)) {
        unreadyByNodeFailure.add(key);
        api.updateStatus(withPodReady(pod, false, ctx.clock.now()));
      }
      return;
    }
    if (unreadyByNodeFailure.delete(key) && !isPodReady(pod)) {
      api.updateStatus(withPodReady(pod, true, ctx.clock.now()));
      return;
    }
    if (pod.status?.podIP === undefined) {
      const pool = poolOf(node);
      const offset = pool === undefined ? undefined : allocate(pool);
      if (pool === undefined || offset === undefined) return; // no address: the pod stays ContainerCreating
      addresses.set(key, { node: nodeName, offset });
      const ip = formatIpv4(pool.cidr.base + offset);
      const now = ctx.clock.now();
      const hostIP = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
      // Readiness an input already set (the application is not ready yet) survives the start.
      const readyCondition = podReadyCondition(pod);
      api.updateStatus(
        withPodReady(
          {
            ...pod,
            status: {
              ...pod.status,
              phase: 'Running',
              podIP: ip,
              podIPs: [{ ip }],
              ...(hostIP !== undefined && { hostIP }),
              startTime: now,
              conditions: [
                { type: 'PodScheduled', status: 'True', lastTransitionTime: now },
                { type: 'Initialized', status: 'True', lastTransitionTime: now },
                ...(readyCondition !== undefined ? [readyCondition] : []),
              ],
              containerStatuses: pod.spec.containers.map((c) => ({
                name: c.name,
                ready: true,
                started: true,
                restartCount: 0,
                state: { running: { startedAt: now } },
              })),
            },
          },
          readyCondition === undefined ? true : readyCondition.status === 'True',
          now,
        ),
      );
    }
  }

  const queue = createReconcileQueue(ctx.scheduler, reconcilePod);
  const subscription = new Subscription(() => {
    queue.close();
  });
  subscription.add(
    informer.changes$.subscribe((change) => {
      if (change.kind === 'Pod') {
        const key = `${change.namespace}/${change.name}`;
        const before = change.previous?.kind === 'Pod' ? change.previous.spec.nodeName : undefined;
        const after = change.object?.kind === 'Pod' ? change.object.spec.nodeName : undefined;
        if (before !== after) {
          if (before !== undefined) podsOnNode.get(before)?.delete(key);
          if (after !== undefined) {
            let pods = podsOnNode.get(after);
            if (pods === undefined) {
              pods = new Set();
              podsOnNode.set(after, pods);
            }
            pods.add(key);
          }
        }
        queue.touch(key);
      } else if (change.kind === 'Node') {
        // A node appearing, failing or recovering matters to the pods on it and to pending pods.
        for (const key of podsOnNode.get(change.name) ?? []) queue.touch(key);
        for (const pod of informer.list('Pod')) {
          if (pod.spec.nodeName === undefined)
            queue.touch(`${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`);
        }
      }
    }),
  );
  return subscription;
}
