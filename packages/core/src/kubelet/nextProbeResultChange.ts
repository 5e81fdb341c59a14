import type { SimTime } from '../SimTime.js';
import { containerExit } from './appStateAt.js';
import { nextAttemptChangeAfter, probeAttemptAt, tickOriginOf, type ProbeSubject } from './probeAttemptAt.js';
import { initialProbeResult, type ProbeResult } from './ProbeResult.js';
import { runAt, runSequence, runsBefore, tickAtOrAfter } from './probeTicks.js';

/** A probe worker between two runs: what it has committed, its streak of equal results, and its next run. */
export interface ProbeWorkerState {
  /** The result the worker has committed: what the kubelet's results manager holds. */
  readonly committed: ProbeResult;
  /** The latest probe result and how many probes in a row gave it, capped at that result's threshold. */
  readonly lastResult?: 'Success' | 'Failure';
  readonly streak: number;
  /** When the worker runs next; absent once it has stopped for this container run. */
  readonly nextRunAt?: SimTime;
}

/** The committed result changes at `at` to `result`; `state` is the worker right after, to continue from. */
export interface ProbeResultChange {
  readonly at: SimTime;
  /** When the run that decided it started (its outcome is the application's behaviour then); `at` for a quiet stop. */
  readonly probedAt: SimTime;
  readonly result: ProbeResult;
  readonly state: ProbeWorkerState;
}

/**
 * The worker as it first sees the container: the kind's initial result, and its first run at the first
 * tick at or after the container's start. The kubelet keeps one worker per container and probe type
 * across restarts and resets its streak only when a liveness or startup failure puts it on hold, so
 * `previous` (the worker as the container's previous run left it, see probeWorkerStateAt) carries the
 * streak over, as worker.go does.
 */
export function initialProbeWorkerState(
  subject: ProbeSubject,
  previous?: ProbeWorkerState,
): ProbeWorkerState {
  const { probe, run } = subject;
  return {
    committed: initialProbeResult(probe.kind),
    ...(previous?.lastResult !== undefined && { lastResult: previous.lastResult }),
    streak: previous?.streak ?? 0,
    nextRunAt: tickAtOrAfter(tickOriginOf(subject), probe.periodMs, run.startedAt),
  };
}

/**
 * The next instant the worker's committed result changes, and to what, without visiting every period:
 * between two instants where the outcome of a probe may change (nextAttemptChangeAfter) every run gives
 * the same result in the same time, so the runs are counted in closed form (runSequence). Undefined when
 * nothing can change for this subject: the answer then stays valid until the subject itself changes
 * (SIGTERM, the container counting as started, the pod's deletion), and the caller asks again from the
 * same state with the new subject. The instants are exactly those of a worker probing every period
 * (test/kubelet/simulateProbeWorker.ts is that worker, and a property test holds them equal).
 *
 * A result commits when its answer arrives: at the probe's start plus the application's latency, or plus
 * timeoutSeconds for an endpoint that hangs (doProbe blocks until then, and sets the result on return).
 * Answers due at or after the container's exit are lost with it.
 */
export function nextProbeResultChange(
  subject: ProbeSubject,
  state: ProbeWorkerState,
): ProbeResultChange | undefined {
  return foldProbeRuns(subject, state, Infinity, true).change;
}

/**
 * The worker after every run whose answer arrived before `t`, changes included: the state to carry over
 * to the container's next run (with `t` its exit), or to inspect at an instant.
 */
export function probeWorkerStateAt(
  subject: ProbeSubject,
  state: ProbeWorkerState,
  t: SimTime,
): ProbeWorkerState {
  return foldProbeRuns(subject, state, t, false).state;
}

interface Fold {
  readonly state: ProbeWorkerState;
  readonly change?: ProbeResultChange;
}

function foldProbeRuns(
  subject: ProbeSubject,
  from: ProbeWorkerState,
  until: SimTime,
  stopAtChange: boolean,
): Fold {
  const { probe } = subject;
  const origin = tickOriginOf(subject);
  const horizon = Math.min(until, containerExit(subject.app, subject.run)?.at ?? Infinity);
  let state = from;
  for (;;) {
    const s = state.nextRunAt;
    if (s === undefined || s >= horizon) return { state };
    const attempt = probeAttemptAt(subject, s);
    switch (attempt.type) {
      case 'containerGone':
        return { state: withoutNextRun(state) };
      case 'quietStop': {
        const stopped: ProbeWorkerState = { ...withoutNextRun(state), committed: 'Success' };
        if (state.committed === 'Success') return { state: stopped };
        return { state: stopped, change: { at: s, probedAt: s, result: 'Success', state: stopped } };
      }
      case 'skipped': {
        const end = nextAttemptChangeAfter(subject, s);
        // Skipping for good (say, never started): stay put so a changed subject can resume from here.
        if (end === undefined) return { state };
        state = { ...state, nextRunAt: tickAtOrAfter(origin, probe.periodMs, end) };
        continue;
      }
      case 'probed':
        break;
    }

    const { result, durationMs } = attempt;
    const sequence = runSequence(origin, probe.periodMs, s, durationMs);
    // Runs that start while the outcome holds, and of those the ones answered before the horizon.
    const inSegment = runsBefore(sequence, nextAttemptChangeAfter(subject, s) ?? Infinity);
    const answered = Math.min(inSegment, runsBefore(sequence, horizon - durationMs));
    const threshold = result === 'Success' ? probe.successThreshold : probe.failureThreshold;
    const streak = state.lastResult === result ? state.streak : 0;

    const needed = Math.max(1, threshold - streak);
    if (state.committed !== result && needed <= answered) {
      // On a liveness or startup failure the worker holds until a new container (streak reset to 0); a
      // startup success ends the startup probe for this run.
      const holds = probe.kind !== 'readiness' && result === 'Failure';
      const stops = holds || (probe.kind === 'startup' && result === 'Success');
      const next: ProbeWorkerState = {
        committed: result,
        lastResult: result,
        streak: holds ? 0 : threshold,
        ...(!stops && { nextRunAt: runAt(sequence, needed) }),
      };
      const probedAt = runAt(sequence, needed - 1);
      const change = { at: probedAt + durationMs, probedAt, result, state: next };
      if (stopAtChange) return { state: next, change };
      state = next;
      continue;
    }
    // Nothing left to find: the same result forever, already committed.
    if (answered === Infinity) return { state };
    if (answered > 0)
      state = {
        ...state,
        lastResult: result,
        streak: Math.min(streak + answered, threshold),
        nextRunAt: runAt(sequence, answered),
      };
    if (answered < inSegment) return { state };
  }
}

function withoutNextRun(state: ProbeWorkerState): ProbeWorkerState {
  const { nextRunAt: _dropped, ...rest } = state;
  return rest;
}
