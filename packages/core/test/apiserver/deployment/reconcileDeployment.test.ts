import { describe, expect, it } from 'vitest';

import type { DeploymentStatus, ReplicaSet } from '../../../src/api/Deployment.js';
import type { Pod } from '../../../src/api/Pod.js';
import { computePodTemplateHash } from '../../../src/apiserver/deployment/podTemplateHash.js';
import { reconcileDeployment } from '../../../src/apiserver/deployment/reconcileDeployment.js';
import { podOf, webDeployment, webReplicaSet, webTemplate } from './helpers/fixtures.js';

const NOW = 100_000;
const hashV1 = computePodTemplateHash(webTemplate('nginx:1.25'));
const hashV2 = computePodTemplateHash(webTemplate('nginx:1.26'));

/** `count` ready pods of `rs`, ready long enough to be available. */
function readyPods(rs: ReplicaSet, count: number): Pod[] {
  return Array.from({ length: count }, (_, i) =>
    podOf(rs, `${rs.metadata.name ?? ''}-p${i}`, { nodeName: `node-${i % 3}`, readySince: 0 }),
  );
}

function annotationsFor(revision: number, desired: number, max: number): Record<string, string> {
  return {
    'deployment.kubernetes.io/desired-replicas': String(desired),
    'deployment.kubernetes.io/max-replicas': String(max),
    'deployment.kubernetes.io/revision': String(revision),
  };
}

function completeStatus(replicas: number): DeploymentStatus {
  return {
    observedGeneration: 1,
    replicas,
    updatedReplicas: replicas,
    availableReplicas: replicas,
    readyReplicas: replicas,
  };
}

describe('reconcileDeployment: a new Deployment', () => {
  it('creates ReplicaSet <deployment>-<hash> with all replicas, hash label, owner and revision 1', () => {
    const actions = reconcileDeployment({ deployment: webDeployment(), replicaSets: [], pods: [], now: NOW });
    const rs = actions.createReplicaSet;
    expect(rs?.metadata.name).toBe(`web-${hashV1}`);
    expect(rs?.metadata.namespace).toBe('default');
    expect(rs?.metadata.creationTimestamp).toBe(NOW);
    expect(rs?.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hashV1 });
    expect(rs?.metadata.annotations).toEqual(annotationsFor(1, 3, 4));
    expect(rs?.metadata.ownerReferences).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'web',
        uid: 'uid-web',
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(rs?.spec.replicas).toBe(3);
    expect(rs?.spec.selector).toEqual({ matchLabels: { app: 'web', 'pod-template-hash': hashV1 } });
    expect(rs?.spec.template.metadata?.labels).toEqual({ app: 'web', 'pod-template-hash': hashV1 });
    expect(rs?.spec.template.spec).toEqual(webTemplate().spec);
    expect(actions.revision).toBe('1');
    expect(actions.updateReplicaSets).toEqual([]);
    expect(actions.status).toEqual({
      observedGeneration: 1,
      replicas: 0,
      updatedReplicas: 0,
      readyReplicas: 0,
      availableReplicas: 0,
      unavailableReplicas: 3,
    });
  });

  it('copies the Deployment annotations onto the ReplicaSet, except the controller bookkeeping', () => {
    const d = webDeployment();
    const annotated = {
      ...d,
      metadata: {
        ...d.metadata,
        annotations: {
          team: 'shop',
          'deployment.kubernetes.io/revision': '9',
          'kubectl.kubernetes.io/last-applied-configuration': '{}',
        },
      },
    };
    const actions = reconcileDeployment({ deployment: annotated, replicaSets: [], pods: [], now: NOW });
    expect(actions.createReplicaSet?.metadata.annotations).toEqual({
      ...annotationsFor(1, 3, 4),
      team: 'shop',
    });
  });

  it('also creates the ReplicaSet right away for Recreate', () => {
    const d = webDeployment({ strategy: { type: 'Recreate' } });
    const actions = reconcileDeployment({ deployment: d, replicaSets: [], pods: [], now: NOW });
    expect(actions.createReplicaSet?.spec.replicas).toBe(3);
    expect(actions.createReplicaSet?.metadata.annotations).toEqual(annotationsFor(1, 3, 3));
  });

  it('does nothing for a Deployment with an empty selector but record the generation', () => {
    const d = { ...webDeployment({ selector: {} }), status: { replicas: 2 } };
    const actions = reconcileDeployment({ deployment: d, replicaSets: [], pods: [], now: NOW });
    expect(actions).toEqual({
      updateReplicaSets: [],
      deleteReplicaSets: [],
      status: { replicas: 2, observedGeneration: 1 },
    });
  });

  it('bumps collisionCount until the ReplicaSet name is free', () => {
    const impostor = {
      ...webReplicaSet({ hash: hashV1, replicas: 0, image: 'other', annotations: annotationsFor(1, 3, 4) }),
    };
    const actions = reconcileDeployment({
      deployment: webDeployment(),
      replicaSets: [impostor],
      pods: [],
      now: NOW,
    });
    expect(actions.createReplicaSet?.metadata.name).toBe(`web-${computePodTemplateHash(webTemplate(), 1)}`);
    expect(actions.status.collisionCount).toBe(1);
    expect(actions.revision).toBe('2');
  });
});

