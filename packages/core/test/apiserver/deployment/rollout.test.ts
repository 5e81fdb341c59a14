import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { Deployment } from '../../../src/api/Deployment.js';
import type { IntOrString } from '../../../src/api/ObjectMeta.js';
import { isPodAvailable } from '../../../src/apiserver/deployment/isPodAvailable.js';
import { computePodTemplateHash } from '../../../src/apiserver/deployment/podTemplateHash.js';
import {
  deploymentMaxSurge,
  deploymentMaxUnavailable,
} from '../../../src/apiserver/deployment/resolveFenceposts.js';
import { canonicalDigest } from '../../../src/canonicalDigest.js';
import { webDeployment, webTemplate } from './helpers/fixtures.js';
import {
  createCluster,
  editDeployment,
  livePods,
  runUntilSettled,
  type Cluster,
  type ClusterOptions,
} from './helpers/rolloutHarness.js';

const POD_NAME = /^web-[bcdfghjklmnpqrstvwxz2456789]{1,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/;

/** A cluster that has created the Deployment's first ReplicaSet and brought every pod up. */
function settledCluster(deployment: Deployment, options: ClusterOptions): Cluster {
  const cluster = createCluster(deployment, options);
  runUntilSettled(cluster);
  expectRolledOut(cluster);
  return cluster;
}

function setImage(cluster: Cluster, image: string): void {
  editDeployment(cluster, (spec) => ({ ...spec, template: webTemplate(image) }));
}

function podHash(pod: { readonly metadata: { readonly labels?: Readonly<Record<string, string>> } }): string {
  return pod.metadata.labels?.['pod-template-hash'] ?? '';
}

/** Every pod runs the current template, old ReplicaSets are at 0 and the status says so. */
function expectRolledOut(cluster: Cluster): void {
  const d = cluster.deployment;
  const replicas = d.spec.replicas ?? 1;
  const hash = computePodTemplateHash(d.spec.template, d.status?.collisionCount);
  const pods = [...cluster.pods.values()];
  expect(pods).toHaveLength(replicas);
  for (const pod of pods) {
    expect(podHash(pod)).toBe(hash);
    expect(isPodAvailable(pod, d.spec.minReadySeconds ?? 0, cluster.now)).toBe(true);
  }
  for (const rs of cluster.replicaSets.values()) {
    expect(rs.spec.replicas).toBe(rs.metadata.name === `web-${hash}` ? replicas : 0);
  }
  expect(d.status).toMatchObject({
    replicas,
    updatedReplicas: replicas,
    readyReplicas: replicas,
    availableReplicas: replicas,
    unavailableReplicas: 0,
  });
}

/** The RollingUpdate promises, checked after every controller round. */
function rollingInvariants(deployment: Deployment): (cluster: Cluster) => void {
  const replicas = deployment.spec.replicas ?? 1;
  const maxSurge = deploymentMaxSurge(deployment);
  const maxUnavailable = deploymentMaxUnavailable(deployment);
  const minReadySeconds = deployment.spec.minReadySeconds ?? 0;
  return (cluster) => {
    const live = livePods(cluster);
    const available = live.filter((p) => isPodAvailable(p, minReadySeconds, cluster.now)).length;
    if (live.length > replicas + maxSurge || available < replicas - maxUnavailable) {
      throw new Error(
        `t=${cluster.now}: ${live.length} pods (max ${replicas + maxSurge}), ${available} available (min ${replicas - maxUnavailable})`,
      );
    }
  };
}

describe('rolling update (controllers in a loop)', () => {
  it('keeps within maxSurge and maxUnavailable and ends with every pod on the new template', () => {
    const strategy = { type: 'RollingUpdate' as const, rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } };
    const cluster = settledCluster(webDeployment({ replicas: 10, strategy }), {
      seed: 1,
      readyDelayMs: { min: 500, max: 3000 },
    });
    const oldRS = [...cluster.replicaSets.keys()];
    setImage(cluster, 'nginx:1.26');
    runUntilSettled(cluster, rollingInvariants(cluster.deployment));
    expectRolledOut(cluster);
    expect(cluster.replicaSets.size).toBe(2);
    for (const name of oldRS) expect(cluster.replicaSets.get(name)?.spec.replicas).toBe(0);
    expect(cluster.deployment.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
  });

  it('honours the 25%/25% defaults with terminating pods that linger', () => {
    const cluster = settledCluster(webDeployment({ replicas: 8 }), {
      seed: 2,
      readyDelayMs: { min: 200, max: 4000 },
      terminationGraceMs: 5000,
    });
    setImage(cluster, 'nginx:1.26');
    runUntilSettled(cluster, rollingInvariants(cluster.deployment));
    expectRolledOut(cluster);
  });

  it('waits minReadySeconds before counting new pods and scaling old ones down', () => {
    const strategy = { type: 'RollingUpdate' as const, rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } };
    const cluster = settledCluster(webDeployment({ replicas: 3, strategy, minReadySeconds: 10 }), {
      seed: 3,
      readyDelayMs: { min: 1000, max: 1000 },
    });
    const start = cluster.now;
    setImage(cluster, 'nginx:1.26');
    runUntilSettled(cluster, rollingInvariants(cluster.deployment));
    expectRolledOut(cluster);
    // One pod at a time (surge 1, unavailable 0), each ready after 1s and available 10s later.
    expect(cluster.now - start).toBe(3 * 11_000);
  });

  it('rolls back to the previous ReplicaSet instead of creating a third', () => {
    const cluster = settledCluster(webDeployment({ replicas: 4 }), { seed: 4 });
    const [v1] = [...cluster.replicaSets.keys()];
    setImage(cluster, 'nginx:1.26');
    runUntilSettled(cluster);
    setImage(cluster, 'nginx:1.25');
    runUntilSettled(cluster, rollingInvariants(cluster.deployment));
    expectRolledOut(cluster);
    expect(cluster.replicaSets.size).toBe(2);
    const reused = cluster.replicaSets.get(v1 ?? '');
    expect(reused?.spec.replicas).toBe(4);
    expect(reused?.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(reused?.metadata.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1');
  });

  it('keeps only revisionHistoryLimit old ReplicaSets', () => {
    const cluster = settledCluster(webDeployment({ replicas: 2, revisionHistoryLimit: 1 }), { seed: 5 });
    for (const image of ['v2', 'v3', 'v4']) {
      setImage(cluster, image);
      runUntilSettled(cluster);
    }
    expectRolledOut(cluster);
    expect(
      [...cluster.replicaSets.values()].map((rs) => rs.spec.template.spec.containers[0]?.image).sort(),
    ).toEqual(['v3', 'v4']);
  });

  it('does not roll out while paused, and does once resumed', () => {
    const cluster = settledCluster(webDeployment({ replicas: 3 }), { seed: 6 });
    editDeployment(cluster, (spec) => ({ ...spec, paused: true, template: webTemplate('nginx:1.26') }));
    runUntilSettled(cluster);
    expect(cluster.replicaSets.size).toBe(1);
    expect(cluster.deployment.status?.updatedReplicas).toBe(0);
    editDeployment(cluster, (spec) => ({ ...spec, paused: false }));
    runUntilSettled(cluster, rollingInvariants(cluster.deployment));
    expectRolledOut(cluster);
  });

  it('rolls over a rollout in progress to a third template', () => {
    const cluster = settledCluster(webDeployment({ replicas: 6 }), {
      seed: 7,
      readyDelayMs: { min: 1000, max: 5000 },
    });
    setImage(cluster, 'nginx:1.26');
    runUntilSettled(cluster, (c) => {
      if (c.now >= 2000 && c.deployment.spec.template.spec.containers[0]?.image === 'nginx:1.26') {
        setImage(c, 'nginx:1.27');
      }
    });
    expectRolledOut(cluster);
    expect(cluster.deployment.spec.template.spec.containers[0]?.image).toBe('nginx:1.27');
  });
});

describe('Recreate (controllers in a loop)', () => {
  it('never runs old and new pods at the same time, terminating ones included', () => {
    const cluster = settledCluster(webDeployment({ replicas: 5, strategy: { type: 'Recreate' } }), {
      seed: 8,
      readyDelayMs: { min: 500, max: 2000 },
      terminationGraceMs: 7000,
    });
    const oldHash = podHash([...cluster.pods.values()][0] ?? { metadata: {} });
    setImage(cluster, 'nginx:1.26');
    let sawGap = false;
    runUntilSettled(cluster, (c) => {
      const hashes = new Set([...c.pods.values()].map(podHash));
      expect(hashes.size).toBeLessThanOrEqual(1);
      if (hashes.size === 0) sawGap = true;
    });
    expectRolledOut(cluster);
    expect(sawGap).toBe(true);
    expect(podHash([...cluster.pods.values()][0] ?? { metadata: {} })).not.toBe(oldHash);
  });
});

describe('scaling (controllers in a loop)', () => {
  it('scales up and down, spreading pods evenly across nodes', () => {
    const cluster = settledCluster(webDeployment({ replicas: 3 }), { seed: 9, nodes: 3 });
    editDeployment(cluster, (spec) => ({ ...spec, replicas: 9 }));
    runUntilSettled(cluster);
    expectRolledOut(cluster);
    const perNode = (c: Cluster) => {
      const counts: Record<string, number> = {};
      for (const pod of c.pods.values())
        counts[pod.spec.nodeName ?? ''] = (counts[pod.spec.nodeName ?? ''] ?? 0) + 1;
      return counts;
    };
    expect(perNode(cluster)).toEqual({ 'node-1': 3, 'node-2': 3, 'node-3': 3 });
    editDeployment(cluster, (spec) => ({ ...spec, replicas: 2 }));
    runUntilSettled(cluster);
    expectRolledOut(cluster);
    expect(cluster.replicaSets.size).toBe(1);
    expect(Object.values(perNode(cluster))).toEqual([1, 1]);
  });

  it('scales to zero and back', () => {
    const cluster = settledCluster(webDeployment({ replicas: 2 }), { seed: 10 });
    editDeployment(cluster, (spec) => ({ ...spec, replicas: 0 }));
    runUntilSettled(cluster);
    expect(cluster.pods.size).toBe(0);
    editDeployment(cluster, (spec) => ({ ...spec, replicas: 3 }));
    runUntilSettled(cluster);
    expectRolledOut(cluster);
  });
});

describe('minReadySeconds', () => {
  it('makes pods available exactly minReadySeconds after they turn Ready', () => {
    const cluster = createCluster(webDeployment({ replicas: 2, minReadySeconds: 5 }), {
      seed: 11,
      readyDelayMs: { min: 1000, max: 1000 },
    });
    runUntilSettled(cluster);
    expectRolledOut(cluster);
    // Created at 0, Ready at 1000, available at 1000 + 5000; the controllers were woken for exactly that instant.
    expect(cluster.availabilityLog).toEqual([{ at: 6000, available: 2 }]);
    expect(cluster.now).toBe(6000);
  });
});

describe('pod names and determinism', () => {
  function scenario(seed: number): Cluster {
    const cluster = settledCluster(webDeployment({ replicas: 5 }), {
      seed,
      readyDelayMs: { min: 100, max: 900 },
    });
    setImage(cluster, 'nginx:1.26');
    runUntilSettled(cluster);
    return cluster;
  }

  it('names pods <deployment>-<pod-template-hash>-<5 random characters>', () => {
    const cluster = scenario(12);
    for (const name of cluster.pods.keys()) expect(name).toMatch(POD_NAME);
    const d = cluster.deployment;
    for (const pod of cluster.pods.values()) {
      expect(pod.metadata.name?.startsWith(`web-${computePodTemplateHash(d.spec.template)}-`)).toBe(true);
    }
  });

  it('produces the same cluster, byte for byte, from the same seed, and other names from another', () => {
    const digest = (c: Cluster) =>
      canonicalDigest({ deployment: c.deployment, replicaSets: c.replicaSets, pods: c.pods, now: c.now });
    expect(digest(scenario(13))).toBe(digest(scenario(13)));
    expect([...scenario(13).pods.keys()].sort()).not.toEqual([...scenario(14).pods.keys()].sort());
  });
});

describe('rollout properties', () => {
  const intOrPercent: fc.Arbitrary<IntOrString> = fc.oneof(
    fc.integer({ min: 0, max: 4 }),
    fc.integer({ min: 0, max: 100 }).map((p) => `${p}%`),
  );
  const isZero = (v: IntOrString) => v === 0 || v === '0%';

  it('holds maxSurge/maxUnavailable at every step and always completes, for any valid strategy', () => {
    fc.assert(
      fc.property(
        fc.record({
          replicas: fc.integer({ min: 1, max: 8 }),
          maxSurge: intOrPercent,
          maxUnavailable: intOrPercent,
          minReadySeconds: fc.integer({ min: 0, max: 2 }),
          readyDelayMax: fc.integer({ min: 0, max: 3000 }),
          terminationGraceMs: fc.constantFrom(0, 2000),
          seed: fc.nat(),
        }),
        (p) => {
          // Validation rejects both fenceposts set to zero.
          fc.pre(!(isZero(p.maxSurge) && isZero(p.maxUnavailable)));
          const strategy = {
            type: 'RollingUpdate' as const,
            rollingUpdate: { maxSurge: p.maxSurge, maxUnavailable: p.maxUnavailable },
          };
          const cluster = settledCluster(
            webDeployment({ replicas: p.replicas, strategy, minReadySeconds: p.minReadySeconds }),
            {
              seed: p.seed,
              readyDelayMs: { min: 0, max: p.readyDelayMax },
              terminationGraceMs: p.terminationGraceMs,
            },
          );
          setImage(cluster, 'nginx:1.26');
          runUntilSettled(cluster, rollingInvariants(cluster.deployment));
          expectRolledOut(cluster);
          for (const name of cluster.pods.keys()) expect(name).toMatch(POD_NAME);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('never overlaps old and new pods under Recreate, for any size and timing', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 3000 }),
        fc.constantFrom(0, 1500),
        fc.nat(),
        (replicas, readyDelayMax, terminationGraceMs, seed) => {
          const cluster = settledCluster(webDeployment({ replicas, strategy: { type: 'Recreate' } }), {
            seed,
            readyDelayMs: { min: 0, max: readyDelayMax },
            terminationGraceMs,
          });
          setImage(cluster, 'nginx:1.26');
          runUntilSettled(cluster, (c) => {
            expect(new Set([...c.pods.values()].map(podHash)).size).toBeLessThanOrEqual(1);
          });
          expectRolledOut(cluster);
        },
      ),
      { numRuns: 60 },
    );
  });
});
