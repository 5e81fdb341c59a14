import { describe, expect, it } from 'vitest';

import { apply, input, node, pod, runFor, s } from '../kubelet/kubeletFixtures.js';

/** A pod with a readiness probe every 2 s that fails after one failure. */
const probed = pod('web-1', {
  container: {
    readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 2, failureThreshold: 1 },
  },
});

describe("a failed host's kubelet", () => {
  it('reports nothing while the host is down, and catches up with its pods when it is back', () => {
    const result = runFor(
      [
        apply(0, node()),
        apply(0, probed),
        input(s(10), { type: 'node/failed', name: 'node-1' }),
        // The application's health endpoint starts failing while nobody can see it.
        input(s(12), { type: 'app/healthSet', namespace: 'default', name: 'web-1', health: 'failing' }),
        input(s(20), { type: 'node/recovered', name: 'node-1' }),
      ],
      s(30),
    );
    const probeResults = result.log.entries.filter(
      (e) => e.event.type === 'probe/resultChanged' && e.at > s(10),
    );
    // The failing result its prober would have seen at 12-14 s is only reported when the host is back.
    expect(probeResults.map((e) => [e.at, e.event.type === 'probe/resultChanged' && e.event.result])).toEqual(
      [[s(20), 'Failure']],
    );
    const podWrites = result.log.entries.filter(
      (e) => e.event.type === 'object/updated' && e.event.object.kind === 'Pod' && e.at > s(10),
    );
    expect(podWrites.every((e) => e.at >= s(20))).toBe(true);
    expect(podWrites.length).toBeGreaterThan(0);
  });

  it('starts a pod bound to it while it was down only once it is back', () => {
    const result = runFor(
      [
        apply(0, node()),
        input(s(5), { type: 'node/failed', name: 'node-1' }),
        apply(s(6), pod('late')),
        input(s(15), { type: 'node/recovered', name: 'node-1' }),
      ],
      s(20),
    );
    const started = result.log.entries.find(
      (e) =>
        e.event.type === 'object/updated' &&
        e.event.object.kind === 'Pod' &&
        e.event.object.status?.podIP !== undefined,
    );
    expect(started?.at).toBe(s(15));
  });
});
