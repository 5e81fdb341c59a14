import { describe, expect, it } from 'vitest';

import {
  initialProbeWorkerState,
  nextProbeResultChange,
  probeWorkerStateAt,
} from '../../src/kubelet/nextProbeResultChange.js';
import { initialProbeResult } from '../../src/kubelet/ProbeResult.js';
import { changesOf, s, subjectOf, timeline } from './probeFixtures.js';
import { simulateProbeWorker } from './simulateProbeWorker.js';

// Every timeline below is worked out by hand in the comments: ticks fall at containerStart + k × period
// (the worker probes as soon as it starts, with the container), a result commits when its answer
// arrives, and the expected instants follow from that arithmetic alone.

const httpGet = { httpGet: { path: '/healthz', port: 8080 } };

describe('initial results', () => {
  it('starts readiness at Failure, liveness at Success, startup at Unknown', () => {
    expect(initialProbeResult('readiness')).toBe('Failure');
    expect(initialProbeResult('liveness')).toBe('Success');
    expect(initialProbeResult('startup')).toBe('Unknown');
    const state = initialProbeWorkerState(
      subjectOf({ kind: 'startup', probe: httpGet, containerStart: s(4) }),
    );
    expect(state).toEqual({ committed: 'Unknown', streak: 0, nextRunAt: s(4) });
  });

  it('turns Ready at the first probe with the defaults (period 10s, timeout 1s, thresholds 1 and 3)', () => {
    // Container starts at 2s; the worker probes at once: 2s, answer in 0ms → Success at 2s.
    expect(timeline({ kind: 'readiness', probe: httpGet, containerStart: s(2) })).toEqual([
      { at: s(2), result: 'Success' },
    ]);
  });

  it('costs nothing after that while the application stays the same', () => {
    const subject = subjectOf({ kind: 'readiness', probe: httpGet });
    const first = nextProbeResultChange(subject, initialProbeWorkerState(subject));
    expect(first?.at).toBe(0);
    // One call answers "never again", instead of one event per period for the rest of the run.
    expect(first && nextProbeResultChange(subject, first.state)).toBeUndefined();
  });
});

describe('failureThreshold and periodSeconds', () => {
  const probe = { ...httpGet, periodSeconds: 10, failureThreshold: 3 };

  it('turns NotReady at the third consecutive failure, 25s after a flip that falls 5s before a tick', () => {
    // Container start 3s → ticks 3, 13, 23, 33, 43, 53s. Health flips at 3 + 25 = 28s.
    // Ready at 3s; failures at 33, 43, 53s → NotReady at 53s, 25s after the flip.
    expect(
      timeline({ kind: 'readiness', probe, containerStart: s(3), app: { health: 'failing@25s' } }),
    ).toEqual([
      { at: s(3), result: 'Success' },
      { at: s(53), result: 'Failure' },
    ]);
  });

  it('takes 20s when the flip lands on a tick, and almost 30s when it lands just after one', () => {
    // Flip at 3 + 20 = 23s, a tick: failures at 23, 33, 43s → NotReady at 43s, 20s after the flip.
    expect(
      timeline({ kind: 'readiness', probe, containerStart: s(3), app: { health: 'failing@20s' } })[1],
    ).toEqual({ at: s(43), result: 'Failure' });
    // Flip at 3 + 20.001 = 23.001s: failures at 33, 43, 53s → NotReady at 53s, 29.999s after the flip.
    expect(
      timeline({ kind: 'readiness', probe, containerStart: s(3), app: { health: 'failing@20001ms' } })[1],
    ).toEqual({ at: s(53), result: 'Failure' });
  });

  it('never restarts on readiness failures, and turns Ready again at the first success', () => {
    // Failing 10s..35s after start (start 0): failures at 10, 20, 30 → NotReady at 30; success at 40.
    expect(timeline({ kind: 'readiness', probe, app: { health: 'failing@10s,healthy@35s' } })).toEqual([
      { at: 0, result: 'Success' },
      { at: s(30), result: 'Failure' },
      { at: s(40), result: 'Success' },
    ]);
  });

  it('counts only consecutive failures: one success in between starts the count over', () => {
    // Failing at 10, 20; healthy at 30 (flip back at 25s); failing again from 35s: 40, 50, 60 → 60s.
    expect(
      timeline({ kind: 'readiness', probe, app: { health: 'failing@10s,healthy@25s,failing@35s' } }),
    ).toEqual([
      { at: 0, result: 'Success' },
      { at: s(60), result: 'Failure' },
    ]);
  });

  it('probes every periodSeconds: with period 3s an app that listens after 7s is Ready at 9s', () => {
    // Ticks 0, 3, 6 are refused (not listening before 7s); 9s succeeds.
    expect(
      timeline({
        kind: 'readiness',
        probe: { tcpSocket: { port: 8080 }, periodSeconds: 3 },
        app: { 'startup-delay': '7s' },
      }),
    ).toEqual([{ at: s(9), result: 'Success' }]);
  });
});

