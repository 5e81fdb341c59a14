import type { Container, Pod, PodStatus, Probe } from '../../api/Pod.js';
import type { SimTime } from '../../SimTime.js';
import type { AppModel, HealthState } from '../../kubelet/AppModel.js';
import { appModelsOfPod, modelledContainersOf } from '../../kubelet/appModelsOfPod.js';
import type { ContainerRun } from '../../kubelet/appStateAt.js';
import type { RestartBackOff } from '../../kubelet/crashLoopBackOff.js';
import type { ProbeResultChange, ProbeWorkerState } from '../../kubelet/nextProbeResultChange.js';
import type { ProbeKind } from '../../kubelet/ProbeResult.js';
import { resolveProbe, type ResolvedProbe } from '../../kubelet/resolveProbe.js';

/**
 * What the kubelet keeps about one pod it runs: its containers' runs, their probe workers, and its
 * termination. Mutable, and private to the kubelet (the cluster learns of it through the pod status the
 * kubelet writes); only the instants at which something can change are ever visited.
 */
export interface PodRuntime {
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  /** The pod as the kubelet saw it last (its spec is the one it started; metadata and conditions move on). */
  pod: Pod;
  readonly podIP: string;
  readonly hostIP: string | undefined;
  /** When the kubelet started the pod (status.startTime). */
  readonly startedAt: SimTime;
  /** Sidecars first, then the regular containers, in spec order. */
  readonly containers: readonly ContainerRuntime[];
  /** When the kubelet saw the pod's deletionTimestamp; from then on nothing restarts. */
  deletionSeenAt: SimTime | undefined;
  /** A `pod/readinessSet` in force: every container's readiness result until a readiness probe commits one. */
  readinessOverride: boolean | undefined;
  /** The status the kubelet last wrote, to write only changes, and the node readiness it reflects. */
  lastStatus: PodStatus | undefined;
  reportedNodeReady: boolean | undefined;
  /** The kubelet removed the pod (its containers are all gone); it waits for its informer to see that. */
  finalized: boolean;
  /** The pending wake-up on the clock, if any. */
  timer: { readonly id: number; readonly at: SimTime } | undefined;
}

/** A container's application health as an `app/healthSet` input left it: `state` from `at` on. */
export interface HealthOverride {
  readonly at: SimTime;
  readonly state: HealthState;
}

/** Why the kubelet is killing a container; a kill for a failed probe restarts it, a deletion does not. */
export type KillReason = 'liveness' | 'startup' | 'deletion';

/** How one run of a container ended (v1.ContainerStateTerminated). */
export interface ContainerTermination {
  readonly exitCode: number;
  readonly reason: 'Completed' | 'Error';
  readonly startedAt: SimTime;
  readonly finishedAt: SimTime;
}

export interface ContainerRuntime {
  readonly spec: Container;
  readonly sidecar: boolean;
  /** The application as the pod's annotations describe it. */
  readonly baseModel: AppModel;
  healthOverride: HealthOverride | undefined;
  /** The application of the current (or last) run: the base model with the inputs that changed it. */
  model: AppModel;
  /** The current run while the container runs (with SIGTERM and SIGKILL instants once a kill is planned). */
  run: ContainerRun | undefined;
  /** Why the current run is being killed, once a kill is planned. */
  killReason: KillReason | undefined;
  /** When the current run counted as started (at once without a startup probe, else at its success). */
  startedAt: SimTime | undefined;
  /** When a container that exited starts again (CrashLoopBackOff until then). */
  restartAt: SimTime | undefined;
  backOff: RestartBackOff | undefined;
  /** Runs so far; restartCount is one less. */
  runs: number;
  /** The latest run that ended, and the one before it (lastState, once the latest is final). */
  lastTermination: ContainerTermination | undefined;
  previousTermination: ContainerTermination | undefined;
  /** Exited and will not run again (restartPolicy, or the pod is being deleted). */
  final: boolean;
  readonly workers: readonly ProbeWorker[];
}

/** One probe worker (pkg/kubelet/prober/worker.go), as the change-driven prober keeps it. */
export interface ProbeWorker {
  readonly kind: ProbeKind;
  /** The probe as the container spec writes it, and resolved against the container. */
  readonly source: Probe;
  readonly probe: ResolvedProbe;
  /** The worker's ticks fall at tickOrigin + k × period; the first run's start, kept across restarts. */
  tickOrigin: SimTime;
  /** The worker as its last committed change (or its container's start, or exit) left it. */
  state: ProbeWorkerState;
  /** The next change of its committed result, if one can come before its subject changes. */
  next: ProbeResultChange | undefined;
  /** Its subject changed since `next` was worked out. */
  stale: boolean;
}

const PROBE_KINDS: readonly ProbeKind[] = ['startup', 'liveness', 'readiness'];

function probeOf(container: Container, kind: ProbeKind): Probe | undefined {
  switch (kind) {
    case 'startup':
      return container.startupProbe;
    case 'liveness':
      return container.livenessProbe;
    case 'readiness':
      return container.readinessProbe;
  }
}

/** The kubelet's record of a pod it is about to start, its containers not yet running. */
export function createPodRuntime(
  pod: Pod,
  podIP: string,
  hostIP: string | undefined,
  now: SimTime,
): PodRuntime {
  const models = appModelsOfPod(pod);
  const sidecars = new Set((pod.spec.initContainers ?? []).map((c) => c.name));
  const probedPod = {
    podIP,
    ...(pod.spec.hostNetwork !== undefined && { hostNetwork: pod.spec.hostNetwork }),
    ...(pod.spec.terminationGracePeriodSeconds !== undefined && {
      terminationGracePeriodSeconds: pod.spec.terminationGracePeriodSeconds,
    }),
  };
  const containers = modelledContainersOf(pod.spec).map((spec): ContainerRuntime => {
    const model = models[spec.name];
    if (model === undefined) throw new Error(`no application model for container ${spec.name}`);
    const workers: ProbeWorker[] = [];
    for (const kind of PROBE_KINDS) {
      const probe = probeOf(spec, kind);
      if (probe === undefined) continue;
      workers.push({
        kind,
        source: probe,
        probe: resolveProbe(kind, probe, spec, probedPod),
        tickOrigin: now,
        state: { committed: 'Unknown', streak: 0 },
        next: undefined,
        stale: false,
      });
    }
    return {
      spec,
      sidecar: sidecars.has(spec.name),
      baseModel: model,
      healthOverride: undefined,
      model,
      run: undefined,
      killReason: undefined,
      startedAt: undefined,
      restartAt: undefined,
      backOff: undefined,
      runs: 0,
      lastTermination: undefined,
      previousTermination: undefined,
      final: false,
      workers,
    };
  });
  return {
    key: `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`,
    namespace: pod.metadata.namespace ?? '',
    name: pod.metadata.name ?? '',
    uid: pod.metadata.uid ?? '',
    pod,
    podIP,
    hostIP,
    startedAt: now,
    containers,
    deletionSeenAt: undefined,
    readinessOverride: undefined,
    lastStatus: undefined,
    reportedNodeReady: undefined,
    finalized: false,
    timer: undefined,
  };
}

/** The worker of one kind, if the container has that probe. */
export function workerOf(container: ContainerRuntime, kind: ProbeKind): ProbeWorker | undefined {
  for (const worker of container.workers) if (worker.kind === kind) return worker;
  return undefined;
}
