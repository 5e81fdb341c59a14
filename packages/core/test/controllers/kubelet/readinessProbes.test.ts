import { describe, expect, it } from 'vitest';

import { SERVICE_NAME_LABEL } from '../../../src/api/EndpointSlice.js';
import { getObject, listObjects } from '../../../src/cluster/ClusterState.js';
import {
  apply,
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

// Every pod here is applied at 0 already bound to node-1; the kubelet sees it one watch delay later and
// starts its container at once, so the container starts at S = 50 ms, and a worker with periodSeconds 10
// probes at S, S + 10s, S + 20s, ... Each expected instant below is that arithmetic.
const S = 50;
const readinessProbe = {
  httpGet: { path: '/healthz', port: 'http' },
  periodSeconds: 10,
  failureThreshold: 3,
};

describe('readiness probes, through run()', () => {
  it('turns the pod NotReady at the third failing probe and Ready at the first passing one', () => {
    // Health fails at S + 25s and recovers at S + 61s. Probes at S + 30, 40, 50s fail: NotReady at
    // S + 50s. The probe at S + 70s is the first after the recovery: Ready at S + 70s.
    const { log } = runFor(
      [
        apply(0, node()),
        apply(0, pod('web-0', { app: { health: 'failing@25s,healthy@61s' }, container: { readinessProbe } })),
      ],
      s(100),
    );
    expect(readyChanges(log.entries, 'web-0')).toEqual([
      { at: S, ready: true },
      { at: S + s(50), ready: false },
      { at: S + s(70), ready: true },
    ]);
    expect(probeResults(log.entries, 'web-0')).toEqual([
      expect.objectContaining({ at: S, probe: 'readiness', result: 'Success' }),
      {
        at: S + s(50),
        probe: 'readiness',
        result: 'Failure',
        reason: 'HTTP probe failed with statuscode: 500 (the health endpoint is failing)',
      },
      expect.objectContaining({ at: S + s(70), probe: 'readiness', result: 'Success' }),
    ]);
  });

  it('follows an app/healthSet input, and the EndpointSlice follows the pod one watch delay later', () => {
    // failing at 33s: probes at S + 40, 50, 60s fail → NotReady at 60.050s; healthy at 65s: the probe at
    // S + 70s passes → Ready at 70.050s. The slice controller sees each change 50 ms later.
    const health = (at: number, state: 'failing' | 'healthy') =>
      input(at, { type: 'app/healthSet', namespace: 'default', name: 'web-0', health: state });
    const { log, replay } = runFor(
      [
        apply(0, node()),
        apply(0, webService),
        apply(0, pod('web-0', { container: { readinessProbe } })),
        health(s(33), 'failing'),
        health(s(65), 'healthy'),
      ],
      s(100),
    );
    expect(readyChanges(log.entries, 'web-0')).toEqual([
      { at: S, ready: true },
      { at: S + s(60), ready: false },
      { at: S + s(70), ready: true },
    ]);
    const readyInSlice = (t: number) =>
      listObjects(replay.stateAt(t), 'EndpointSlice', 'default')
        .filter((slice) => slice.metadata.labels?.[SERVICE_NAME_LABEL] === 'web')
        .flatMap((slice) => slice.endpoints.map((e) => e.conditions?.ready));
    expect(readyInSlice(S + s(60) + 49)).toEqual([true]);
    expect(readyInSlice(S + s(60) + 50)).toEqual([false]);
    expect(readyInSlice(S + s(70) + 50)).toEqual([true]);
  });

  it('holds readiness back until the startup probe has passed', () => {
    // Up 25s after start. Startup probes (period 10s) at S, S + 10, S + 20s are refused; S + 30s passes,
    // so the container counts as started at S + 30s. Readiness ticks every 7s (S + 28, S + 35s): the one
    // at S + 28s is skipped (not started), the one at S + 35s passes. Without the startup probe it would
    // be Ready at S + 28s.
    const startupProbe = { tcpSocket: { port: 8080 }, periodSeconds: 10, failureThreshold: 30 };
    const readiness = { httpGet: { port: 8080 }, periodSeconds: 7 };
    const { log } = runFor(
      [
        apply(0, node()),
        apply(
          0,
          pod('held', {
            app: { 'startup-delay': '25s' },
            container: { startupProbe, readinessProbe: readiness },
          }),
        ),
        apply(0, pod('free', { app: { 'startup-delay': '25s' }, container: { readinessProbe: readiness } })),
      ],
      s(60),
    );
    expect(readyChanges(log.entries, 'held')).toEqual([
      { at: S, ready: false },
      { at: S + s(35), ready: true },
    ]);
    expect(probeResults(log.entries, 'held').map(({ at, probe, result }) => ({ at, probe, result }))).toEqual(
      [
        { at: S + s(30), probe: 'startup', result: 'Success' },
        { at: S + s(35), probe: 'readiness', result: 'Success' },
      ],
    );
    expect(readyChanges(log.entries, 'free')).toEqual([
      { at: S, ready: false },
      { at: S + s(28), ready: true },
    ]);
  });

  it('says why a refused probe failed: the application is not listening yet', () => {
    // A readiness probe that fails from its initial Failure never commits a change; a liveness probe
    // does, and names the cause.
    const livenessProbe = { tcpSocket: { port: 8080 }, periodSeconds: 5, failureThreshold: 2 };
    const { log } = runFor(
      [
        apply(0, node()),
        apply(0, pod('slow', { app: { 'startup-delay': '1m' }, container: { livenessProbe } })),
      ],
      s(6),
    );
    const ip = podIPOf(log.entries, 'slow');
    expect(probeResults(log.entries, 'slow')).toEqual([
      {
        at: S + s(5),
        probe: 'liveness',
        result: 'Failure',
        reason: `dial tcp ${ip}:8080: connect: connection refused (the application is not up yet: it starts listening at 60.050s)`,
      },
    ]);
  });

  it('takes pod/readinessSet as every container’s readiness result until a readiness probe commits one', () => {
    // No probe: the input holds until the next input. With a probe (threshold 1): it holds until the
    // probe's next committed change, the Failure at S + 30s (the flip at S + 25s); from then on the probe
    // decides, so its Success at S + 50s (healthy again at S + 45s) makes the pod Ready.
    const probed = { httpGet: { port: 8080 }, periodSeconds: 10, failureThreshold: 1 };
    const notReady = (at: number, name: string, ready = false) =>
      input(at, { type: 'pod/readinessSet', namespace: 'default', name, ready });
    const { log } = runFor(
      [
        apply(0, node()),
        apply(0, pod('plain')),
        apply(
          0,
          pod('probed', {
            app: { health: 'failing@25s,healthy@45s' },
            container: { readinessProbe: probed },
          }),
        ),
        notReady(s(5), 'plain'),
        notReady(s(12), 'plain', true),
        notReady(s(5), 'probed'),
      ],
      s(60),
    );
    expect(readyChanges(log.entries, 'plain')).toEqual([
      { at: S, ready: true },
      { at: s(5), ready: false },
      { at: s(12), ready: true },
    ]);
    expect(readyChanges(log.entries, 'probed')).toEqual([
      { at: S, ready: true },
      { at: s(5), ready: false },
      { at: S + s(50), ready: true },
    ]);
    expect(probeResults(log.entries, 'probed').map((r) => r.at)).toEqual([S, S + s(30), S + s(50)]);
  });

  it('applies a readiness set before the pod started from its start', () => {
    const { log } = runFor(
      [
        apply(0, node()),
        apply(0, pod('early')),
        input(1, { type: 'pod/readinessSet', namespace: 'default', name: 'early', ready: false }),
      ],
      s(1),
    );
    expect(readyChanges(log.entries, 'early')).toEqual([{ at: S, ready: false }]);
  });

  it('marks the pods of a failed node not Ready, and follows their probes again when it recovers', () => {
    const { log } = runFor(
      [
        apply(0, node()),
        apply(0, pod('web-0', { container: { readinessProbe } })),
        input(s(10), { type: 'node/readinessSet', name: 'node-1', ready: false }),
        input(s(20), { type: 'node/readinessSet', name: 'node-1', ready: true }),
      ],
      s(30),
    );
    expect(readyChanges(log.entries, 'web-0')).toEqual([
      { at: S, ready: true },
      { at: s(10) + S, ready: false },
      { at: s(20) + S, ready: true },
    ]);
  });

  it('waits for every container, sidecars included, each with its own annotations', () => {
    // The sidecar is up 10s after start (its own startup-delay); its readiness probe every 5s passes at
    // S + 10s. The app has no probe and is ready at once. An app/healthSet for the sidecar alone then
    // fails its probe from 20s: failures at S + 20, 25, 30s → NotReady at S + 30s.
    const { log, finalState } = runFor(
      [
        apply(0, node()),
        apply(
          0,
          pod('meshed', {
            app: { 'startup-delay.proxy': '10s' },
            spec: {
              initContainers: [
                {
                  name: 'proxy',
                  image: 'envoy:1',
                  restartPolicy: 'Always',
                  ports: [{ containerPort: 15001 }],
                  readinessProbe: { httpGet: { port: 15001 }, periodSeconds: 5 },
                },
              ],
            },
          }),
        ),
        input(s(20), {
          type: 'app/healthSet',
          namespace: 'default',
          name: 'meshed',
          container: 'proxy',
          health: 'failing',
        }),
      ],
      s(40),
    );
    expect(readyChanges(log.entries, 'meshed')).toEqual([
      { at: S, ready: false },
      { at: S + s(10), ready: true },
      { at: S + s(30), ready: false },
    ]);
    const status = getObject(finalState, 'Pod', 'default', 'meshed')?.status;
    expect(status?.initContainerStatuses?.map((c) => [c.name, c.ready])).toEqual([['proxy', false]]);
    expect(status?.containerStatuses?.map((c) => [c.name, c.ready])).toEqual([['app', true]]);
    expect(status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'ContainersNotReady',
      message: 'containers with unready status: [proxy]',
    });
  });
});
