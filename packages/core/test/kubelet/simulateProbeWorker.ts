import type { SimTime } from '../../src/SimTime.js';
import { containerExit } from '../../src/kubelet/appStateAt.js';
import type { ProbeWorkerState } from '../../src/kubelet/nextProbeResultChange.js';
import { probeAttemptAt, tickOriginOf, type ProbeSubject } from '../../src/kubelet/probeAttemptAt.js';
import type { ProbeResult } from '../../src/kubelet/ProbeResult.js';

export interface SimulatedChange {
  readonly at: SimTime;
  readonly result: ProbeResult;
}

export interface SimulatedWorker {
  /** Every change of the committed result answered before `until`. */
  readonly changes: readonly SimulatedChange[];
  /** The worker after every run answered before `until`; the streak capped at its result's threshold. */
  readonly state: Omit<ProbeWorkerState, 'nextRunAt'>;
}

/**
 * The brute-force reference: a literal probe worker, one loop iteration per tick. A Go ticker fires every
 * period and holds at most one tick while doProbe is busy (the rest are dropped); doProbe runs the
 * attempt and applies worker.go's counting when the answer arrives. Nothing here is shared with the
 * change-driven prober except probeAttemptAt, the meaning of a single run.
 */
export function simulateProbeWorker(
  subject: ProbeSubject,
  initial: ProbeWorkerState,
  until: SimTime,
): SimulatedWorker {
  const { probe } = subject;
  const horizon = Math.min(until, containerExit(subject.app, subject.run)?.at ?? Infinity);
  const changes: SimulatedChange[] = [];
  let committed = initial.committed;
  let lastResult = initial.lastResult;
  let streak = initial.streak;
  let inFlight: { readonly doneAt: SimTime; readonly result: 'Success' | 'Failure' } | undefined;
  let tickHeld = false;
  let nextTick = initial.nextRunAt ?? Infinity;
  const origin = tickOriginOf(subject);
  if ((nextTick - origin) % probe.periodMs !== 0) throw new Error('the first run must fall on a tick');

  /** Runs doProbe at `t`; false when the worker stops. */
  const runAt = (t: SimTime): boolean => {
    const attempt = probeAttemptAt(subject, t);
    switch (attempt.type) {
      case 'containerGone':
        return false;
      case 'quietStop':
        if (committed !== 'Success') changes.push({ at: t, result: 'Success' });
        committed = 'Success';
        return false;
      case 'skipped':
        return true;
      case 'probed':
        inFlight = { doneAt: t + attempt.durationMs, result: attempt.result };
        return true;
    }
  };

  /** Applies worker.go's counting to an answer; false when the worker stops. */
  const answer = (doneAt: SimTime, result: 'Success' | 'Failure'): boolean => {
    // Answered too late to count, and every later run is later still.
    if (doneAt >= horizon) return false;
    if (lastResult === result) streak++;
    else {
      lastResult = result;
      streak = 1;
    }
    const threshold = result === 'Success' ? probe.successThreshold : probe.failureThreshold;
    if (streak < threshold) return true;
    if (committed !== result) changes.push({ at: doneAt, result });
    committed = result;
    if (probe.kind !== 'readiness' && result === 'Failure') {
      streak = 0;
      return false; // on hold until a new container
    }
    return !(probe.kind === 'startup' && result === 'Success');
  };

  for (;;) {
    // At a tie the tick goes first: a run starts a moment after its tick, so its timeout expires a moment
    // after the tick that falls exactly one timeout later; that tick finds the worker busy.
    if (inFlight !== undefined && inFlight.doneAt < nextTick) {
      const done = inFlight;
      inFlight = undefined;
      if (!answer(done.doneAt, done.result)) break;
      if (tickHeld) {
        tickHeld = false;
        if (!runAt(done.doneAt)) break;
      }
      continue;
    }
    if (nextTick >= horizon) break;
    if (inFlight === undefined) {
      if (!runAt(nextTick)) break;
    } else tickHeld = true;
    nextTick += probe.periodMs;
  }

  const threshold = lastResult === 'Failure' ? probe.failureThreshold : probe.successThreshold;
  return {
    changes,
    state: {
      committed,
      ...(lastResult !== undefined && { lastResult }),
      streak: Math.min(streak, threshold),
    },
  };
}
