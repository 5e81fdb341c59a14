import type { Pod } from '../../api/Pod.js';
import { DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS } from '../../apiserver/validation/validatePod.js';
import type { ProbeResultChanged } from '../../events/AppEvents.js';
import type { SimTime } from '../../SimTime.js';
import type { HealthState } from '../../kubelet/AppModel.js';
import { crashNow, healthFromNow } from '../../kubelet/appModelFromNow.js';
import { containerExit, type ContainerExit } from '../../kubelet/appStateAt.js';
import { nextContainerRestart, shouldRestartContainer } from '../../kubelet/crashLoopBackOff.js';
import { describeProbeChange } from '../../kubelet/describeProbeChange.js';
import {
  initialProbeWorkerState,
  nextProbeResultChange,
  probeWorkerStateAt,
  type ProbeResultChange,
} from '../../kubelet/nextProbeResultChange.js';
import { planContainerKill } from '../../kubelet/planContainerKill.js';
import { preStopDuration } from '../../kubelet/preStopDuration.js';
import type { ProbeSubject } from '../../kubelet/probeAttemptAt.js';
import type { ProbedPod } from '../../kubelet/resolveProbe.js';
import {
  workerOf,
  type ContainerRuntime,
  type KillReason,
  type PodRuntime,
  type ProbeWorker,
} from './PodRuntime.js';

// The kubelet's pod worker, driven by instants instead of a sync loop: each function applies what
// happens to a pod at instant `t`, and nextWakeUp says when something can happen next. Between those
// instants nothing is computed at all, which is what makes a stable pod cost nothing per period.

/** Starts every container of a pod the kubelet has just set up (sandbox and IP ready). */
export function startPodContainers(pod: PodRuntime, t: SimTime): void {
  for (const container of pod.containers) startContainer(pod, container, t);
}

/**
 * The kubelet has seen the pod's deletion: liveness and startup workers stop, containers waiting to
 * restart never will, and every running container is killed with the deletion's grace period.
 */
export function seeDeletion(pod: PodRuntime, t: SimTime): void {
  if (pod.deletionSeenAt !== undefined) return;
  pod.deletionSeenAt = t;
  for (const container of pod.containers) {
    if (container.restartAt !== undefined) {
      container.restartAt = undefined;
      container.final = true;
    }
    if (container.run === undefined) continue;
    for (const worker of container.workers) if (worker.kind !== 'readiness') worker.stale = true;
    planKill(pod, container, 'deletion', t);
  }
}

/** An `app/healthSet` input: the health endpoint of the named container (or all) answers `state` from `t` on. */
export function setAppHealth(
  pod: PodRuntime,
  container: string | undefined,
  state: HealthState,
  t: SimTime,
): void {
  for (const c of pod.containers) {
    if (container !== undefined && c.spec.name !== container) continue;
    c.healthOverride = { at: t, state };
    if (c.run === undefined) continue;
    c.model = healthFromNow(c.model, c.run.startedAt, t, state);
    for (const worker of c.workers) worker.stale = true;
  }
}

/** An `app/crashed` input: the application of the named container (or all) exits at `t`. */
export function crashApp(pod: PodRuntime, container: string | undefined, exitCode: number, t: SimTime): void {
  for (const c of pod.containers) {
    if (container !== undefined && c.spec.name !== container) continue;
    if (c.run === undefined) continue;
    c.model = crashNow(c.model, c.run.startedAt, t, exitCode);
    for (const worker of c.workers) worker.stale = true;
  }
}

/**
 * Applies everything due at `t`, in rounds until nothing more is: restarts whose back-off ended,
 * containers that exit, and probe results that commit, with what they lead to (a failed liveness or
 * startup probe plans a kill; a startup success lets the readiness and liveness probes run). Every
 * committed probe result is appended to `events`.
 */