describe('reconcileDeployment: rolling update', () => {
  const v1 = webReplicaSet({ hash: hashV1, replicas: 10, annotations: annotationsFor(1, 10, 13) });
  const strategy = { type: 'RollingUpdate' as const, rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } };
  const d = {
    ...webDeployment({ replicas: 10, strategy, template: webTemplate('nginx:1.26') }),
    status: completeStatus(10),
  };

  it('creates the new ReplicaSet at maxSurge and scales the old one down by maxUnavailable in the same sync', () => {
    const actions = reconcileDeployment({
      deployment: d,
      replicaSets: [v1],
      pods: readyPods(v1, 10),
      now: NOW,
    });
    expect(actions.createReplicaSet?.metadata.name).toBe(`web-${hashV2}`);
    expect(actions.createReplicaSet?.spec.replicas).toBe(3);
    expect(actions.createReplicaSet?.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    // 13 pods allowed, 8 must stay available, the 3 new ones are not: 13 - 8 - 3 = 2.
    expect(actions.updateReplicaSets).toEqual([
      { name: v1.metadata.name, replicas: 8, minReadySeconds: 0, annotations: annotationsFor(1, 10, 13) },
    ]);
    expect(actions.revision).toBe('2');
  });

  it('does not scale old pods down while the new ones are unavailable', () => {
    const old = { ...v1, spec: { ...v1.spec, replicas: 8 } };
    const v2 = webReplicaSet({
      hash: hashV2,
      replicas: 5,
      image: 'nginx:1.26',
      createdAt: 50,
      annotations: annotationsFor(2, 10, 13),
    });
    const newPods = Array.from({ length: 5 }, (_, i) =>
      podOf(v2, `new-${i}`, { nodeName: 'node-1', phase: 'Running' }),
    );
    const actions = reconcileDeployment({
      deployment: d,
      replicaSets: [old, v2],
      pods: [...readyPods(old, 8), ...newPods],
      now: NOW,
    });
    expect(actions.createReplicaSet).toBeUndefined();
    expect(actions.updateReplicaSets).toEqual([]);
    expect(actions.status).toMatchObject({
      replicas: 13,
      updatedReplicas: 5,
      availableReplicas: 8,
      unavailableReplicas: 5,
    });
  });

  it('cleans up unhealthy old replicas only within maxScaledDown, and reuses the old ReplicaSet on rollback', () => {
    const old = { ...v1, spec: { ...v1.spec, replicas: 8 } };
    const v2 = webReplicaSet({
      hash: hashV2,
      replicas: 5,
      image: 'nginx:1.26',
      createdAt: 50,
      annotations: annotationsFor(2, 10, 13),
    });
    const oldPods = [
      ...readyPods(old, 7),
      podOf(old, 'old-crashing', { nodeName: 'node-1', phase: 'Running' }),
    ];
    const actions = reconcileDeployment({ deployment: d, replicaSets: [old, v2], pods: oldPods, now: NOW });
    // maxScaledDown = 13 - 8 - 5 = 0: nothing may go, not even the unhealthy pod.
    expect(actions.updateReplicaSets).toEqual([]);
    const rolledBack = { ...d, spec: { ...d.spec, template: webTemplate('nginx:1.25') } };
    // Rolling back (case 1 in rolling.go): v1 is the new ReplicaSet again, with one unavailable pod, so
    // maxScaledDown = 13 - 8 - 1 = 4, and 4 of v2's 5 never-available replicas are cleaned up first.
    const back = reconcileDeployment({
      deployment: rolledBack,
      replicaSets: [old, v2],
      pods: oldPods,
      now: NOW,
    });
    expect(back.createReplicaSet).toBeUndefined();
    expect(back.updateReplicaSets.map((u) => [u.name, u.replicas])).toEqual([
      [old.metadata.name, 8],
      [v2.metadata.name, 1],
    ]);
    expect(back.updateReplicaSets[0]?.annotations['deployment.kubernetes.io/revision']).toBe('3');
    expect(back.updateReplicaSets[0]?.annotations['deployment.kubernetes.io/revision-history']).toBe('1');
    expect(back.revision).toBe('3');
  });

  it('finishes by scaling the old ReplicaSet to 0 once the new pods are available', () => {
    const old = { ...v1, spec: { ...v1.spec, replicas: 2 } };
    const v2 = webReplicaSet({
      hash: hashV2,
      replicas: 10,
      image: 'nginx:1.26',
      createdAt: 50,
      annotations: annotationsFor(2, 10, 13),
    });
    const actions = reconcileDeployment({
      deployment: d,
      replicaSets: [old, v2],
      pods: [...readyPods(old, 2), ...readyPods(v2, 10)],
      now: NOW,
    });
    expect(actions.updateReplicaSets.map((u) => [u.name, u.replicas])).toEqual([[old.metadata.name, 0]]);
  });
});

