import { describe, expect, it } from 'vitest';

import { canonicalDigest, listObjects, resolveSimulationConfig, run } from '@svcsim/core';

import {
  CLUSTER_SCALE,
  createClusterScaleInputs,
  scaledDown,
  type ClusterScaleWorkload,
} from '../src/clusterScaleWorkload.js';

const small: ClusterScaleWorkload = {
  nodes: 4,
  services: 6,
  podsPerService: 3,
  deploymentEvery: 3,
  churnEvents: 120,
  buildMs: 5_000,
  churnMs: 6_000,
  settleMs: 35_000,
};

describe('the cluster-scale workload', () => {
  it('is issue 3’s cluster at full scale and a tenth of it scaled down', () => {
    expect(CLUSTER_SCALE.services * CLUSTER_SCALE.podsPerService).toBe(100_000);
    const { inputs, buildInputs, churn } = createClusterScaleInputs(scaledDown(CLUSTER_SCALE, 10));
    const objects = inputs.slice(0, buildInputs).map((input) => input.event);
    const kinds = new Map<string, number>();
    for (const event of objects)
      if (event.type === 'api/applied') kinds.set(event.object.kind, (kinds.get(event.object.kind) ?? 0) + 1);
    expect(kinds.get('Node')).toBe(100);
    expect(kinds.get('Service')).toBe(1_000);
    // 900 Services with 10 bare pods each; 100 Deployments of 10 replicas make the other 1,000 pods.
    expect(kinds.get('Pod')).toBe(9_000);
    expect(kinds.get('Deployment')).toBe(100);
    expect(churn.readinessFlips + churn.podDeletions + churn.podRecreations + churn.scaleChanges).toBe(
      10_000,
    );
    expect(churn.readinessFlips / 10_000).toBeGreaterThan(0.75);
    expect(churn.podDeletions).toBeGreaterThan(0);
    expect(churn.scaleChanges).toBeGreaterThan(0);
  });

  it('is the same for the same seed', () => {
    expect(canonicalDigest(createClusterScaleInputs(small, 5).inputs)).toBe(
      canonicalDigest(createClusterScaleInputs(small, 5).inputs),
    );
  });

  it('builds before buildMs and churns after it, only ever naming pods that exist', () => {
    const { inputs, buildInputs } = createClusterScaleInputs(scaledDown(CLUSTER_SCALE, 20));
    const live = new Map<string, boolean>();
    const pendingDeletions = new Map<string, number[]>();
    inputs.forEach(({ at, event }, index) => {
      if (index < buildInputs) expect(at).toBeLessThanOrEqual(1_000);
      else expect(at).toBeGreaterThan(CLUSTER_SCALE.buildMs);
      if (event.type === 'api/applied' && event.object.kind === 'Pod') {
        const app = event.object.metadata.labels?.['app'] ?? '';
        // A replacement comes at least 200 ms after a deletion of a pod of its app, as a ReplicaSet's would.
        if (index >= buildInputs) {
          const deletedAt = pendingDeletions.get(app)?.shift();
          expect(deletedAt).toBeDefined();
          expect(at - (deletedAt ?? at)).toBeGreaterThanOrEqual(200);
        }
        live.set(event.object.metadata.name ?? '', true);
      }
      if (event.type === 'pod/readinessSet') {
        expect(live.has(event.name)).toBe(true);
        // Each flip changes the pod's readiness.
        expect(event.ready).toBe(!(live.get(event.name) ?? true));
        live.set(event.name, event.ready);
      }
      if (event.type === 'api/deleted') {
        expect(live.has(event.name)).toBe(true);
        live.delete(event.name);
        const app = event.name.slice(0, event.name.lastIndexOf('-'));
        pendingDeletions.set(app, [...(pendingDeletions.get(app) ?? []), at]);
      }
    });
  });

  it('runs through the engine without a refused request, built by buildMs', () => {
    const { inputs, durationMs } = createClusterScaleInputs(small);
    const result = run(inputs, 1, resolveSimulationConfig({ durationMs, watchDelayMs: 50 }));
    expect(result.log.entries.filter((entry) => entry.event.type === 'api/rejected')).toEqual([]);
    const built = result.replay.stateAt(small.buildMs);
    const pods = listObjects(built, 'Pod', 'default');
    expect(pods).toHaveLength(small.services * small.podsPerService);
    for (const pod of pods)
      expect(pod.status?.conditions?.find((c) => c.type === 'Ready')?.status, pod.metadata.name).toBe('True');
    // At the end every Deployment is back near its size and every Service still has its endpoints.
    const slices = listObjects(result.finalState, 'EndpointSlice', 'default');
    for (let s = 0; s < small.services; s++)
      expect(
        slices.some((slice) => slice.metadata.labels?.['kubernetes.io/service-name'] === `app-${s}`),
      ).toBe(true);
  });
});