describe('successThreshold', () => {
  it('needs successThreshold consecutive successes to turn Ready', () => {
    // Period 5, successThreshold 3, healthy from the start: successes at 0, 5, 10 → Ready at 10s.
    expect(
      timeline({ kind: 'readiness', probe: { ...httpGet, periodSeconds: 5, successThreshold: 3 } }),
    ).toEqual([{ at: s(10), result: 'Success' }]);
  });

  it('applies to recovery too', () => {
    // Period 5, success 3, failure 1; failing from 12s to 27s. Ready at 10 (0, 5, 10); the failure at 15
    // commits at once; 20, 25 fail; 30, 35, 40 succeed → Ready at 40s.
    expect(
      timeline({
        kind: 'readiness',
        probe: { ...httpGet, periodSeconds: 5, successThreshold: 3, failureThreshold: 1 },
        app: { health: 'failing@12s,healthy@27s' },
      }),
    ).toEqual([
      { at: s(10), result: 'Success' },
      { at: s(15), result: 'Failure' },
      { at: s(40), result: 'Success' },
    ]);
  });
});

describe('initialDelaySeconds', () => {
  it('does nothing on ticks before the delay has passed', () => {
    // Delay 15s, period 10: ticks 0 and 10 do nothing (10 < 15), 20 probes → Ready at 20s.
    expect(timeline({ kind: 'readiness', probe: { ...httpGet, initialDelaySeconds: 15 } })).toEqual([
      { at: s(20), result: 'Success' },
    ]);
  });

  it('probes on a tick exactly at the delay', () => {
    // Delay 20s: the tick at 20s has waited 20s, not less → probes → Ready at 20s.
    expect(timeline({ kind: 'readiness', probe: { ...httpGet, initialDelaySeconds: 20 } })).toEqual([
      { at: s(20), result: 'Success' },
    ]);
  });
});

describe('timeoutSeconds and response latency', () => {
  it('fails a hanging endpoint when the timeout expires', () => {
    // Liveness, period 10, timeout 5, failureThreshold 2; hangs from 12s. Ticks 0, 10 pass; the probe at
    // 20 hangs and fails at 20 + 5 = 25; the one at 30 fails at 35 → Failure (restart) at 35s.
    expect(
      timeline({
        kind: 'liveness',
        probe: { ...httpGet, timeoutSeconds: 5, failureThreshold: 2 },
        app: { health: 'hanging@12s' },
      }),
    ).toEqual([{ at: s(35), result: 'Failure' }]);
  });

  it('commits when a slow answer arrives', () => {
    // Latency 400ms < timeout 1s: the probe at 0 answers at 0.4s → Ready at 400ms.
    expect(timeline({ kind: 'readiness', probe: httpGet, app: { 'response-latency': '400ms' } })).toEqual([
      { at: 400, result: 'Success' },
    ]);
  });

  it('treats an answer as slow as the timeout as a timeout', () => {
    // Latency 2s ≥ timeout 1s: every probe fails at start + 1s: 1, 11, 21 → liveness Failure at 21s.
    expect(timeline({ kind: 'liveness', probe: httpGet, app: { 'response-latency': '2s' } })).toEqual([
      { at: s(21), result: 'Failure' },
    ]);
    // With timeoutSeconds 3 the same app passes: answers at 2s < 3s → Ready at 2s.
    expect(
      timeline({
        kind: 'readiness',
        probe: { ...httpGet, timeoutSeconds: 3 },
        app: { 'response-latency': '2s' },
      }),
    ).toEqual([{ at: s(2), result: 'Success' }]);
  });

  it('runs late when a probe outlasts the period, the way Go ticker holds one missed tick', () => {
    // Period 10, timeout 15, hanging until 40s. Run 0 times out at 15; the tick at 10 was held → run at 15
    // (times out at 30; the tick at 20 is held, the one at 30 dropped) → run at 30 (times out at 45; tick
    // 40 held) → run at 45: healthy now → Ready at 45s, not at 40.
    expect(
      timeline({
        kind: 'readiness',
        probe: { ...httpGet, timeoutSeconds: 15 },
        app: { health: 'hanging,healthy@40s' },
      }),
    ).toEqual([{ at: s(45), result: 'Success' }]);
  });
});

