import type { SimTime } from '../SimTime.js';

/**
 * The shortest time the kubelet leaves a container between SIGTERM and SIGKILL, whatever the preStop
 * hook used up (kuberuntime's minimumGracePeriodInSeconds).
 */
export const MINIMUM_GRACE_PERIOD_SECONDS = 2;

/** When a kill that starts at `startedAt` sends each signal. */
export interface ContainerKill {
  readonly sigtermAt: SimTime;
  readonly sigkillAt: SimTime;
}

/**
 * The kubelet's killContainer: the preStop hook runs first, for at most the grace period; its time,
 * truncated to whole seconds as executePreStopHook returns it, is taken off the grace period; SIGTERM
 * follows the hook; SIGKILL comes when what is left of the grace period (never less than 2 seconds) has
 * passed. `preStopMs` is how long the hook would take (Infinity for one that never returns), or
 * undefined when the container has none. A hook is not run with a grace period of 0.
 */
export function planContainerKill(
  startedAt: SimTime,
  gracePeriodSeconds: number,
  preStopMs: number | undefined,
): ContainerKill {
  let sigtermAt = startedAt;
  let remainingSeconds = gracePeriodSeconds;
  if (preStopMs !== undefined && gracePeriodSeconds > 0) {
    const hookMs = Math.min(preStopMs, gracePeriodSeconds * 1000);
    sigtermAt = startedAt + hookMs;
    remainingSeconds = gracePeriodSeconds - Math.floor(hookMs / 1000);
  }
  remainingSeconds = Math.max(remainingSeconds, MINIMUM_GRACE_PERIOD_SECONDS);
  return { sigtermAt, sigkillAt: sigtermAt + remainingSeconds * 1000 };
}
