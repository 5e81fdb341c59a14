import { formatAge, type ContainerStatus, type Pod, type SimTime } from '@svcsim/core';

/**
 * The READY column: ready containers over all containers, where sidecars (restartable init containers)
 * count as containers too.
 */
export function podReady(pod: Pod): string {
  const sidecars = new Set(
    (pod.spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name),
  );
  const total = pod.spec.containers.length + sidecars.size;
  const readySidecars = (pod.status?.initContainerStatuses ?? []).filter(
    (s) => sidecars.has(s.name) && s.started === true && s.ready,
  ).length;
  const readyContainers = (pod.status?.containerStatuses ?? []).filter(
    (s) => s.ready && s.state?.running !== undefined,
  ).length;
  return `${readyContainers + readySidecars}/${total}`;
}

/**
 * The STATUS column, kubectl's reason: the phase, overridden by a container that is waiting (its
 * reason, such as CrashLoopBackOff) or terminated (its reason, or `ExitCode:N`), looking at the
 * containers from last to first so the first one's reason wins; `Terminating` once the pod is being
 * deleted and has not finished.
 */
export function podStatus(pod: Pod): string {
  const phase = pod.status?.phase ?? 'Pending';
  let reason: string = phase;
  let hasRunning = false;
  const statuses = pod.status?.containerStatuses ?? [];
  for (let i = statuses.length - 1; i >= 0; i--) {
    const state = statuses[i]?.state;
    if (state?.waiting?.reason !== undefined && state.waiting.reason !== '') reason = state.waiting.reason;
    else if (state?.terminated !== undefined)
      reason =
        state.terminated.reason !== undefined && state.terminated.reason !== ''
          ? state.terminated.reason
          : `ExitCode:${state.terminated.exitCode}`;
    else if (statuses[i]?.ready === true && state?.running !== undefined) hasRunning = true;
  }
  // A finished container next to a running one does not make the pod "Completed".
  if (reason === 'Completed' && hasRunning) reason = isPodReady(pod) ? 'Running' : 'NotReady';
  if (pod.metadata.deletionTimestamp !== undefined && phase !== 'Succeeded' && phase !== 'Failed')
    reason = 'Terminating';
  return reason;
}

/** Whether the pod's Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/**
 * The RESTARTS column: the containers' restart counts summed, with how long ago the most recent
 * restart's previous run ended, e.g. `3 (12s ago)`.
 */
export function podRestarts(pod: Pod, now: SimTime): string {
  const sidecars = new Set(
    (pod.spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name),
  );
  const counted: ContainerStatus[] = [
    ...(pod.status?.initContainerStatuses ?? []).filter((s) => sidecars.has(s.name)),
    ...(pod.status?.containerStatuses ?? []),
  ];
  const restarts = counted.reduce((sum, s) => sum + s.restartCount, 0);
  const lastEnded = counted.reduce<SimTime | undefined>((latest, s) => {
    const finished = s.lastState?.terminated?.finishedAt;
    return finished !== undefined && (latest === undefined || finished > latest) ? finished : latest;
  }, undefined);
  return restarts !== 0 && lastEnded !== undefined
    ? `${restarts} (${formatAge(now - lastEnded)} ago)`
    : String(restarts);
}

/** The READINESS GATES column: how many of the pod's gates have a True condition, or `<none>`. */
export function podReadinessGates(pod: Pod): string {
  const gates = pod.spec.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const passed = gates.filter((gate) =>
    pod.status?.conditions?.some((c) => c.type === gate.conditionType && c.status === 'True'),
  ).length;
  return `${passed}/${gates.length}`;
}