export function advancePod(pod: PodRuntime, t: SimTime, events: ProbeResultChanged[]): void {
  // Each round either starts, ends or commits something, and each of those can only happen a bounded
  // number of times at one instant; the cap turns a modelling bug into an error instead of a hang.
  for (let round = 0; round < 1_000; round++) {
    let progressed = false;
    for (const container of pod.containers) {
      if (container.restartAt !== undefined && container.restartAt <= t) {
        startContainer(pod, container, t);
        progressed = true;
      }
      const run = container.run;
      if (run === undefined) continue;
      const exit = containerExit(container.model, run);
      if (exit !== undefined && exit.at <= t) {
        endRun(pod, container, exit);
        progressed = true;
        continue;
      }
      for (const worker of container.workers) {
        if (worker.stale) refresh(pod, container, worker);
        const change = worker.next;
        if (change === undefined || change.at > t) continue;
        commit(pod, container, worker, change, t, events);
        progressed = true;
      }
    }
    if (!progressed) return;
  }
  throw new Error(`kubelet: pod ${pod.key} keeps changing at ${t} ms`);
}

/** The next instant at which something can happen to the pod, if any. */
export function nextWakeUp(pod: PodRuntime): SimTime | undefined {
  let next = Infinity;
  for (const container of pod.containers) {
    if (container.restartAt !== undefined) next = Math.min(next, container.restartAt);
    const run = container.run;
    if (run === undefined) continue;
    const exit = containerExit(container.model, run);
    if (exit !== undefined) next = Math.min(next, exit.at);
    for (const worker of container.workers) {
      if (worker.stale) refresh(pod, container, worker);
      if (worker.next !== undefined) next = Math.min(next, worker.next.at);
    }
  }
  return next === Infinity ? undefined : next;
}

/** Whether no container runs or waits to restart: a pod being deleted can then be removed. */
export function allContainersGone(pod: PodRuntime): boolean {
  return pod.containers.every((c) => c.run === undefined && c.restartAt === undefined);
}

/** What a probe worker of the container depends on, for its current run. */
function subjectOf(pod: PodRuntime, container: ContainerRuntime, worker: ProbeWorker): ProbeSubject {
  const run = container.run;
  if (run === undefined)
    throw new Error(`kubelet: container ${container.spec.name} of ${pod.key} is not running`);
  return {
    probe: worker.probe,
    app: container.model,
    run,
    tickOrigin: worker.tickOrigin,
    ...(worker.kind !== 'startup' && container.startedAt !== undefined && { startedAt: container.startedAt }),
    ...(worker.kind !== 'readiness' &&
      pod.deletionSeenAt !== undefined && { podDeletionSeenAt: pod.deletionSeenAt }),
  };
}

function startContainer(pod: PodRuntime, container: ContainerRuntime, t: SimTime): void {
  container.runs += 1;
  const override = container.healthOverride;
  container.model =
    override === undefined
      ? container.baseModel
      : healthFromNow(container.baseModel, t, override.at, override.state);
  container.run = { startedAt: t };
  container.killReason = undefined;
  container.restartAt = undefined;
  container.startedAt = workerOf(container, 'startup') === undefined ? t : undefined;
  for (const worker of container.workers) {
    // One worker per container and probe lives as long as the pod: it keeps its tick phase and, unless
    // a liveness or startup failure reset it, its streak across restarts.
    if (container.runs === 1) worker.tickOrigin = t;
    const previous = container.runs === 1 ? undefined : worker.state;
    worker.state = initialProbeWorkerState(subjectOf(pod, container, worker), previous);
    worker.next = undefined;
    worker.stale = true;
  }
}

