import { describe, expect, it } from 'vitest';

import type { Node } from '../../../src/api/Node.js';
import type { Pod } from '../../../src/api/Pod.js';
import { canonicalDigest } from '../../../src/canonicalDigest.js';
import { getObject } from '../../../src/cluster/ClusterState.js';
import { resimulate } from '../../../src/engine/resimulate.js';
import type { SimRun } from '../../../src/engine/run.js';
import type { SimEvent } from '../../../src/events/SimEvent.js';
import { clusterIPMode } from '../../dataplane/dnsCluster.js';
import {
  clusterInputs,
  failNode,
  firstEntry,
  recoverNode,
  runCluster,
  s,
  webPodsOn,
} from './nodeFailureCluster.js';

const WATCH_DELAY = 50;
const FAILED_AT = s(10);
/** The controller sees the last renewal one watch delay after the failure, and waits 40 s from there. */
const UNKNOWN_AT = FAILED_AT + WATCH_DELAY + s(40);
/** The taint manager sees the NoExecute taint one watch delay later, and the default toleration is 300 s. */
const EVICTED_AT = UNKNOWN_AT + WATCH_DELAY + s(300);
/** A deletionTimestamp is when the pod should be gone: the deletion plus its 30 s grace period. */
const GRACE = s(30);

const isNodeUpdate = (
  event: SimEvent,
  name: string,
): event is Extract<SimEvent, { type: 'object/updated' }> =>
  event.type === 'object/updated' && event.object.kind === 'Node' && event.object.metadata.name === name;

const isPodUpdate = (event: SimEvent, name: string): event is Extract<SimEvent, { type: 'object/updated' }> =>
  event.type === 'object/updated' && event.object.kind === 'Pod' && event.object.metadata.name === name;

function readyOf(pod: Pod | undefined): string | undefined {
  return pod?.status?.conditions?.find((c) => c.type === 'Ready')?.status;
}

function nodeAt(result: SimRun, at: number): Node | undefined {
  return getObject(result.replay.stateAt(at), 'Node', '', 'node-2');
}

function podAt(result: SimRun, at: number, name: string): Pod | undefined {
  return getObject(result.replay.stateAt(at), 'Pod', 'default', name);
}

/** The only web pod the scheduler put on node-2. */
function victim(result: SimRun): string {
  const pods = webPodsOn(result, 'node-2');
  expect(pods).toHaveLength(1);
  return pods[0] ?? '';
}

