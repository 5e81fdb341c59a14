import type { Pod } from '../../api/Pod.js';
import type { ApiClient } from '../../apiserver/createApiServer.js';
import { isNodeReady } from '../../apiserver/isNodeReady.js';
import type { ProbeResultChanged } from '../../events/AppEvents.js';
import { plainDataEqual } from '../../plainDataEqual.js';
import type { RandomStream } from '../../random/RandomStream.js';
import type { SimClock } from '../../SimClock.js';
import type { SimTime } from '../../SimTime.js';
import type { HealthState } from '../../kubelet/AppModel.js';
import type { Informer } from '../createInformer.js';
import {
  advancePod,
  allContainersGone,
  crashApp,
  nextWakeUp,
  seeDeletion,
  setAppHealth,
  startPodContainers,
} from './advancePodRuntime.js';
import { createPodAddressPool, type PodAddressPool } from './createPodAddressPool.js';
import { derivePodStatus, isKubeletCondition } from './derivePodStatus.js';
import { createPodRuntime, type PodRuntime } from './PodRuntime.js';

/** Inputs that arrived for a pod before its kubelet started it; they apply from its start. */
export interface PendingAppInputs {
  /** When the latest of them arrived. */
  readonly at: SimTime;
  readonly readiness?: boolean;
  readonly health: readonly {
    readonly container?: string;
    readonly state: HealthState;
    readonly at: SimTime;
  }[];
}

export interface NodeKubeletDeps {
  readonly nodeName: string;
  /** The kubelet's view of the cluster: the shared informer, one watch delay behind the apiserver. */
  readonly informer: Informer;
  readonly api: ApiClient;
  readonly clock: SimClock;
  /** The run's "allocation" stream, for pod addresses. */
  readonly random: RandomStream;
  /** Commits a derived event (probe results) to the log. */
  readonly emit: (event: ProbeResultChanged) => void;
  /** Hands over (and forgets) the inputs that arrived for a pod before it started. */
  readonly takePendingInputs: (key: string) => PendingAppInputs | undefined;
}

/** The kubelet of one node. */
export interface NodeKubelet {
  /**
   * Brings pod `key` up to date with the informer: starts it once it is bound here and the node is
   * Ready, sees its deletion, forgets it once it is gone, and rewrites its status if that changed (the
   * node's readiness is part of it).
   */
  sync(key: string): void;
  /** A `pod/readinessSet`; false when the kubelet does not run the pod (yet). */
  setReadiness(key: string, ready: boolean): boolean;
  /** An `app/healthSet`; false when the kubelet does not run the pod (yet). */
  setHealth(key: string, container: string | undefined, state: HealthState): boolean;
  /** An `app/crashed`; a pod the kubelet does not run has nothing to crash. */
  crash(key: string, container: string | undefined, exitCode: number): void;
  /**
   * The host failed (`node/failed`): from now on the kubelet does nothing anyone can see. It starts no
   * pod, probes nothing, writes no status and carries out no deletion; what it is told meanwhile (pods
   * it should look at, inputs about its applications) waits for `recover`.
   */
  fail(): void;
  /**
   * The host is back (`node/recovered`), as from a network partition that heals: its containers kept
   * running. The kubelet catches up at once with what they did meanwhile (exits, restarts and probe
   * results due by now, reported now), relists its pods (starting those bound to it meanwhile, carrying
   * out deletions, forgetting pods removed), and reconciles each pod's status with what the apiserver
   * holds, as its status manager does, so a status others changed (the node lifecycle controller's Ready
   * False) is rewritten where it differs from its own.
   */
  recover(): void;
  /** Cancels every pending wake-up (end of the run). */
  stop(): void;
}

