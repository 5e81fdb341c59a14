import { describe, expect, it } from 'vitest';

import { canonicalDigest } from '../../../src/canonicalDigest.js';
import type { InputEntry } from '../../../src/engine/InputEntry.js';
import { resimulate } from '../../../src/engine/resimulate.js';
import { apply, input, node, pod, runFor, s, webService } from './kubeletFixtures.js';

const probes = {
  readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 5, failureThreshold: 2 },
  livenessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 10 },
};

/** A busy minute: starts, a flapping app, a crash loop, readiness set from outside, and a deletion. */
const busy: InputEntry[] = [
  apply(0, node()),
  apply(0, webService),
  apply(0, pod('flappy', { app: { health: 'failing@7s,healthy@19s,hanging@31s' }, container: probes })),
  apply(0, pod('crashy', { app: { 'crash-after': '4s' }, container: probes })),
  apply(s(2), pod('late', { app: { 'startup-delay': '3s' }, container: probes })),
  input(s(9), { type: 'pod/readinessSet', namespace: 'default', name: 'late', ready: false }),
  input(s(12), { type: 'app/healthSet', namespace: 'default', name: 'late', health: 'failing' }),
  input(s(20), { type: 'api/deleted', kind: 'Pod', namespace: 'default', name: 'flappy' }),
];

describe('the kubelet is deterministic', () => {
  it('gives identical logs for two runs of the same inputs, and re-simulation reproduces them', () => {
    const first = runFor(busy, s(60));
    const second = runFor(busy, s(60));
    expect(canonicalDigest(second.log.entries)).toBe(canonicalDigest(first.log.entries));
    expect(first.log.entries.some((e) => e.event.type === 'probe/resultChanged')).toBe(true);
    expect(resimulate(first.log).identical).toBe(true);
  });

  it('costs events only for changes: a stable pod adds none however long the run', () => {
    const stable = [apply(0, node()), apply(0, webService), apply(0, pod('steady', { container: probes }))];
    const minute = runFor(stable, s(60)).log.entries.length;
    const day = runFor(stable, s(86_400)).log.entries.length;
    expect(day).toBe(minute);
  });
});