describe('startup probes', () => {
  const startup = { tcpSocket: { port: 8080 }, periodSeconds: 5, failureThreshold: 10 };

  it('succeeds once the application is up, and only then lets readiness and liveness probe', () => {
    // Listening after 32s: startup ticks 0..30 are refused, 35 connects → started at 35s.
    expect(timeline({ kind: 'startup', probe: startup, app: { 'startup-delay': '32s' } })).toEqual([
      { at: s(35), result: 'Success' },
    ]);
    // Readiness (period 10) with started = 35s: ticks 0..30 do nothing, 40 probes → Ready at 40s.
    expect(
      timeline({ kind: 'readiness', probe: httpGet, app: { 'startup-delay': '32s' }, started: s(35) }),
    ).toEqual([{ at: s(40), result: 'Success' }]);
    // Liveness is held back the same way and never fails...
    expect(
      timeline({ kind: 'liveness', probe: httpGet, app: { 'startup-delay': '32s' }, started: s(35) }),
    ).toEqual([]);
    // ...whereas without a startup probe it fails at 0, 10, 20 → restart at 20s, before the app is up.
    expect(timeline({ kind: 'liveness', probe: httpGet, app: { 'startup-delay': '32s' } })).toEqual([
      { at: s(20), result: 'Failure' },
    ]);
  });

  it('fails after failureThreshold periods, and then holds until a new container', () => {
    // Threshold 3, period 5, app up after 60s: failures at 0, 5, 10 → Failure at 10s; nothing after.
    expect(
      timeline({
        kind: 'startup',
        probe: { ...startup, failureThreshold: 3 },
        app: { 'startup-delay': '60s' },
      }),
    ).toEqual([{ at: s(10), result: 'Failure' }]);
  });

  it('holds readiness for as long as the container has not started', () => {
    expect(timeline({ kind: 'readiness', probe: httpGet, started: null })).toEqual([]);
  });
});

describe('handlers', () => {
  it('httpGet and tcpSocket fail against an application bound to 127.0.0.1; exec passes', () => {
    const app = { 'bind-address': '127.0.0.1' };
    expect(timeline({ kind: 'readiness', probe: httpGet, app })).toEqual([]);
    expect(timeline({ kind: 'readiness', probe: { tcpSocket: { port: 8080 } }, app })).toEqual([]);
    expect(timeline({ kind: 'readiness', probe: { exec: { command: ['check'] } }, app })).toEqual([
      { at: 0, result: 'Success' },
    ]);
  });

  it('exec follows the health schedule and ignores ports, but needs the application up', () => {
    // Up after 12s: 0 and 10 fail, 20 passes → Ready at 20s; failing from 25s with failureThreshold 1 →
    // NotReady at 30s; healthy from 42s → Ready at 50s. No ports served at all.
    expect(
      timeline({
        kind: 'readiness',
        probe: { exec: { command: ['check'] }, failureThreshold: 1 },
        app: { 'startup-delay': '12s', ports: 'none', health: 'failing@25s,healthy@42s' },
      }),
    ).toEqual([
      { at: s(20), result: 'Success' },
      { at: s(30), result: 'Failure' },
      { at: s(50), result: 'Success' },
    ]);
  });

  it('tcpSocket only sees whether something listens: a hanging application passes', () => {
    expect(
      timeline({ kind: 'liveness', probe: { tcpSocket: { port: 8080 } }, app: { health: 'hanging' } }),
    ).toEqual([]);
    // A port the application does not serve is refused: 0, 10, 20 → Failure at 20s.
    expect(timeline({ kind: 'liveness', probe: { tcpSocket: { port: 9090 } } })).toEqual([
      { at: s(20), result: 'Failure' },
    ]);
  });

  it('serves undeclared ports listed in svcsim.dev/ports', () => {
    expect(
      timeline({ kind: 'readiness', probe: { tcpSocket: { port: 9090 } }, app: { ports: '8080,9090' } }),
    ).toEqual([{ at: 0, result: 'Success' }]);
  });

  it('grpc follows the health schedule like httpGet', () => {
    // Failing from 15s, failureThreshold 1: Ready at 0, NotReady at the tick at 20s.
    expect(
      timeline({
        kind: 'readiness',
        probe: { grpc: { port: 8080 }, failureThreshold: 1 },
        app: { health: 'failing@15s' },
      }),
    ).toEqual([
      { at: 0, result: 'Success' },
      { at: s(20), result: 'Failure' },
    ]);
  });

  it('resolves named ports against the containerPorts', () => {
    expect(timeline({ kind: 'readiness', probe: { httpGet: { port: 'http' } } })).toEqual([
      { at: 0, result: 'Success' },
    ]);
  });

  it('throws away every result of a probe whose named port does not exist: never Ready, never restarted', () => {
    const probe = { httpGet: { port: 'metrics' } };
    expect(timeline({ kind: 'readiness', probe })).toEqual([]);
    expect(timeline({ kind: 'liveness', probe, app: { health: 'failing' } })).toEqual([]);
  });

  it('reaches loopback only for hostNetwork pods', () => {
    const probe = { httpGet: { port: 8080, host: '127.0.0.1' } };
    const app = { 'bind-address': '127.0.0.1' };
    // The kubelet's 127.0.0.1 is the node's; the pod's loopback is another namespace.
    expect(timeline({ kind: 'readiness', probe, app })).toEqual([]);
    expect(timeline({ kind: 'readiness', probe, app, hostNetwork: true })).toEqual([
      { at: 0, result: 'Success' },
    ]);
  });
});

