import type { SimTime } from '../SimTime.js';
import type { AppModel, HealthState } from './AppModel.js';
import {
  acceptsConnection,
  appStateAt,
  containerExit,
  earliestAfter,
  nextAppChangeAfter,
  type ContainerRun,
} from './appStateAt.js';
import type { ResolvedProbe } from './resolveProbe.js';

/** Everything one probe worker's outcomes depend on, for one run of its container. */
export interface ProbeSubject {
  readonly probe: ResolvedProbe;
  readonly app: AppModel;
  readonly run: ContainerRun;
  /**
   * The worker's ticker phase: it runs at tickOrigin + k × period. svcsim starts a worker with the
   * container, so this defaults to `run.startedAt`; the kubelet keeps one worker across restarts, so a
   * restarted container keeps the phase of its first run (pass that run's start). The kubelet's random
   * initial sleep applies only to workers started right after the kubelet itself, so it is taken as 0.
   */
  readonly tickOrigin?: SimTime;
  /**
   * Readiness and liveness only: the instant the container counts as started (Started=true), which is
   * `run.startedAt` without a startup probe and the startup probe's Success otherwise; absent while it
   * has not started. Until then these workers tick without probing.
   */
  readonly startedAt?: SimTime;
  /** Liveness and startup only: when the kubelet saw the pod's deletion; they then report Success and stop. */
  readonly podDeletionSeenAt?: SimTime;
}

/** What one run of the worker's doProbe does at an instant (pkg/kubelet/prober/worker.go). */
export type ProbeAttempt =
  /** The container has exited: nothing more happens for this run. */
  | { readonly type: 'containerGone' }
  /** Liveness or startup worker of a pod being deleted: sets Success so nothing restarts, and stops. */
  | { readonly type: 'quietStop' }
  /** No probe runs, and the consecutive-result counters stay as they are. */
  | { readonly type: 'skipped'; readonly why: 'notStarted' | 'initialDelay' | 'proberError' }
  /** A probe runs; its result is known `durationMs` later. */
  | { readonly type: 'probed'; readonly result: 'Success' | 'Failure'; readonly durationMs: number };

/** A connection refused: the kubelet knows at once. */
const REFUSED: ProbeAttempt = { type: 'probed', result: 'Failure', durationMs: 0 };

/** The instant a worker's ticks are counted from. */
export function tickOriginOf(subject: ProbeSubject): SimTime {
  return subject.tickOrigin ?? subject.run.startedAt;
}

/**
 * What the worker does when it runs at `t`, in doProbe's order of checks: container gone, pod deletion
 * (liveness, startup), initial delay, started gating, then the probe itself. The probe's outcome is
 * decided by the application's state at `t`, when the request arrives; the kubelet learns it when the
 * answer comes or the timeout expires.
 */
export function probeAttemptAt(subject: ProbeSubject, t: SimTime): ProbeAttempt {
  const { probe, app, run } = subject;
  if (t < run.startedAt) return { type: 'skipped', why: 'notStarted' }; // no container yet
  const exit = containerExit(app, run);
  if (exit !== undefined && t >= exit.at) return { type: 'containerGone' };
  if (probe.kind !== 'readiness' && subject.podDeletionSeenAt !== undefined && t >= subject.podDeletionSeenAt)
    return { type: 'quietStop' };
  // worker.go truncates the seconds since start; for a whole number of seconds that is `elapsed < delay`.
  if (t - run.startedAt < probe.initialDelayMs) return { type: 'skipped', why: 'initialDelay' };
  if (probe.kind !== 'startup' && (subject.startedAt === undefined || t < subject.startedAt))
    return { type: 'skipped', why: 'notStarted' };

  const handler = probe.handler;
  const state = appStateAt(app, run, t);
  switch (handler.type) {
    case 'error':
      return { type: 'skipped', why: 'proberError' };
    case 'tcpSocket':
      // The kernel completes the handshake for a listening socket, so a hanging or failing application
      // still passes: tcpSocket probes only see whether something listens.
      return handler.address !== 'elsewhere' && acceptsConnection(app, state, handler.address, handler.port)
        ? { type: 'probed', result: 'Success', durationMs: 0 }
        : REFUSED;
    case 'httpGet':
    case 'grpc':
      return handler.address !== 'elsewhere' && acceptsConnection(app, state, handler.address, handler.port)
        ? answer(state.health, app.responseLatencyMs, probe.timeoutMs)
        : REFUSED;
    case 'exec':
      // The command runs inside the container: the bind address and ports do not matter, but it can
      // only pass once the application is up.
      return state.up ? answer(state.health, app.responseLatencyMs, probe.timeoutMs) : REFUSED;
  }
}

/** A health check that reached the application: it answers after the latency, unless the timeout comes first. */
function answer(health: HealthState, latencyMs: number, timeoutMs: number): ProbeAttempt {
  switch (health) {
    case 'healthy':
      return latencyMs < timeoutMs
        ? { type: 'probed', result: 'Success', durationMs: latencyMs }
        : { type: 'probed', result: 'Failure', durationMs: timeoutMs };
    case 'failing':
      return { type: 'probed', result: 'Failure', durationMs: Math.min(latencyMs, timeoutMs) };
    case 'hanging':
      return { type: 'probed', result: 'Failure', durationMs: timeoutMs };
  }
}

/**
 * The first instant after `t` at which probeAttemptAt may answer differently, or undefined if it never
 * will: between two such instants every probe of the worker has the same outcome, which is what lets
 * the prober skip whole stretches of ticks.
 */
export function nextAttemptChangeAfter(subject: ProbeSubject, t: SimTime): SimTime | undefined {
  const { probe, app, run } = subject;
  let next = earliestAfter(
    t,
    nextAppChangeAfter(app, run, t) ?? Infinity,
    run.startedAt + probe.initialDelayMs,
  );
  if (probe.kind !== 'startup') next = earliestAfter(t, next, subject.startedAt);
  if (probe.kind !== 'readiness') next = earliestAfter(t, next, subject.podDeletionSeenAt);
  return next === Infinity ? undefined : next;
}
