import { describe, expect, it } from 'vitest';

import { SERVICE_NAME_LABEL } from '../../../src/api/EndpointSlice.js';
import { listObjects } from '../../../src/cluster/ClusterState.js';
import type { InputEntry } from '../../../src/engine/InputEntry.js';
import {
  apply,
  deletedAt,
  input,
  node,
  pod,
  podIPOf,
  probeResults,
  readyChanges,
  runFor,
  s,
  webService,
} from './kubeletFixtures.js';

// Every pod is deleted at D = 10s; the kubelet sees the deletion one watch delay later, at K = 10.050s,
// and kills the containers from there: preStop first, SIGTERM when it ends, SIGKILL when what is left of
// the grace period (taken from the deletion, 30s by default) has passed.
const D = s(10);
const K = D + 50;
const sleep5 = { preStop: { sleep: { seconds: 5 } } };

const remove = (name: string): InputEntry =>
  input(D, { type: 'api/deleted', kind: 'Pod', namespace: 'default', name });

describe('graceful termination, through run()', () => {
  it('runs preStop (sleep, exec sleep, httpGet), then SIGTERM; the app drains and exits, or SIGKILL ends it', () => {
    const { log } = runFor(
      [
        apply(0, node()),
        // preStop 5s → SIGTERM at K+5s; drains 10s → exits at K+15s, well within the grace period.
        apply(0, pod('drain', { app: { 'serve-after-sigterm': '10s' }, container: { lifecycle: sleep5 } })),
        // Would drain 60s: SIGKILL at K+5s + (30 − 5)s = K+30s.
        apply(
          0,
          pod('stubborn', { app: { 'serve-after-sigterm': '60s' }, container: { lifecycle: sleep5 } }),
        ),
        // An exec `sleep 20` preStop with a 10s grace period: the hook is cut at K+10s, SIGTERM, and SIGKILL
        // 2s later (the kubelet's minimum), at K+12s.
        apply(
          0,
          pod('hook-too-long', {
            app: { 'serve-after-sigterm': '60s' },
            container: { lifecycle: { preStop: { exec: { command: ['sh', '-c', 'sleep 20'] } } } },
            spec: { terminationGracePeriodSeconds: 10 },
          }),
        ),
        // A 5.5s hook counts as 5 whole seconds: SIGTERM at K+5.5s, SIGKILL 25s later, at K+30.5s.
        apply(
          0,
          pod('fractional', {
            app: { 'serve-after-sigterm': '60s' },
            container: { lifecycle: { preStop: { exec: { command: ['sleep', '5.5'] } } } },
          }),
        ),
        // An httpGet hook waits for the application's answer (3s here), then SIGTERM; it exits at once.
        apply(
          0,
          pod('http-hook', {
            app: { 'response-latency': '3s' },
            container: { lifecycle: { preStop: { httpGet: { path: '/drain', port: 'http' } } } },
          }),
        ),
        // A hanging endpoint holds the hook for the whole grace period (10s): SIGTERM at K+10s, SIGKILL 2s later.
        apply(
          0,
          pod('hung-hook', {
            app: { health: 'hanging', 'serve-after-sigterm': '60s' },
            container: { lifecycle: { preStop: { httpGet: { path: '/drain', port: 8080 } } } },
            spec: { terminationGracePeriodSeconds: 10 },
          }),
        ),
        // No hook, exits on SIGTERM: gone as soon as the kubelet sees the deletion.
        apply(0, pod('plain')),
        ...['drain', 'stubborn', 'hook-too-long', 'fractional', 'http-hook', 'hung-hook', 'plain'].map(
          remove,
        ),
      ],
      s(60),
    );
    expect(deletedAt(log.entries, 'drain')).toBe(K + s(15));
    expect(deletedAt(log.entries, 'stubborn')).toBe(K + s(30));
    expect(deletedAt(log.entries, 'hook-too-long')).toBe(K + s(12));
    expect(deletedAt(log.entries, 'fractional')).toBe(K + 30_500);
    expect(deletedAt(log.entries, 'http-hook')).toBe(K + s(3));
    expect(deletedAt(log.entries, 'hung-hook')).toBe(K + s(12));
    expect(deletedAt(log.entries, 'plain')).toBe(K);
  });

  it('keeps a terminating endpoint serving while the app serves, and answers connections until it exits', () => {
    const base = [
      apply(0, node()),
      apply(0, webService),
      apply(0, pod('client', { labels: { app: 'client' } })),
      apply(0, pod('drain', { app: { 'serve-after-sigterm': '10s' }, container: { lifecycle: sleep5 } })),
    ];
    const ip = podIPOf(runFor(base, s(1)).log.entries, 'drain');
    const open = (at: number, id: string): InputEntry =>
      input(at, {
        type: 'connection/opened',
        id,
        from: { kind: 'pod', namespace: 'default', name: 'client' },
        dstIP: ip,
        dstPort: 8080,
        protocol: 'TCP',
      });
    const { log, replay } = runFor(
      [
        ...base,
        remove('drain'),
        open(s(20), 'draining'),
        open(K + s(15) - 1, 'last-moment'),
        input(s(26), { type: 'connection/used', id: 'draining' }),
        open(s(26), 'after'),
      ],
      s(40),
    );
    const conditionsAt = (t: number) =>
      listObjects(replay.stateAt(t), 'EndpointSlice', 'default')
        .filter((slice) => slice.metadata.labels?.[SERVICE_NAME_LABEL] === 'web')
        .flatMap((slice) => slice.endpoints.map((e) => e.conditions));
    expect(conditionsAt(K - 1)).toEqual([{ ready: true, serving: true, terminating: false }]);
    expect(conditionsAt(K)).toEqual([{ ready: false, serving: true, terminating: true }]);
    expect(conditionsAt(K + s(15) + 49)).toEqual([{ ready: false, serving: true, terminating: true }]);
    expect(conditionsAt(K + s(15) + 50)).toEqual([]);
    const outcome = (id: string) =>
      log.entries.flatMap(({ event }) =>
        'id' in event &&
        event.id === id &&
        event.type !== 'connection/opened' &&
        event.type !== 'connection/used'
          ? [
              event.type === 'connection/failed' || event.type === 'connection/broken'
                ? event.failure
                : event.type,
            ]
          : [],
      );
    expect(outcome('draining')).toEqual(['connection/established', 'reset']);
    expect(outcome('last-moment')).toEqual(['connection/established']);
    expect(outcome('after')).toEqual(['timedOut']);
  });

  it('takes a pod out of serving when its app fails readiness on SIGTERM, before it stops serving', () => {
    // Readiness every 2s from S = 50 ms (ticks at 16.050s, 18.050s, ...); SIGTERM at K+5s = 15.050s makes
    // the health endpoint fail, so the probe at 16.050s fails (threshold 1): NotReady, serving=false one
    // watch delay later, while the app keeps serving until K+15s.
    const { log, replay } = runFor(
      [
        apply(0, node()),
        apply(0, webService),
        apply(
          0,
          pod('leaver', {
            app: { 'serve-after-sigterm': '10s', 'health-on-sigterm': 'failing' },
            container: {
              lifecycle: sleep5,
              readinessProbe: { httpGet: { port: 8080 }, periodSeconds: 2, failureThreshold: 1 },
            },
          }),
        ),
        remove('leaver'),
      ],
      s(40),
    );
    expect(readyChanges(log.entries, 'leaver')).toEqual([
      { at: 50, ready: true },
      { at: s(16) + 50, ready: false },
    ]);
    expect(probeResults(log.entries, 'leaver').at(-1)).toMatchObject({ at: s(16) + 50, result: 'Failure' });
    const servingAt = (t: number) =>
      listObjects(replay.stateAt(t), 'EndpointSlice', 'default')
        .filter((slice) => slice.metadata.labels?.[SERVICE_NAME_LABEL] === 'web')
        .flatMap((slice) => slice.endpoints.map((e) => e.conditions?.serving));
    expect(servingAt(s(16) + 99)).toEqual([true]);
    expect(servingAt(s(16) + 100)).toEqual([false]);
    expect(deletedAt(log.entries, 'leaver')).toBe(K + s(15));
  });

  it('stops liveness probes once the kubelet sees the deletion, so nothing restarts while terminating', () => {
    // Liveness would fail at S + 20s = 20.050s, but the deletion was seen at 10.050s and the drain lasts
    // until 40.050s: no Failure, no restart, and the pod goes when the drain ends.
    const { log } = runFor(
      [
        apply(0, node()),
        apply(
          0,
          pod('dying', {
            app: { health: 'failing@15s', 'serve-after-sigterm': '30s' },
            container: { livenessProbe: { httpGet: { port: 8080 }, periodSeconds: 10, failureThreshold: 1 } },
          }),
        ),
        remove('dying'),
      ],
      s(60),
    );
    expect(probeResults(log.entries, 'dying')).toEqual([]);
    expect(deletedAt(log.entries, 'dying')).toBe(K + s(30));
  });
});