describe('the container run ending', () => {
  it('stops at a crash, losing an answer that was due after it', () => {
    // Latency 600ms, failing from 15s, failureThreshold 1, crash at 20.3s. The probe at 0 answers at 0.6s
    // → Ready; the one at 10 passes; the one at 20 fails but would answer at 20.6s, after the exit at
    // 20.3s: lost with the container, so readiness never commits that Failure.
    expect(
      timeline({
        kind: 'readiness',
        probe: { ...httpGet, failureThreshold: 1 },
        app: { 'response-latency': '600ms', health: 'failing@15s', 'crash-after': '20300ms' },
      }),
    ).toEqual([{ at: 600, result: 'Success' }]);
  });

  it('keeps probing while the application drains after SIGTERM', () => {
    // SIGTERM at 30s; health turns failing on SIGTERM; serves 20s more. Period 5, failureThreshold 1:
    // the tick at 30 sees failing → NotReady at 30s, while it still serves until 50s.
    expect(
      timeline({
        kind: 'readiness',
        probe: { ...httpGet, periodSeconds: 5, failureThreshold: 1 },
        app: { 'serve-after-sigterm': '20s', 'health-on-sigterm': 'failing' },
        sigtermAt: s(30),
      }),
    ).toEqual([
      { at: 0, result: 'Success' },
      { at: s(30), result: 'Failure' },
    ]);
  });

  it('reports startup Success and stops once the pod is being deleted', () => {
    // Startup period 5, threshold 10, app up after 60s; deletion seen at 12s: 0, 5, 10 fail (below the
    // threshold), the tick at 15 sets Success and stops.
    expect(
      timeline({
        kind: 'startup',
        probe: { tcpSocket: { port: 8080 }, periodSeconds: 5, failureThreshold: 10 },
        app: { 'startup-delay': '60s' },
        podDeletionSeenAt: s(12),
      }),
    ).toEqual([{ at: s(15), result: 'Success' }]);
  });
});

describe('restarts', () => {
  it('keeps the worker tick phase across a restart', () => {
    // The worker started with the first run at 0 (ticks 0, 10, 20, ...); the container restarts at 37s:
    // the first tick that sees it is 40s → Ready at 40s.
    expect(timeline({ kind: 'readiness', probe: httpGet, containerStart: s(37), tickOrigin: 0 })).toEqual([
      { at: s(40), result: 'Success' },
    ]);
  });

  it('carries the streak of failures over to the next run, as worker.go does', () => {
    // Liveness, failureThreshold 3, failing from 5s, crash at 25s: failures at 10 and 20 (streak 2), the
    // crash comes before a third. The restarted container (at 25s, same tick phase) fails at 30: the
    // streak reaches 3 → Failure at 30s, on its first failure.
    const first = subjectOf({
      kind: 'liveness',
      probe: httpGet,
      app: { health: 'failing@5s', 'crash-after': '25s' },
    });
    expect(changesOf(first)).toEqual([]);
    const left = probeWorkerStateAt(first, initialProbeWorkerState(first), s(25));
    expect(left).toMatchObject({ lastResult: 'Failure', streak: 2 });
    const second = subjectOf({
      kind: 'liveness',
      probe: httpGet,
      app: { health: 'failing@5s', 'crash-after': '25s' },
      containerStart: s(25),
      tickOrigin: 0,
    });
    // Its own health flips at 25 + 5 = 30s, the tick at 30 fails.
    expect(changesOf(second, initialProbeWorkerState(second, left))).toEqual([
      { at: s(30), result: 'Failure' },
    ]);
  });
});

describe('the brute-force reference agrees on the hand-computed cases', () => {
  it('gives the same acceptance timeline', () => {
    const subject = subjectOf({
      kind: 'readiness',
      probe: { ...httpGet, periodSeconds: 10, failureThreshold: 3 },
      containerStart: s(3),
      app: { health: 'failing@25s' },
    });
    expect(simulateProbeWorker(subject, initialProbeWorkerState(subject), s(3600)).changes).toEqual(
      changesOf(subject),
    );
  });
});
