import { describe, expect, it } from 'vitest';

import type { ReplicaSet } from '../../../src/api/Deployment.js';
import {
  BURST_REPLICAS,
  reconcileReplicaSet,
} from '../../../src/apiserver/deployment/reconcileReplicaSet.js';
import { createRandomStreams } from '../../../src/random/createRandomStreams.js';
import { podOf, webReplicaSet } from './helpers/fixtures.js';

const random = () => createRandomStreams(7).stream('replicaset-controller');

function withReplicas(rs: ReplicaSet, replicas: number, minReadySeconds?: number): ReplicaSet {
  return {
    ...rs,
    spec: { ...rs.spec, replicas, ...(minReadySeconds === undefined ? {} : { minReadySeconds }) },
  };
}

describe('reconcileReplicaSet', () => {
  const rs = webReplicaSet({ hash: '5d8f4b6c9f', replicas: 3 });

  it('creates missing pods from the template, owned by the ReplicaSet and named <rs>-<5 chars>', () => {
    const actions = reconcileReplicaSet({ replicaSet: rs, pods: [], random: random(), now: 4200 });
    expect(actions.createPods).toHaveLength(3);
    expect(actions.deletePods).toEqual([]);
    for (const pod of actions.createPods) {
      expect(pod.metadata.name).toMatch(/^web-5d8f4b6c9f-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(pod.metadata.generateName).toBe('web-5d8f4b6c9f-');
      expect(pod.metadata.namespace).toBe('default');
      expect(pod.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': '5d8f4b6c9f' });
      expect(pod.metadata.creationTimestamp).toBe(4200);
      expect(pod.metadata.ownerReferences).toEqual([
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'web-5d8f4b6c9f',
          uid: 'uid-rs-5d8f4b6c9f',
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
      expect(pod.spec).toEqual(rs.spec.template.spec);
      expect(pod.status).toEqual({ phase: 'Pending' });
    }
    expect(new Set(actions.createPods.map((p) => p.metadata.name)).size).toBe(3);
  });

  it('creates the same pods from the same seed', () => {
    const a = reconcileReplicaSet({ replicaSet: rs, pods: [], random: random(), now: 0 });
    const b = reconcileReplicaSet({ replicaSet: rs, pods: [], random: random(), now: 0 });
    expect(a).toEqual(b);
  });

  it('never reuses the name of an existing pod', () => {
    const first = reconcileReplicaSet({
      replicaSet: withReplicas(rs, 1),
      pods: [],
      random: random(),
      now: 0,
    });
    const taken = first.createPods[0];
    if (taken === undefined) throw new Error('no pod');
    // Replaying the same stream would draw the same name; the existing pod forces a second draw.
    const second = reconcileReplicaSet({
      replicaSet: withReplicas(rs, 2),
      pods: [taken],
      random: random(),
      now: 0,
    });
    expect(second.createPods).toHaveLength(1);
    expect(second.createPods[0]?.metadata.name).not.toBe(taken.metadata.name);
  });

  it('deletes surplus pods, least valuable first', () => {
    const pods = [
      podOf(rs, 'web-a', { nodeName: 'n1', readySince: 0 }),
      podOf(rs, 'web-b', { nodeName: 'n2', phase: 'Pending' }),
      podOf(rs, 'web-c', { nodeName: 'n3', readySince: 0 }),
      podOf(rs, 'web-d', { phase: 'Pending' }),
    ];
    const actions = reconcileReplicaSet({
      replicaSet: withReplicas(rs, 1),
      pods,
      random: random(),
      now: 10_000,
    });
    expect(actions.createPods).toEqual([]);
    expect(actions.deletePods).toEqual(['web-d', 'web-b', 'web-a']);
  });

  it('does not count terminating or finished pods, and replaces them at once', () => {
    const pods = [
      podOf(rs, 'web-a', { nodeName: 'n1', readySince: 0 }),
      podOf(rs, 'web-b', { nodeName: 'n1', readySince: 0, deletionTimestamp: 500 }),
      podOf(rs, 'web-c', { nodeName: 'n1', phase: 'Failed' }),
    ];
    const actions = reconcileReplicaSet({
      replicaSet: withReplicas(rs, 2),
      pods,
      random: random(),
      now: 100,
    });
    expect(actions.createPods).toHaveLength(1);
    expect(actions.status).toEqual({
      replicas: 1,
      readyReplicas: 1,
      availableReplicas: 1,
      observedGeneration: 0,
    });
  });

  it('ignores pods it does not control', () => {
    const other = webReplicaSet({ hash: 'other', replicas: 1 });
    const actions = reconcileReplicaSet({
      replicaSet: withReplicas(rs, 1),
      pods: [podOf(other, 'other-a', { readySince: 0 })],
      random: random(),
      now: 0,
    });
    expect(actions.createPods).toHaveLength(1);
    expect(actions.status.replicas).toBe(0);
  });

  it('reports ready and available pods, and when the next one becomes available', () => {
    const pods = [
      podOf(rs, 'web-a', { nodeName: 'n1', readySince: 0 }),
      podOf(rs, 'web-b', { nodeName: 'n1', readySince: 8000 }),
      podOf(rs, 'web-c', { nodeName: 'n1', phase: 'Running' }),
    ];
    const actions = reconcileReplicaSet({
      replicaSet: withReplicas(rs, 3, 5),
      pods,
      random: random(),
      now: 9000,
    });
    expect(actions.status).toEqual({
      replicas: 3,
      readyReplicas: 2,
      availableReplicas: 1,
      observedGeneration: 0,
    });
    expect(actions.requeueAt).toBe(13_000);
  });

  it('creates and deletes at most burstReplicas pods per sync', () => {
    const actions = reconcileReplicaSet({
      replicaSet: withReplicas(rs, 600),
      pods: [],
      random: random(),
      now: 0,
    });
    expect(actions.createPods).toHaveLength(BURST_REPLICAS);
  });

  it('only reports status for a ReplicaSet being deleted', () => {
    const deleting = { ...rs, metadata: { ...rs.metadata, deletionTimestamp: 5 } };
    const actions = reconcileReplicaSet({ replicaSet: deleting, pods: [], random: random(), now: 10 });
    expect(actions.createPods).toEqual([]);
    expect(actions.deletePods).toEqual([]);
  });
});