/**
 * One node's kubelet: the CNI's pod addresses, container runs and probe workers (advancePodRuntime),
 * graceful termination, and the pod status it reports through the apiserver. It learns about pods
 * through the informer, so it starts a pod and sees its deletion one watch delay after the apiserver
 * recorded them, as a real kubelet does; what happens inside the pod (probes, exits, restarts, SIGTERM
 * and SIGKILL) it knows at once and writes at the instant it happens. Each pod has at most one pending
 * wake-up on the clock, at the next instant anything about it can change.
 *
 * While its host has failed (`fail` to `recover`) it does nothing at all, so pods evicted meanwhile stay
 * Terminating until it is back. Deliberate differences: a kubelet on a node set not Ready
 * (`node/readinessSet`) starts no new pods but goes on running the ones it has, and marks them not Ready
 * itself (standing in for the node lifecycle controller's MarkPodsNotReady, which only acts on nodes
 * whose host has failed); it removes pods whose deletion it sees even then. Status is written as a
 * whole, without resourceVersion (the kubelet owns it), with the pod's uid as a precondition.
 */
export function createNodeKubelet(deps: NodeKubeletDeps): NodeKubelet {
  const { nodeName, informer, api, clock, emit } = deps;
  const pods = new Map<string, PodRuntime>();
  let pool: PodAddressPool | undefined;
  // While the host has failed: the pods the kubelet was asked to look at, to look at once it is back.
  let hostFailed = false;
  const missed = new Set<string>();

  function nodeReady(): boolean {
    const node = informer.get('Node', '', nodeName);
    return node !== undefined && isNodeReady(node);
  }

  function addressPool(): PodAddressPool | undefined {
    if (pool === undefined) {
      const podCIDR = informer.get('Node', '', nodeName)?.spec.podCIDR;
      if (podCIDR !== undefined) pool = createPodAddressPool(podCIDR, deps.random);
    }
    return pool;
  }

  function forget(runtime: PodRuntime): void {
    cancelTimer(runtime);
    if (runtime.pod.spec.hostNetwork !== true) pool?.release(runtime.podIP);
    pods.delete(runtime.key);
  }

  function cancelTimer(runtime: PodRuntime): void {
    if (runtime.timer !== undefined) clock.cancel(runtime.timer.id);
    runtime.timer = undefined;
  }

  function start(pod: Pod, key: string, now: SimTime): void {
    const node = informer.get('Node', '', nodeName);
    const hostIP = node?.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
    // A host-network pod shares its node's address; the others get one from the node's pod CIDR.
    const podIP = pod.spec.hostNetwork === true ? hostIP : addressPool()?.allocate();
    if (podIP === undefined) return; // no address: the pod stays ContainerCreating
    const runtime = createPodRuntime(pod, podIP, hostIP, now);
    const pending = deps.takePendingInputs(key);
    if (pending !== undefined) {
      if (pending.readiness !== undefined) runtime.readinessOverride = pending.readiness;
      for (const health of pending.health) setAppHealth(runtime, health.container, health.state, health.at);
    }
    pods.set(key, runtime);
    startPodContainers(runtime, now);
    settle(runtime, now);
  }

  /** Applies what is due now, reports it, and arranges the next wake-up. */
  function settle(runtime: PodRuntime, now: SimTime): void {
    const events: ProbeResultChanged[] = [];
    advancePod(runtime, now, events);
    for (const event of events) emit(event);
    if (runtime.deletionSeenAt !== undefined && allContainersGone(runtime)) {
      // The kubelet's status manager deletes the pod for good once nothing of it runs.
      runtime.finalized = true;
      cancelTimer(runtime);
      api.finalizeDeletion('Pod', runtime.namespace, runtime.name);
      return;
    }
    writeStatus(runtime, now);
    wakeUpAt(runtime, nextWakeUp(runtime));
  }

  function writeStatus(runtime: PodRuntime, now: SimTime): void {
    const ready = nodeReady();
    runtime.reportedNodeReady = ready;
    const status = derivePodStatus(runtime, ready, now);
    if (runtime.lastStatus !== undefined && plainDataEqual(status, runtime.lastStatus)) return;
    runtime.lastStatus = status;
    const { resourceVersion: _seen, ...metadata } = runtime.pod.metadata;
    api.updateStatus({ ...runtime.pod, metadata, status });
  }

  function wakeUpAt(runtime: PodRuntime, at: SimTime | undefined): void {
    if (runtime.timer?.at === at) return;
    cancelTimer(runtime);
    if (at === undefined) return;
    const id = clock.schedule(at, () => {
      runtime.timer = undefined;
      settle(runtime, clock.now());
    });
    runtime.timer = { id, at };
  }

  /** The pod the kubelet runs under `key`, unless it has already removed it. */
  function running(key: string): PodRuntime | undefined {
    const runtime = pods.get(key);
    return runtime === undefined || runtime.finalized ? undefined : runtime;
  }

  /** `sync`, or with `resync`, a full look at the pod whatever changed (after a recovery). */
  function syncPod(key: string, resync: boolean): void {
    const slash = key.indexOf('/');
    const seen = informer.get('Pod', key.slice(0, slash), key.slice(slash + 1));
    let runtime = pods.get(key);
    if (runtime !== undefined && (seen === undefined || seen.metadata.uid !== runtime.uid)) {
      forget(runtime);
      runtime = undefined;
    }
    if (seen === undefined || seen.spec.nodeName !== nodeName) return;
    const now = clock.now();
    if (runtime === undefined) {
      // Deleted before it ever ran here: nothing to stop.
      if (seen.metadata.deletionTimestamp !== undefined)
        api.finalizeDeletion('Pod', seen.metadata.namespace ?? '', seen.metadata.name ?? '');
      else if (nodeReady()) start(seen, key, now);
      return;
    }
    if (runtime.finalized) return;
    const before = runtime.pod;
    runtime.pod = seen;
    if (seen.metadata.deletionTimestamp !== undefined && runtime.deletionSeenAt === undefined)
      seeDeletion(runtime, now);
    // Most changes the informer relays are the kubelet's own status writes coming back: nothing to do
    // unless the deletion, the node's readiness or another writer's conditions (readiness gates) moved.
    else if (!resync && runtime.reportedNodeReady === nodeReady() && sameForeignConditions(before, seen))
      return;
    settle(runtime, now);
  }

  return {
    sync(key) {
      if (hostFailed) missed.add(key);
      else syncPod(key, false);
    },
    // Inputs about a pod's application change the application whether or not the kubelet is there to
    // see it; it only acts on them (and reports) once its host is back.
    setReadiness(key, ready) {
      const runtime = running(key);
      if (runtime === undefined) return false;
      runtime.readinessOverride = ready;
      if (!hostFailed) settle(runtime, clock.now());
      return true;
    },
    setHealth(key, container, state) {
      const runtime = running(key);
      if (runtime === undefined) return false;
      setAppHealth(runtime, container, state, clock.now());
      if (!hostFailed) settle(runtime, clock.now());
      return true;
    },
    crash(key, container, exitCode) {
      const runtime = running(key);
      if (runtime === undefined) return;
      crashApp(runtime, container, exitCode, clock.now());
      if (!hostFailed) settle(runtime, clock.now());
    },
    fail() {
      hostFailed = true;
      for (const runtime of pods.values()) cancelTimer(runtime);
    },
    recover() {
      if (!hostFailed) return;
      hostFailed = false;
      const keys = new Set([...pods.keys(), ...missed]);
      missed.clear();
      for (const key of keys) {
        const runtime = pods.get(key);
        if (runtime !== undefined && !runtime.finalized) {
          // The status manager compares with what the apiserver holds, not with what it last sent.
          const slash = key.indexOf('/');
          const seen = informer.get('Pod', key.slice(0, slash), key.slice(slash + 1));
          if (seen !== undefined && seen.metadata.uid === runtime.uid) runtime.lastStatus = seen.status;
        }
        syncPod(key, true);
      }
    },
    stop() {
      for (const runtime of pods.values()) cancelTimer(runtime);
    },
  };
}

/** Whether two versions of a pod carry the same conditions apart from the kubelet's own. */
function sameForeignConditions(a: Pod, b: Pod): boolean {
  const foreign = (pod: Pod) => (pod.status?.conditions ?? []).filter((c) => !isKubeletCondition(c.type));
  const x = foreign(a);
  const y = foreign(b);
  return x.length === 0 ? y.length === 0 : plainDataEqual(x, y);
}