describe('a failed node, as the node lifecycle controller sees it', () => {
  const result = runCluster([...clusterInputs(), failNode(FAILED_AT, 'node-2')]);
  const pod = victim(result);

  it('leaves the Node Ready and its pods Ready for the whole grace period', () => {
    expect(readyOf(podAt(result, UNKNOWN_AT - 1, pod))).toBe('True');
    const ready = nodeAt(result, UNKNOWN_AT - 1)?.status?.conditions?.find((c) => c.type === 'Ready');
    expect(ready?.status).toBe('True');
    const early = result.log.entries.filter(
      (e) =>
        e.at > FAILED_AT &&
        e.at < UNKNOWN_AT &&
        (isNodeUpdate(e.event, 'node-2') || isPodUpdate(e.event, pod)),
    );
    expect(early).toEqual([]);
  });

  it('marks the Node Ready=Unknown (NodeStatusUnknown) and taints it unreachable when the grace period ends', () => {
    const node = nodeAt(result, UNKNOWN_AT);
    expect(node?.status?.conditions).toEqual([
      {
        type: 'Ready',
        status: 'Unknown',
        reason: 'NodeStatusUnknown',
        message: 'Kubelet stopped posting node status.',
      },
    ]);
    expect(node?.spec.taints).toEqual([
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: UNKNOWN_AT },
    ]);
    expect(firstEntry(result, (e) => isNodeUpdate(e, 'node-2'), FAILED_AT)?.at).toBe(UNKNOWN_AT);
  });

  it('marks the pods on the node not Ready at the same instant (MarkPodsNotReady)', () => {
    const update = firstEntry(result, (e) => isPodUpdate(e, pod), FAILED_AT);
    expect(update?.at).toBe(UNKNOWN_AT);
    expect(readyOf(podAt(result, UNKNOWN_AT, pod))).toBe('False');
    // The containers are still reported ready: only the kubelet could say otherwise, and it is gone.
    const containersReady = podAt(result, UNKNOWN_AT, pod)?.status?.conditions?.find(
      (c) => c.type === 'ContainersReady',
    );
    expect(containersReady?.status).toBe('True');
  });

  it('has the EndpointSlice mark the endpoint not ready one watch delay later, and kube-proxies sync after it', () => {
    const slice = firstEntry(
      result,
      (e) => e.type === 'object/updated' && e.object.kind === 'EndpointSlice',
      FAILED_AT,
    );
    expect(slice?.at).toBe(UNKNOWN_AT + WATCH_DELAY);
    const podIP = podAt(result, UNKNOWN_AT, pod)?.status?.podIP;
    const endpoints =
      slice?.event.type === 'object/updated' && slice.event.object.kind === 'EndpointSlice'
        ? slice.event.object.endpoints
        : [];
    const onNode2 = endpoints.find((e) => e.addresses.includes(podIP ?? ''));
    expect(onNode2?.conditions).toMatchObject({ ready: false, serving: false, terminating: false });
    for (const node of ['node-0', 'node-1']) {
      const sync = firstEntry(
        result,
        (e) => e.type === 'proxy/synced' && e.node === node && e.reason === 'change',
        UNKNOWN_AT,
      );
      expect(sync?.at).toBeGreaterThan(UNKNOWN_AT + WATCH_DELAY);
    }
  });

  it("stops the failed node's kube-proxy: it never syncs while the host is down", () => {
    const synced = result.log.entries.filter(
      (e) => e.at > FAILED_AT && e.event.type === 'proxy/synced' && e.event.node === 'node-2',
    );
    expect(synced).toEqual([]);
  });

  it('evicts the pod when its default toleration (300 s) runs out; it stays Terminating while the node is down', () => {
    expect(podAt(result, EVICTED_AT - 1, pod)?.metadata.deletionTimestamp).toBeUndefined();
    const evicted = podAt(result, EVICTED_AT, pod);
    expect(evicted?.metadata.deletionTimestamp).toBe(EVICTED_AT + GRACE);
    expect(evicted?.status?.conditions?.find((c) => c.type === 'DisruptionTarget')).toMatchObject({
      status: 'True',
      reason: 'DeletionByTaintManager',
    });
    // Nothing on node-2 can finish the deletion: the pod is still there at the end of the run.
    expect(getObject(result.finalState, 'Pod', 'default', pod)?.metadata.deletionTimestamp).toBe(
      EVICTED_AT + GRACE,
    );
  });

  it('has the ReplicaSet create a replacement as soon as it sees the deletion, on a node that is up', () => {
    const created = firstEntry(
      result,
      (e) =>
        e.type === 'object/created' && e.object.kind === 'Pod' && e.object.metadata.labels?.['app'] === 'web',
      FAILED_AT,
    );
    expect(created?.at).toBe(EVICTED_AT + WATCH_DELAY);
    const name = created?.event.type === 'object/created' ? (created.event.object.metadata.name ?? '') : '';
    const replacement = getObject(result.finalState, 'Pod', 'default', name);
    expect(replacement?.spec.nodeName).not.toBe('node-2');
    expect(readyOf(replacement)).toBe('True');
  });

  it('is deterministic, and re-simulating its inputs reproduces the log', () => {
    const again = runCluster([...clusterInputs(), failNode(FAILED_AT, 'node-2')]);
    expect(canonicalDigest(again.log)).toBe(canonicalDigest(result.log));
    expect(resimulate(result.log, { proxyMode: clusterIPMode }).identical).toBe(true);
  });
});