describe('reconcileDeployment: scaling', () => {
  const strategy = { type: 'RollingUpdate' as const, rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } };

  it('resizes the only active ReplicaSet when spec.replicas changes', () => {
    const v1 = webReplicaSet({ hash: hashV1, replicas: 3, annotations: annotationsFor(1, 3, 4) });
    const d = { ...webDeployment({ replicas: 5 }), status: completeStatus(3) };
    const actions = reconcileDeployment({
      deployment: d,
      replicaSets: [v1],
      pods: readyPods(v1, 3),
      now: NOW,
    });
    expect(actions.updateReplicaSets).toEqual([
      { name: v1.metadata.name, replicas: 5, minReadySeconds: 0, annotations: annotationsFor(1, 5, 7) },
    ]);
  });

  it('spreads a scale-up mid-rollout in proportion to ReplicaSet size (the documented 10 → 15 example)', () => {
    const old = webReplicaSet({ hash: hashV1, replicas: 8, annotations: annotationsFor(1, 10, 13) });
    const v2 = webReplicaSet({
      hash: hashV2,
      replicas: 5,
      image: 'nginx:1.26',
      createdAt: 50,
      annotations: annotationsFor(2, 10, 13),
    });
    const d = webDeployment({ replicas: 15, strategy, template: webTemplate('nginx:1.26') });
    const actions = reconcileDeployment({
      deployment: d,
      replicaSets: [old, v2],
      pods: readyPods(old, 8),
      now: NOW,
    });
    expect(actions.updateReplicaSets).toEqual([
      { name: old.metadata.name, replicas: 11, minReadySeconds: 0, annotations: annotationsFor(1, 15, 18) },
      { name: v2.metadata.name, replicas: 7, minReadySeconds: 0, annotations: annotationsFor(2, 15, 18) },
    ]);
  });

  it('scales a paused Deployment but does not roll out its new template', () => {
    const v1 = webReplicaSet({ hash: hashV1, replicas: 3, annotations: annotationsFor(1, 3, 4) });
    const d = {
      ...webDeployment({ replicas: 4, paused: true, template: webTemplate('nginx:1.26') }),
      status: completeStatus(3),
    };
    const actions = reconcileDeployment({
      deployment: d,
      replicaSets: [v1],
      pods: readyPods(v1, 3),
      now: NOW,
    });
    expect(actions.createReplicaSet).toBeUndefined();
    expect(actions.updateReplicaSets.map((u) => [u.name, u.replicas])).toEqual([[v1.metadata.name, 4]]);
    expect(actions.status.updatedReplicas).toBe(0);
  });
});

