import { Subscription, filter, type Observable } from 'rxjs';

import type { Node } from '../../api/Node.js';
import type { Pod } from '../../api/Pod.js';
import type { ControllerContext } from '../../engine/ControllerContext.js';
import { lagBy } from '../../engine/lagBy.js';
import {
  DEFAULT_NODE_MONITOR_GRACE_PERIOD_MS,
  DEFAULT_TOLERATION_SECONDS,
} from '../../engine/SimulationConfig.js';
import type { NodeFailed, NodeRecovered } from '../../events/NodeEvents.js';
import type { SimEvent } from '../../events/SimEvent.js';
import type { LogEntry } from '../../LogEntry.js';
import type { TimerId } from '../../SimClock.js';
import { isNodeReady } from '../../apiserver/isNodeReady.js';
import { createPodsByNode } from '../PodsByNode.js';
import { evictionDelaySeconds } from './evictionDelay.js';
import { markPodNotReady } from './markPodNotReady.js';
import {
  UNREACHABLE_TAINT_KEY,
  deriveUnknownNodeStatus,
  hasUnreachableTaint,
  withUnreachableTaints,
  withoutUnreachableTaints,
} from './unreachableNode.js';

/** The condition the taint manager adds to a pod before it deletes it (PodDisruptionConditions). */
const DISRUPTION_TARGET = {
  type: 'DisruptionTarget',
  status: 'True',
  reason: 'DeletionByTaintManager',
  message: 'Taint manager: deleting due to NoExecute taint',
} as const;

/**
 * The node lifecycle controller (kube-controller-manager's node-lifecycle and taint-eviction
 * controllers), for nodes whose host fails.
 *
 * A running kubelet renews its node's Lease all the time; the controller sees the renewals one watch
 * delay late. When a host fails (`node/failed`) the renewals stop, so the last one the controller sees
 * is the one it sees one watch delay after the failure; `nodeMonitorGracePeriodMs` after that it marks
 * the Node's conditions Unknown (NodeStatusUnknown, "Kubelet stopped posting node status."), marks
 * every pod bound to the node not Ready (MarkPodsNotReady), and taints the node
 * node.kubernetes.io/unreachable with NoSchedule and NoExecute. The taint manager, seeing the NoExecute
 * taint through its informer, evicts each pod on the node when its toleration runs out
 * (`defaultTolerationSeconds` for pods without one of their own): it adds the DisruptionTarget condition
 * and deletes the pod, which stays Terminating until the node's kubelet is back to finish it. When the
 * kubelet reports the node Ready again, the taints go and pending evictions are cancelled; a host that
 * recovers within the grace period is never noticed at all.
 *
 * Deliberate differences: renewals are continuous rather than every 10 s and the controller checks at
 * the deadline rather than every 5 s (--node-monitor-period), so the instants are exact instead of
 * spread over up to 15 s; the taints are added at the instant the node is marked Unknown, without the
 * tainter's 100 ms pass and per-zone rate limit; only the unreachable taint is considered for eviction
 * (other NoExecute taints a node carries do not evict); nodes set not Ready with `node/readinessSet`
 * are left to the kubelet (which marks their pods not Ready itself) and are neither tainted nor evicted.
 */