describe('grace period and tolerations from config and pods', () => {
  it('waits nodeMonitorGracePeriodMs before marking the node Unknown (50 s, as since Kubernetes 1.32)', () => {
    const result = runCluster([...clusterInputs(), failNode(FAILED_AT, 'node-2')], {
      nodeMonitorGracePeriodMs: s(50),
    });
    expect(firstEntry(result, (e) => isNodeUpdate(e, 'node-2'), FAILED_AT)?.at).toBe(
      FAILED_AT + WATCH_DELAY + s(50),
    );
  });

  it('evicts after defaultTolerationSeconds', () => {
    const result = runCluster([...clusterInputs(), failNode(FAILED_AT, 'node-2')], {
      defaultTolerationSeconds: 30,
    });
    const pod = victim(result);
    expect(podAt(result, UNKNOWN_AT + WATCH_DELAY + s(30), pod)?.metadata.deletionTimestamp).toBe(
      UNKNOWN_AT + WATCH_DELAY + s(30) + GRACE,
    );
  });

  it("honours a pod's own toleration of the unreachable taint", () => {
    const result = runCluster([
      ...clusterInputs([
        {
          key: 'node.kubernetes.io/unreachable',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 60,
        },
      ]),
      failNode(FAILED_AT, 'node-2'),
    ]);
    const pod = victim(result);
    expect(podAt(result, UNKNOWN_AT + WATCH_DELAY + s(60), pod)?.metadata.deletionTimestamp).toBe(
      UNKNOWN_AT + WATCH_DELAY + s(60) + GRACE,
    );
  });

  it('never evicts a pod that tolerates the taint without tolerationSeconds', () => {
    const result = runCluster([...clusterInputs([{ operator: 'Exists' }]), failNode(FAILED_AT, 'node-2')]);
    const pod = victim(result);
    expect(readyOf(getObject(result.finalState, 'Pod', 'default', pod))).toBe('False');
    expect(getObject(result.finalState, 'Pod', 'default', pod)?.metadata.deletionTimestamp).toBeUndefined();
  });
});

describe('a node that comes back', () => {
  it('is Ready and untainted again, and its pods Ready again, when it recovers after the grace period', () => {
    const recoveredAt = s(100);
    const result = runCluster([
      ...clusterInputs(),
      failNode(FAILED_AT, 'node-2'),
      recoverNode(recoveredAt, 'node-2'),
    ]);
    const pod = victim(result);
    expect(nodeAt(result, recoveredAt)?.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe(
      'True',
    );
    expect(nodeAt(result, recoveredAt)?.spec.taints).toHaveLength(2);
    // The controller lifts the taints once it sees the node Ready; the kubelet rewrites its pods' status
    // once it sees that too.
    expect(nodeAt(result, recoveredAt + WATCH_DELAY)?.spec.taints).toBeUndefined();
    expect(readyOf(podAt(result, recoveredAt + WATCH_DELAY - 1, pod))).toBe('False');
    expect(readyOf(podAt(result, recoveredAt + WATCH_DELAY, pod))).toBe('True');
    // The eviction planned for later never happens.
    expect(getObject(result.finalState, 'Pod', 'default', pod)?.metadata.deletionTimestamp).toBeUndefined();
    expect(
      firstEntry(result, (e) => e.type === 'proxy/synced' && e.node === 'node-2', recoveredAt),
    ).toMatchObject({ at: recoveredAt + WATCH_DELAY, event: { reason: 'start', full: true } });
  });

  it('finishes the deletion of its evicted pods once it is back', () => {
    const recoveredAt = s(380);
    const result = runCluster([
      ...clusterInputs(),
      failNode(FAILED_AT, 'node-2'),
      recoverNode(recoveredAt, 'node-2'),
    ]);
    const pod = victim(result);
    expect(podAt(result, recoveredAt - 1, pod)?.metadata.deletionTimestamp).toBe(EVICTED_AT + GRACE);
    const deleted = firstEntry(
      result,
      (e) => e.type === 'object/deleted' && e.kind === 'Pod' && e.name === pod,
      FAILED_AT,
    );
    expect(deleted?.at).toBeGreaterThanOrEqual(recoveredAt);
    expect(getObject(result.finalState, 'Pod', 'default', pod)).toBeUndefined();
  });

  it('leaves everything as it was when the partition heals within the grace period', () => {
    const failed = runCluster([
      ...clusterInputs(),
      failNode(FAILED_AT, 'node-2'),
      recoverNode(s(30), 'node-2'),
    ]);
    const healthy = runCluster(clusterInputs());
    // No API object changes at all after the failure: the control plane never noticed.
    const changes = failed.log.entries.filter(
      (e) =>
        e.at >= FAILED_AT &&
        (e.event.type === 'object/updated' ||
          e.event.type === 'object/created' ||
          e.event.type === 'object/deleted'),
    );
    expect(changes).toEqual([]);
    expect(canonicalDigest(failed.finalState)).toBe(canonicalDigest(healthy.finalState));
  });
});