describe('reconcileDeployment: Recreate', () => {
  const d = {
    ...webDeployment({ strategy: { type: 'Recreate' }, template: webTemplate('nginx:1.26') }),
    status: completeStatus(3),
  };
  const v1 = webReplicaSet({ hash: hashV1, replicas: 3, annotations: annotationsFor(1, 3, 3) });

  it('scales old ReplicaSets to 0 without creating the new one', () => {
    const actions = reconcileDeployment({
      deployment: d,
      replicaSets: [v1],
      pods: readyPods(v1, 3),
      now: NOW,
    });
    expect(actions.createReplicaSet).toBeUndefined();
    expect(actions.updateReplicaSets.map((u) => [u.name, u.replicas])).toEqual([[v1.metadata.name, 0]]);
  });

  it('waits while an old pod is still terminating', () => {
    const scaledDown = { ...v1, spec: { ...v1.spec, replicas: 0 } };
    const terminating = podOf(v1, 'old', {
      nodeName: 'node-1',
      readySince: 0,
      deletionTimestamp: NOW + 30_000,
    });
    const actions = reconcileDeployment({
      deployment: d,
      replicaSets: [scaledDown],
      pods: [terminating],
      now: NOW,
    });
    expect(actions.createReplicaSet).toBeUndefined();
    expect(actions.updateReplicaSets).toEqual([]);
  });

  it('creates the new ReplicaSet at full size once no old pod is left', () => {
    const scaledDown = { ...v1, spec: { ...v1.spec, replicas: 0 } };
    const done = podOf(v1, 'old', { nodeName: 'node-1', phase: 'Succeeded' });
    const actions = reconcileDeployment({ deployment: d, replicaSets: [scaledDown], pods: [done], now: NOW });
    expect(actions.createReplicaSet?.spec.replicas).toBe(3);
    expect(actions.revision).toBe('2');
  });
});

describe('reconcileDeployment: history', () => {
  it('deletes the oldest-revision old ReplicaSets beyond revisionHistoryLimit once complete', () => {
    const current = webReplicaSet({
      hash: 'cur',
      replicas: 2,
      image: 'nginx:1.25',
      createdAt: 40,
      annotations: annotationsFor(4, 2, 3),
    });
    const olds = [1, 2, 3].map((revision) =>
      webReplicaSet({
        hash: `old${revision}`,
        replicas: 0,
        image: `v${revision}`,
        createdAt: revision,
        annotations: annotationsFor(revision, 2, 3),
      }),
    );
    const d = { ...webDeployment({ replicas: 2, revisionHistoryLimit: 1 }), status: completeStatus(2) };
    const actions = reconcileDeployment({
      deployment: d,
      replicaSets: [...olds, current],
      pods: readyPods(current, 2),
      now: NOW,
    });
    expect(actions.deleteReplicaSets).toEqual(['web-old1', 'web-old2']);
  });

  it('keeps an old ReplicaSet that still has pods', () => {
    const current = webReplicaSet({
      hash: 'cur',
      replicas: 1,
      createdAt: 40,
      annotations: annotationsFor(2, 1, 2),
    });
    const old = webReplicaSet({
      hash: 'old',
      replicas: 0,
      image: 'v0',
      createdAt: 1,
      annotations: annotationsFor(1, 1, 2),
    });
    const d = { ...webDeployment({ replicas: 1, revisionHistoryLimit: 0 }), status: completeStatus(1) };
    const lingering = podOf(old, 'old-pod', { nodeName: 'node-1', readySince: 0 });
    const actions = reconcileDeployment({
      deployment: d,
      replicaSets: [old, current],
      pods: [...readyPods(current, 1), lingering],
      now: NOW,
    });
    expect(actions.deleteReplicaSets).toEqual([]);
  });

  it('asks to be woken when a Ready pod passes minReadySeconds', () => {
    const v1 = webReplicaSet({ hash: hashV1, replicas: 1, annotations: annotationsFor(1, 1, 2) });
    const rs = { ...v1, spec: { ...v1.spec, minReadySeconds: 30 } };
    const d = webDeployment({ replicas: 1, minReadySeconds: 30 });
    const pod = podOf(rs, 'p', { nodeName: 'node-1', readySince: NOW - 1000 });
    const actions = reconcileDeployment({ deployment: d, replicaSets: [rs], pods: [pod], now: NOW });
    expect(actions.requeueAt).toBe(NOW - 1000 + 30_000);
    expect(actions.status).toMatchObject({ readyReplicas: 1, availableReplicas: 0 });
  });
});
