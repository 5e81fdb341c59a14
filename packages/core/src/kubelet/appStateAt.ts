import type { SimTime } from '../SimTime.js';
import type { AppModel, HealthState } from './AppModel.js';

/** One run of a container, from its start until it exits; a restart is a new run. */
export interface ContainerRun {
  readonly startedAt: SimTime;
  /** When the kubelet sent SIGTERM: the pod is being deleted, or a failed liveness or startup probe kills it. */
  readonly sigtermAt?: SimTime;
  /** When the kubelet sent SIGKILL, the grace period being over. */
  readonly killedAt?: SimTime;
}

/** How a run ends; `reason` is what the container runtime reports in `state.terminated.reason`. */
export interface ContainerExit {
  readonly at: SimTime;
  readonly exitCode: number;
  readonly reason: 'Completed' | 'Error';
}

/** What the application is doing at one instant. */
export interface AppState {
  /** The container's process exists: started, not exited. */
  readonly running: boolean;
  /** Running and past its start-up delay: listening, able to answer health checks. */
  readonly up: boolean;
  /** The health endpoint's behaviour (SIGTERM's override included); meaningful while up. */
  readonly health: HealthState;
}

/** Where a connection to the application arrives: the pod IP (probes, Service traffic), or loopback inside the pod. */
export type AppAddress = 'podIP' | 'loopback';

/** The exit code a process killed by SIGKILL reports (128 + 9). */
export const SIGKILL_EXIT_CODE = 137;

/**
 * How and when the run ends, if anything ends it: the app's own crash, the end of its drain after SIGTERM
 * (exit code 0), or SIGKILL. At one instant the application's own exit wins: SIGKILL finds nothing left.
 */
export function containerExit(app: AppModel, run: ContainerRun): ContainerExit | undefined {
  // Written without closures: this runs for every probe decision, and tsx's keepNames wrapping makes
  // each closure creation cost a defineProperty call.
  let at = Infinity;
  let exitCode = 0;
  if (app.crash !== undefined) {
    at = run.startedAt + app.crash.afterMs;
    exitCode = app.crash.exitCode;
  }
  if (run.sigtermAt !== undefined && run.sigtermAt + app.serveAfterSigtermMs < at) {
    at = run.sigtermAt + app.serveAfterSigtermMs;
    exitCode = 0;
  }
  if (run.killedAt !== undefined && run.killedAt < at) {
    at = run.killedAt;
    exitCode = SIGKILL_EXIT_CODE;
  }
  return at === Infinity ? undefined : { at, exitCode, reason: exitCode === 0 ? 'Completed' : 'Error' };
}

/** The earlier of `current` and `candidate`, counting `candidate` only if it comes after `t`. */
export function earliestAfter(t: SimTime, current: SimTime, candidate: SimTime | undefined): SimTime {
  return candidate !== undefined && candidate > t && candidate < current ? candidate : current;
}

/** The health schedule's state at `sinceStart` ms after container start (binary search: schedules may be long). */
export function scheduledHealth(app: AppModel, sinceStart: SimTime): HealthState {
  const changes = app.health;
  let lo = 0;
  let hi = changes.length - 1;
  let found: HealthState = 'healthy';
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const change = changes[mid];
    if (change === undefined) break;
    if (change.at <= sinceStart) {
      found = change.state;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** What the application in `run` is doing at instant `t`. */
export function appStateAt(app: AppModel, run: ContainerRun, t: SimTime): AppState {
  const exit = containerExit(app, run);
  const running = t >= run.startedAt && (exit === undefined || t < exit.at);
  const up = running && t >= run.startedAt + app.startupDelayMs;
  const override = run.sigtermAt !== undefined && t >= run.sigtermAt ? app.healthOnSigterm : 'unchanged';
  const health = override === 'unchanged' ? scheduledHealth(app, t - run.startedAt) : override;
  return { running, up, health };
}

/**
 * Whether a TCP connection to `port` at `address` is accepted at `t`: the application is up, serves that
 * port, and binds an address that includes the destination. A 127.0.0.1-only application refuses
 * connections to the pod IP, the classic mistake that fails httpGet and tcpSocket probes and Service
 * traffic while exec probes, which run inside the container, still pass.
 */
export function acceptsConnection(
  app: AppModel,
  state: AppState,
  address: AppAddress,
  port: number,
): boolean {
  return (
    state.up &&
    (address === 'loopback' || app.bindAddress === '0.0.0.0') &&
    (app.ports === 'any' || app.ports.includes(port))
  );
}

/**
 * The first instant after `t` at which the application's behaviour may change (start, up, a health
 * change, SIGTERM's health override, exit), or undefined when nothing is left to change. Callers
 * re-evaluate then instead of polling.
 */
export function nextAppChangeAfter(app: AppModel, run: ContainerRun, t: SimTime): SimTime | undefined {
  let next = earliestAfter(t, Infinity, run.startedAt);
  next = earliestAfter(t, next, run.startedAt + app.startupDelayMs);
  // The first health change after t: the schedule is sorted, so a binary search finds it.
  const sinceStart = t - run.startedAt;
  let lo = 0;
  let hi = app.health.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((app.health[mid]?.at ?? Infinity) <= sinceStart) lo = mid + 1;
    else hi = mid;
  }
  const change = app.health[lo];
  if (change !== undefined) next = earliestAfter(t, next, run.startedAt + change.at);
  if (app.healthOnSigterm !== 'unchanged') next = earliestAfter(t, next, run.sigtermAt);
  next = earliestAfter(t, next, containerExit(app, run)?.at);
  return next === Infinity ? undefined : next;
}