export function createNodeLifecycleController(
  ctx: ControllerContext,
  events$: Observable<LogEntry<SimEvent>>,
): Subscription {
  const { informer, api, clock } = ctx;
  const gracePeriodMs = ctx.config.nodeMonitorGracePeriodMs ?? DEFAULT_NODE_MONITOR_GRACE_PERIOD_MS;
  const defaultTolerationSeconds = ctx.config.defaultTolerationSeconds ?? DEFAULT_TOLERATION_SECONDS;
  const podsByNode = createPodsByNode();
  // Nodes whose renewals stopped, with the timer that marks them Unknown once the grace period is over.
  const silent = new Map<string, TimerId | undefined>();
  // Per tainted node, the pending evictions by pod key.
  const evictions = new Map<string, Map<string, TimerId>>();

  function markUnreachable(nodeName: string): void {
    silent.set(nodeName, undefined);
    const node = informer.get('Node', '', nodeName);
    if (node === undefined) return;
    const now = clock.now();
    // The controller owns these conditions once the kubelet is silent, and rereads the node on a
    // conflict; writing without a resourceVersion stands for that retry.
    const { resourceVersion: _seen, ...metadata } = node.metadata;
    const written = api.updateStatus({ ...node, metadata, status: deriveUnknownNodeStatus(node) });
    const current = written.ok && written.object.kind === 'Node' ? written.object : node;
    for (const key of podsByNode.podsOn(nodeName)) {
      const pod = podOf(key);
      if (pod?.spec.nodeName !== nodeName) continue;
      const status = markPodNotReady(pod, now);
      if (status === undefined) continue;
      const { resourceVersion: _podSeen, ...podMetadata } = pod.metadata;
      api.updateStatus({ ...pod, metadata: podMetadata, status });
    }
    api.update(withUnreachableTaints(current, now));
  }

  function podOf(key: string): Pod | undefined {
    const slash = key.indexOf('/');
    return informer.get('Pod', key.slice(0, slash), key.slice(slash + 1));
  }

  function heartbeat(event: NodeFailed | NodeRecovered): void {
    if (event.type === 'node/failed') {
      if (silent.has(event.name)) return;
      silent.set(
        event.name,
        clock.schedule(clock.now() + gracePeriodMs, () => {
          markUnreachable(event.name);
        }),
      );
      return;
    }
    const timer = silent.get(event.name);
    if (timer !== undefined) clock.cancel(timer);
    silent.delete(event.name);
    // The renewals may come back after the Ready status that came with them was seen.
    const node = informer.get('Node', '', event.name);
    if (node !== undefined) liftTaintsIfReady(node);
  }

  function liftTaintsIfReady(node: Node): void {
    if (!isNodeReady(node) || silent.has(node.metadata.name ?? '')) return;
    if (hasUnreachableTaint(node, 'NoExecute') || hasUnreachableTaint(node, 'NoSchedule'))
      api.update(withoutUnreachableTaints(node));
  }

  /** The taint manager's reaction to a node's change: evictions planned, or cancelled, or taints lifted. */
  function nodeChanged(name: string, node: Node | undefined, previous: Node | undefined): void {
    const tainted = node !== undefined && hasUnreachableTaint(node, 'NoExecute');
    const wasTainted = previous !== undefined && hasUnreachableTaint(previous, 'NoExecute');
    if (tainted && !wasTainted) planEvictions(node);
    else if (!tainted && wasTainted) cancelEvictions(name);
    // The kubelet posts Ready again: the node is reachable, so its unreachable taints go.
    if (node !== undefined) liftTaintsIfReady(node);
  }

  function planEvictions(node: Node): void {
    const name = node.metadata.name ?? '';
    const taint = (node.spec.taints ?? []).find(
      (t) => t.key === UNREACHABLE_TAINT_KEY && t.effect === 'NoExecute',
    );
    if (taint === undefined) return;
    const pending = new Map<string, TimerId>();
    evictions.set(name, pending);
    const now = clock.now();
    for (const key of [...podsByNode.podsOn(name)].sort()) {
      const pod = podOf(key);
      if (pod === undefined || pod.metadata.deletionTimestamp !== undefined) continue;
      const seconds = evictionDelaySeconds(pod.spec.tolerations ?? [], taint, defaultTolerationSeconds);
      if (seconds === undefined) continue;
      const uid = pod.metadata.uid;
      pending.set(
        key,
        clock.schedule(now + seconds * 1000, () => {
          pending.delete(key);
          evict(key, name, uid);
        }),
      );
    }
  }

  function cancelEvictions(nodeName: string): void {
    for (const timer of evictions.get(nodeName)?.values() ?? []) clock.cancel(timer);
    evictions.delete(nodeName);
  }

  function evict(key: string, nodeName: string, uid: string | undefined): void {
    const pod = podOf(key);
    if (pod === undefined || pod.metadata.uid !== uid || pod.spec.nodeName !== nodeName) return;
    if (pod.metadata.deletionTimestamp !== undefined) return;
    const namespace = pod.metadata.namespace ?? '';
    const others = (pod.status?.conditions ?? []).filter((c) => c.type !== DISRUPTION_TARGET.type);
    const { resourceVersion: _seen, ...metadata } = pod.metadata;
    api.updateStatus({
      ...pod,
      metadata,
      status: {
        ...pod.status,
        conditions: [...others, { ...DISRUPTION_TARGET, lastTransitionTime: clock.now() }],
      },
    });
    api.delete('Pod', namespace, pod.metadata.name ?? '');
  }

  const subscription = new Subscription(() => {
    for (const timer of silent.values()) if (timer !== undefined) clock.cancel(timer);
    for (const name of [...evictions.keys()]) cancelEvictions(name);
  });
  subscription.add(
    events$
      .pipe(
        filter(
          (entry): entry is LogEntry<NodeFailed | NodeRecovered> =>
            entry.event.type === 'node/failed' || entry.event.type === 'node/recovered',
        ),
        lagBy(ctx.config.watchDelayMs, ctx.scheduler),
      )
      .subscribe((entry) => {
        heartbeat(entry.event);
      }),
  );
  subscription.add(
    informer.changes$.subscribe((change) => {
      if (change.kind === 'Pod') podsByNode.observe(change);
      else if (change.kind === 'Node') {
        nodeChanged(
          change.name,
          change.object?.kind === 'Node' ? change.object : undefined,
          change.previous?.kind === 'Node' ? change.previous : undefined,
        );
      }
    }),
  );
  return subscription;
}