function endRun(pod: PodRuntime, container: ContainerRuntime, exit: ContainerExit): void {
  const run = container.run;
  if (run === undefined) return;
  for (const worker of container.workers) {
    worker.state = probeWorkerStateAt(subjectOf(pod, container, worker), worker.state, exit.at);
    worker.next = undefined;
    worker.stale = false;
  }
  container.previousTermination = container.lastTermination;
  container.lastTermination = {
    exitCode: exit.exitCode,
    reason: exit.reason,
    startedAt: run.startedAt,
    finishedAt: exit.at,
  };
  const killReason = container.killReason;
  container.run = undefined;
  container.killReason = undefined;
  container.startedAt = undefined;
  // Sidecars are restartable whatever the pod's policy; a container killed for a failed probe restarts
  // unless the policy is Never (computePodActions), whatever its exit code.
  const policy = container.sidecar ? 'Always' : (pod.pod.spec.restartPolicy ?? 'Always');
  const restarts =
    pod.deletionSeenAt === undefined &&
    (killReason === 'liveness' || killReason === 'startup'
      ? policy !== 'Never'
      : shouldRestartContainer(policy, exit.exitCode));
  if (!restarts) {
    container.final = true;
    return;
  }
  const restart = nextContainerRestart(container.backOff, exit.at);
  container.backOff = restart.backOff;
  container.restartAt = restart.restartAt;
}

function refresh(pod: PodRuntime, container: ContainerRuntime, worker: ProbeWorker): void {
  worker.stale = false;
  worker.next =
    container.run === undefined
      ? undefined
      : nextProbeResultChange(subjectOf(pod, container, worker), worker.state);
}

function commit(
  pod: PodRuntime,
  container: ContainerRuntime,
  worker: ProbeWorker,
  change: ProbeResultChange,
  t: SimTime,
  events: ProbeResultChanged[],
): void {
  events.push({
    type: 'probe/resultChanged',
    namespace: pod.namespace,
    name: pod.name,
    container: container.spec.name,
    probe: worker.kind,
    result: change.result,
    reason: describeProbeChange(subjectOf(pod, container, worker), change, worker.source, pod.podIP),
  });
  worker.state = change.state;
  worker.next = undefined;
  worker.stale = true;
  switch (worker.kind) {
    case 'readiness':
      pod.readinessOverride = undefined;
      return;
    case 'startup':
      if (change.result === 'Success') {
        container.startedAt = change.at;
        for (const other of container.workers) if (other.kind !== 'startup') other.stale = true;
      } else if (change.result === 'Failure') planKill(pod, container, 'startup', t);
      return;
    case 'liveness':
      if (change.result === 'Failure') planKill(pod, container, 'liveness', t);
      return;
  }
}

/**
 * Plans the kill of a running container that starts at `t`: its preStop hook, SIGTERM, and SIGKILL at
 * the end of the grace period (a failed probe's own terminationGracePeriodSeconds, else the pod's; a
 * deletion's grace period as the apiserver recorded it). A container already being killed keeps the
 * kill it has.
 */
function planKill(pod: PodRuntime, container: ContainerRuntime, reason: KillReason, t: SimTime): void {
  const run = container.run;
  if (run === undefined || run.sigtermAt !== undefined) return;
  const graceSeconds =
    reason === 'deletion'
      ? deletionGraceSeconds(pod.pod)
      : (workerOf(container, reason)?.probe.killGracePeriodMs ?? 0) / 1000;
  const preStop = container.spec.lifecycle?.preStop;
  const preStopMs =
    preStop === undefined
      ? undefined
      : preStopDuration(preStop, container.spec, probedPodOf(pod), container.model, run, t);
  const kill = planContainerKill(t, graceSeconds, preStopMs);
  container.run = { ...run, sigtermAt: kill.sigtermAt, killedAt: kill.sigkillAt };
  container.killReason = reason;
  for (const worker of container.workers) worker.stale = true;
}

/** The grace period of a pod's deletion: what the apiserver recorded with it, else the pod's own. */
function deletionGraceSeconds(pod: Pod): number {
  return (
    pod.metadata.deletionGracePeriodSeconds ??
    pod.spec.terminationGracePeriodSeconds ??
    DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS
  );
}

function probedPodOf(pod: PodRuntime): ProbedPod {
  return {
    podIP: pod.podIP,
    ...(pod.pod.spec.hostNetwork !== undefined && { hostNetwork: pod.pod.spec.hostNetwork }),
  };
}
