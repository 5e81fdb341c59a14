import { Subscription } from 'rxjs';

import type { NodeCondition } from '../../api/Node.js';
import { DEFAULT_CRASH_EXIT_CODE } from '../../kubelet/AppModel.js';
import type { ControllerContext } from '../../engine/ControllerContext.js';
import type { ProbeResultChanged } from '../../events/AppEvents.js';
import type { InputEvent } from '../../events/SimEvent.js';
import { createPodsByNode } from '../PodsByNode.js';
import { createReconcileQueue } from '../createReconcileQueue.js';
import { createNodeKubelet, type NodeKubelet, type PendingAppInputs } from './createNodeKubelet.js';

/** Every node's kubelet, and the inputs that reach them. */
export interface KubeletController {
  /**
   * Carries out a `pod/readinessSet`, `app/healthSet` or `app/crashed` input the apiserver accepted (the
   * pod exists), and a `node/failed` or `node/recovered` (the host's kubelet stops, or comes back and
   * reports its node's status again); other inputs are not the kubelet's. The pod's kubelet acts at
   * once; for a pod it has not started yet, readiness and health apply from its start.
   */
  handleInput(event: InputEvent): void;
  readonly subscription: Subscription;
}

/**
 * Starts a kubelet for every node pods are bound to (createNodeKubelet), fed by the control plane's
 * informer: a pod's changes go to the kubelet of its node through a keyed reconcile queue, and a node's
 * changes (it failed, recovered, appeared) to every pod bound to it. `emit` commits the kubelets'
 * derived events (`probe/resultChanged`); pod status goes through the apiserver.
 */
export function createKubeletController(
  ctx: ControllerContext,
  emit: (event: ProbeResultChanged) => void,
): KubeletController {
  const { informer } = ctx;
  const random = ctx.random.stream('allocation');
  const kubelets = new Map<string, NodeKubelet>();
  // Pods bound to each node as the informer shows them; the node each bound pod was last seen on (for
  // inputs); and, per pod with work queued, the nodes whose kubelets must look at it (a pod deleted and
  // created again under the same name may have moved, and the old node's kubelet must let it go).
  const podsByNode = createPodsByNode();
  const nodeOfPod = new Map<string, string>();
  const toSync = new Map<string, Set<string>>();
  const pending = new Map<string, PendingAppInputs>();
  // Failed hosts, with the Node conditions their kubelet last reported (as its informer showed them when
  // the host failed), which it reports again when the host is back.
  const failedHosts = new Map<string, readonly NodeCondition[] | undefined>();

  function kubeletOf(nodeName: string): NodeKubelet {
    let kubelet = kubelets.get(nodeName);
    if (kubelet === undefined) {
      kubelet = createNodeKubelet({
        nodeName,
        informer,
        api: ctx.api,
        clock: ctx.clock,
        random,
        emit,
        takePendingInputs(key) {
          const inputs = pending.get(key);
          pending.delete(key);
          return inputs;
        },
      });
      kubelets.set(nodeName, kubelet);
    }
    return kubelet;
  }

  const queue = createReconcileQueue(ctx.scheduler, (key) => {
    const nodes = toSync.get(key);
    toSync.delete(key);
    for (const nodeName of nodes ?? []) kubeletOf(nodeName).sync(key);
    const slash = key.indexOf('/');
    if (informer.get('Pod', key.slice(0, slash), key.slice(slash + 1)) === undefined) {
      nodeOfPod.delete(key);
      // Inputs that waited for a pod that was deleted before it started were for that pod, not for a
      // later one of the same name (they arrived at least one watch delay before now).
      const inputs = pending.get(key);
      if (inputs !== undefined && inputs.at <= ctx.clock.now() - ctx.config.watchDelayMs) pending.delete(key);
    }
  });

  function touch(key: string, nodeName: string): void {
    let nodes = toSync.get(key);
    if (nodes === undefined) {
      nodes = new Set();
      toSync.set(key, nodes);
    }
    nodes.add(nodeName);
    queue.touch(key);
  }

  function keep(key: string, update: (inputs: PendingAppInputs) => PendingAppInputs): void {
    pending.set(key, update(pending.get(key) ?? { at: ctx.clock.now(), health: [] }));
  }

  const subscription = new Subscription(() => {
    queue.close();
    for (const kubelet of kubelets.values()) kubelet.stop();
  });
  subscription.add(
    informer.changes$.subscribe((change) => {
      if (change.kind === 'Pod') {
        podsByNode.observe(change);
        const key = `${change.namespace}/${change.name}`;
        const before = change.previous?.kind === 'Pod' ? change.previous.spec.nodeName : undefined;
        const after = change.object?.kind === 'Pod' ? change.object.spec.nodeName : undefined;
        if (after !== undefined) nodeOfPod.set(key, after);
        if (before !== undefined) touch(key, before);
        if (after !== undefined) touch(key, after);
      } else if (change.kind === 'Node') {
        for (const key of podsByNode.podsOn(change.name)) touch(key, change.name);
      }
    }),
  );

  return {
    subscription,
    handleInput(event) {
      const now = ctx.clock.now();
      switch (event.type) {
        case 'pod/readinessSet': {
          const key = `${event.namespace}/${event.name}`;
          const nodeName = nodeOfPod.get(key);
          if (nodeName === undefined || !kubeletOf(nodeName).setReadiness(key, event.ready))
            keep(key, (inputs) => ({ ...inputs, at: now, readiness: event.ready }));
          return;
        }
        case 'app/healthSet': {
          const key = `${event.namespace}/${event.name}`;
          const nodeName = nodeOfPod.get(key);
          if (nodeName === undefined || !kubeletOf(nodeName).setHealth(key, event.container, event.health))
            keep(key, (inputs) => ({
              ...inputs,
              at: now,
              health: [
                ...inputs.health,
                {
                  ...(event.container !== undefined && { container: event.container }),
                  state: event.health,
                  at: now,
                },
              ],
            }));
          return;
        }
        case 'app/crashed': {
          const key = `${event.namespace}/${event.name}`;
          const nodeName = nodeOfPod.get(key);
          if (nodeName !== undefined)
            kubeletOf(nodeName).crash(key, event.container, event.exitCode ?? DEFAULT_CRASH_EXIT_CODE);
          return;
        }
        case 'node/failed': {
          if (failedHosts.has(event.name)) return;
          failedHosts.set(event.name, informer.get('Node', '', event.name)?.status?.conditions);
          kubeletOf(event.name).fail();
          return;
        }
        case 'node/recovered': {
          if (!failedHosts.has(event.name)) return;
          const reported = failedHosts.get(event.name);
          failedHosts.delete(event.name);
          postNodeStatus(event.name, reported ?? [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }]);
          kubeletOf(event.name).recover();
          return;
        }
        default:
          return;
      }
    },
  };

  /**
   * The kubelet's node status update once its host is back: the conditions it reported before, in place
   * of what the node lifecycle controller wrote meanwhile (nothing changes, and nothing is written, when
   * the controller had not noticed the failure yet).
   */
  function postNodeStatus(nodeName: string, conditions: readonly NodeCondition[]): void {
    const node = informer.get('Node', '', nodeName);
    if (node === undefined) return;
    const { resourceVersion: _seen, ...metadata } = node.metadata;
    ctx.api.updateStatus({ ...node, metadata, status: { ...node.status, conditions } });
  }
}
