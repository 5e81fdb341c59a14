import type { PodSpec } from '../api/Pod.js';
import type { SimTime } from '../SimTime.js';

/** The kubelet's container restart back-off (pkg/kubelet: backOffPeriod, MaxContainerBackOff). */
export const CRASH_LOOP_INITIAL_BACKOFF_MS = 10_000;
export const CRASH_LOOP_MAX_BACKOFF_MS = 300_000;
/**
 * A container that ran longer than this since its last restart starts over from no back-off
 * (flowcontrol.Backoff's hasExpired: 2 × the maximum; the kubelet keeps it at 10 minutes).
 */
export const CRASH_LOOP_RESET_AFTER_MS = 600_000;

/** The kubelet's back-off entry for one container of one pod (flowcontrol.Backoff's backoffEntry). */
export interface RestartBackOff {
  /** The delay the next restart waits, counted from the container's exit. */
  readonly delayMs: number;
  /** When the last restart happened. */
  readonly lastRestartAt: SimTime;
}

/** When a container that exited at `finishedAt` starts again, and the back-off entry after that restart. */
export interface ContainerRestart {
  readonly restartAt: SimTime;
  readonly backOff: RestartBackOff;
}

/**
 * When the kubelet restarts a container that exited at `finishedAt` (kuberuntime doBackOff with
 * flowcontrol.Backoff, no jitter). The first exit has no entry yet, so the container restarts at once
 * and the entry starts at 10s; each later exit waits the entry's delay from its exit (the pod shows
 * CrashLoopBackOff meanwhile), and the restart doubles the delay up to 5 minutes. An exit more than 10
 * minutes after the last restart counts as a fresh start: at once again, and back to 10s. So a container
 * that crashes immediately restarts after 0, 10, 20, 40, 80, 160, 300, 300, ... seconds.
 *
 * Deliberate difference: the kubelet notices the end of a back-off at its next pod sync, which comes
 * with jitter; svcsim restarts at the exact instant the back-off ends.
 */
export function nextContainerRestart(
  previous: RestartBackOff | undefined,
  finishedAt: SimTime,
): ContainerRestart {
  if (previous === undefined || finishedAt - previous.lastRestartAt > CRASH_LOOP_RESET_AFTER_MS)
    return {
      restartAt: finishedAt,
      backOff: { delayMs: CRASH_LOOP_INITIAL_BACKOFF_MS, lastRestartAt: finishedAt },
    };
  const restartAt = finishedAt + previous.delayMs;
  return {
    restartAt,
    backOff: {
      delayMs: Math.min(previous.delayMs * 2, CRASH_LOOP_MAX_BACKOFF_MS),
      lastRestartAt: restartAt,
    },
  };
}

/** Whether the pod's restartPolicy restarts a container that exited with `exitCode` (Always is the default). */
export function shouldRestartContainer(restartPolicy: PodSpec['restartPolicy'], exitCode: number): boolean {
  switch (restartPolicy ?? 'Always') {
    case 'Always':
      return true;
    case 'OnFailure':
      return exitCode !== 0;
    case 'Never':
      return false;
  }
}
