import { describe, expect, it } from 'vitest';

import { getObject } from '../../../src/cluster/ClusterState.js';
import { apply, containerStatuses, input, node, pod, probeResults, runFor, s } from './kubeletFixtures.js';

// The container starts at S = 50 ms (the pod is applied bound at 0; the kubelet sees it 50 ms later).
const S = 50;

/** The instants the container (re)started, read from the status the kubelet wrote. */
function startInstants(entries: Parameters<typeof containerStatuses>[0], name: string): number[] {
  const starts: number[] = [];
  for (const { status } of containerStatuses(entries, name)) {
    const startedAt = status.state?.running?.startedAt;
    if (startedAt !== undefined && starts[starts.length - 1] !== startedAt) starts.push(startedAt);
  }
  return starts;
}

describe('container restarts, through run()', () => {
  it('restarts a container that fails its liveness probe, with CrashLoopBackOff from the second exit', () => {
    // Always failing; liveness every 10s, threshold 3, worker ticks at S + 10k s across restarts.
    // Run 1 starts at S: failures at S, S+10, S+20s → killed at S+20s, first exit restarts at once.
    // Run 2 at S+20s (a tick): fails at S+20, 30, 40s → killed at S+40s, back-off 10s → S+50s.
    // Run 3: fails at S+50, 60, 70s → killed at S+70s, back-off 20s → S+90s.
    // Run 4: fails at S+90, 100, 110s → back-off 40s → S+150s. Run 5: killed at S+170s, back-off 80s.
    const livenessProbe = {
      httpGet: { path: '/healthz', port: 8080 },
      periodSeconds: 10,
      failureThreshold: 3,
    };
    const { log, replay } = runFor(
      [
        apply(0, node()),
        apply(0, pod('web-0', { app: { health: 'failing' }, container: { livenessProbe } })),
      ],
      s(200),
    );
    expect(startInstants(log.entries, 'web-0')).toEqual([S, S + s(20), S + s(50), S + s(90), S + s(150)]);
    expect(probeResults(log.entries, 'web-0').map((r) => [r.at, r.probe, r.result])).toEqual([
      [S + s(20), 'liveness', 'Failure'],
      [S + s(40), 'liveness', 'Failure'],
      [S + s(70), 'liveness', 'Failure'],
      [S + s(110), 'liveness', 'Failure'],
      [S + s(170), 'liveness', 'Failure'],
    ]);
    // Between the third kill and the restart the container waits in CrashLoopBackOff, its last run on record.
    const waiting = getObject(replay.stateAt(S + s(80)), 'Pod', 'default', 'web-0')?.status
      ?.containerStatuses?.[0];
    expect(waiting).toMatchObject({
      ready: false,
      started: false,
      restartCount: 2,
      state: { waiting: { reason: 'CrashLoopBackOff' } },
      lastState: { terminated: { startedAt: S + s(50), finishedAt: S + s(70) } },
    });
    expect(waiting?.state?.waiting?.message).toMatch(
      /^back-off 20s restarting failed container=app pod=web-0_default\(/,
    );
    expect(
      getObject(replay.stateAt(s(200)), 'Pod', 'default', 'web-0')?.status?.containerStatuses?.[0]
        ?.restartCount,
    ).toBe(4);
  });

  it('restarts an application that crashes on its own, as often as crash-after says', () => {
    // crash-after 5s: exits at S+5s (restart at once), S+10s (+10s back-off → S+20s), S+25s (+20s → S+45s).
    const { log } = runFor(
      [apply(0, node()), apply(0, pod('crashy', { app: { 'crash-after': '5s', 'exit-code': '3' } }))],
      s(60),
    );
    expect(startInstants(log.entries, 'crashy')).toEqual([S, S + s(5), S + s(20), S + s(45)]);
    const last = containerStatuses(log.entries, 'crashy').at(-1)?.status;
    expect(last?.lastState).toEqual({
      terminated: { exitCode: 3, reason: 'Error', startedAt: S + s(45), finishedAt: S + s(50) },
    });
  });

  it('honours restartPolicy: Never leaves a crashed pod Failed, OnFailure does not restart a clean exit', () => {
    const crash = input(s(3), { type: 'app/crashed', namespace: 'default', name: 'never', exitCode: 2 });
    const { finalState } = runFor(
      [
        apply(0, node()),
        apply(0, pod('never', { spec: { restartPolicy: 'Never' } })),
        apply(
          0,
          pod('done', {
            app: { 'crash-after': '2s', 'exit-code': '0' },
            spec: { restartPolicy: 'OnFailure' },
          }),
        ),
        crash,
      ],
      s(10),
    );
    const never = getObject(finalState, 'Pod', 'default', 'never');
    expect(never?.status?.phase).toBe('Failed');
    expect(never?.status?.containerStatuses?.[0]?.state).toEqual({
      terminated: { exitCode: 2, reason: 'Error', startedAt: S, finishedAt: s(3) },
    });
    expect(never?.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'PodFailed',
    });
    const done = getObject(finalState, 'Pod', 'default', 'done');
    expect(done?.status?.phase).toBe('Succeeded');
    expect(done?.status?.containerStatuses?.[0]?.restartCount).toBe(0);
  });

  it('kills a slow starter its startup probe gives up on, and restarts it', () => {
    // Up after 40s, but the startup probe allows 3 × 10s: failures at S, S+10, S+20s → killed at S+20s.
    const startupProbe = { tcpSocket: { port: 8080 }, periodSeconds: 10, failureThreshold: 3 };
    const { log } = runFor(
      [
        apply(0, node()),
        apply(0, pod('slow', { app: { 'startup-delay': '40s' }, container: { startupProbe } })),
      ],
      s(30),
    );
    expect(probeResults(log.entries, 'slow').map((r) => [r.at, r.probe, r.result])).toEqual([
      [S + s(20), 'startup', 'Failure'],
    ]);
    expect(startInstants(log.entries, 'slow')).toEqual([S, S + s(20)]);
  });

  it('keeps the drain of a killed container within the probe’s own grace period', () => {
    // Liveness fails at S+20s; the application would drain for 60s, but the probe's
    // terminationGracePeriodSeconds is 5: SIGKILL at S+25s (exit 137), restarted at once (first exit).
    const livenessProbe = {
      httpGet: { port: 8080 },
      periodSeconds: 10,
      failureThreshold: 3,
      terminationGracePeriodSeconds: 5,
    };
    const { log } = runFor(
      [
        apply(0, node()),
        apply(
          0,
          pod('stuck', {
            app: { health: 'failing', 'serve-after-sigterm': '60s' },
            container: { livenessProbe },
          }),
        ),
      ],
      s(30),
    );
    expect(startInstants(log.entries, 'stuck')).toEqual([S, S + s(25)]);
    expect(containerStatuses(log.entries, 'stuck').at(-1)?.status.lastState).toEqual({
      terminated: { exitCode: 137, reason: 'Error', startedAt: S, finishedAt: S + s(25) },
    });
  });
});
