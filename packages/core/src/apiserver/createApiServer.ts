import type { SimTime } from '../SimTime.js';
import { fieldErrors, fieldPath, type FieldError } from '../api/FieldError.js';
import { KIND_NAMESPACED, type KubeKind, type KubeObject } from '../api/KubeObject.js';
import type { Pod } from '../api/Pod.js';
import type { Service } from '../api/Service.js';
import type { DerivedEvent, InputEvent } from '../events/SimEvent.js';
import type { RandomStreams } from '../random/createRandomStreams.js';
import { defaultObject } from './defaulting/defaultObject.js';
import { createServiceRegistry, type ServiceRegistryOptions } from './createServiceRegistry.js';
import { conflictStatus, invalidStatus, notFoundStatus, type ApiStatus } from './store/ApiStatusError.js';
import { keepServerOwnedMetadata } from './store/keepServerOwnedMetadata.js';
import { resetStatusOnCreate } from './store/resetStatusOnCreate.js';
import { createObjectStore, type ObjectStore } from './store/ObjectStore.js';
import { validateObject } from './validation/validateObject.js';

/** The outcome of an API call: the stored object, or the status that refused it. */
export type ApiResult =
  { readonly ok: true; readonly object: KubeObject } | { readonly ok: false; readonly status: ApiStatus };

/** What controllers and the kubelet may do to the apiserver; every successful write becomes an event. */
export interface ApiClient {
  create(object: KubeObject): ApiResult;
  /** Replaces everything but status (a PUT). */
  update(object: KubeObject): ApiResult;
  /** Replaces only status (the /status subresource). */
  updateStatus(object: KubeObject): ApiResult;
  /** create, or update if it exists: what `kubectl apply` ends in. */
  apply(object: KubeObject): ApiResult;
  /** Deletes: pods gracefully (deletionTimestamp set, removed later), everything else at once with its dependents. */
  delete(kind: KubeKind, namespace: string, name: string, gracePeriodSeconds?: number): ApiResult;
  /** Removes a pod whose graceful deletion has finished (what the kubelet does once containers are gone). */
  finalizeDeletion(kind: KubeKind, namespace: string, name: string): ApiResult;
}

export interface ApiServer {
  readonly client: ApiClient;
  /** Creates the objects every cluster starts with (namespaces, default/kubernetes, kube-system/kube-dns). */
  bootstrap(): void;
  /**
   * Carries out an input request committed at `seq`, emitting what it led to (or an api/rejected).
   * False when it refused it; inputs that are not API requests are accepted untouched.
   */
  handleInput(event: InputEvent, seq: number): boolean;
}

export interface ApiServerContext extends ServiceRegistryOptions {
  readonly now: () => SimTime;
  readonly random: RandomStreams;
  readonly emit: (event: DerivedEvent) => void;
}

const BOOTSTRAP_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

/**
 * The apiserver: defaulting, validation, Service address allocation, storage with resourceVersions,
 * graceful pod deletion and owner-reference garbage collection. Synchronous: a request is handled at
 * the instant it is committed, so its outcome carries the request's own timestamp; the lag people
 * observe is in the watchers (informers), as in a real cluster.
 */
export function createApiServer(ctx: ApiServerContext): ApiServer {
  const store: ObjectStore = createObjectStore(ctx.random.stream('apiserver'));
  const services = createServiceRegistry(ctx, ctx.random.stream('allocation'));

  function emitWrite(change: 'created' | 'updated', object: KubeObject): void {
    ctx.emit({ type: change === 'created' ? 'object/created' : 'object/updated', object });
  }

  function invalid(object: KubeObject, errors: readonly FieldError[]): ApiResult {
    return {
      ok: false,
      status: invalidStatus(object.kind, object.metadata.name ?? object.metadata.generateName ?? '', errors),
    };
  }

  function namespaceOf(object: KubeObject): string {
    return KIND_NAMESPACED[object.kind] ? (object.metadata.namespace ?? '') : '';
  }

  /** Defaulting then validation; for Services also address allocation against the previous version. */
  function admit(
    object: KubeObject,
    previous: KubeObject | undefined,
  ): { ok: true; object: KubeObject } | ApiResult {
    if (object.kind === 'Service') {
      const prepared = services.prepare(object, previous as Service | undefined);
      if (!prepared.ok) return { ok: false, status: prepared.status };
      return { ok: true, object: prepared.service };
    }
    const defaulted = defaultObject(object);
    const errors = validateObject(defaulted, {}, previous);
    if (errors.length > 0) return invalid(defaulted, errors);
    return { ok: true, object: defaulted };
  }

  function create(object: KubeObject): ApiResult {
    const admitted = admit(object, undefined);
    if (!admitted.ok) return admitted;
    const result = store.create(admitted.object, ctx.now());
    if (!result.ok) {
      if (admitted.object.kind === 'Service') services.release(admitted.object, undefined);
      return result;
    }
    emitWrite('created', result.object);
    return { ok: true, object: result.object };
  }

  function update(object: KubeObject): ApiResult {
    const previous = store.get(object.kind, namespaceOf(object), object.metadata.name ?? '');
    if (previous === undefined)
      return { ok: false, status: notFoundStatus(object.kind, object.metadata.name ?? '') };
    const admitted = admit(keepServerOwnedMetadata(object, previous), previous);
    if (!admitted.ok) return admitted;
    // The Service registry derives the status from the stored one (see ServiceRegistry.prepare).
    const result = store.update(admitted.object, { statusPrepared: object.kind === 'Service' });
    if (!result.ok) return result;
    if (object.kind === 'Service') services.release(previous as Service, result.object as Service);
    if (result.change === 'updated') emitWrite('updated', result.object);
    return { ok: true, object: result.object };
  }

  function updateStatus(object: KubeObject): ApiResult {
    // A write naming a uid is for that object only, not for a newer one of the same name (the kubelet's
    // status patches carry this precondition): the pod it ran may have been replaced meanwhile.
    const uid = object.metadata.uid;
    const stored = store.get(object.kind, namespaceOf(object), object.metadata.name ?? '');
    if (uid !== undefined && stored !== undefined && stored.metadata.uid !== uid)
      return { ok: false, status: conflictStatus(object.kind, object.metadata.name ?? '') };
    const result = store.updateStatus(object);
    if (!result.ok) return result;
    if (result.change === 'updated') emitWrite('updated', result.object);
    return { ok: true, object: result.object };
  }

  function remove(object: KubeObject): void {
    const namespace = namespaceOf(object);
    const name = object.metadata.name ?? '';
    store.remove(object.kind, namespace, name);
    if (object.kind === 'Service') services.release(object, undefined);
    ctx.emit({ type: 'object/deleted', kind: object.kind, namespace, name });
    collectDependents(object);
  }

  /** Background cascading deletion: objects whose controller owner is gone are deleted too. */
  function collectDependents(owner: KubeObject): void {
    const uid = owner.metadata.uid;
    if (uid === undefined) return;
    for (const dependent of store.dependentsOf(uid)) {
      del(dependent.kind, dependent.metadata.namespace ?? '', dependent.metadata.name ?? '', undefined);
    }
  }

  function del(
    kind: KubeKind,
    namespace: string,
    name: string,
    gracePeriodSeconds: number | undefined,
  ): ApiResult {
    const object = store.get(kind, namespace, name);
    if (object === undefined) return { ok: false, status: notFoundStatus(kind, name) };
    if (kind === 'Pod') {
      const pod = object as Pod;
      const grace = gracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
      // A pod that never ran on a node has nothing to stop: it goes at once, as the apiserver does.
      if (pod.spec.nodeName === undefined || grace === 0) {
        remove(object);
        return { ok: true, object };
      }
      const result = store.markForDeletion(kind, namespace, name, ctx.now(), grace);
      if (!result.ok) return result;
      if (result.change === 'updated') emitWrite('updated', result.object);
      return { ok: true, object: result.object };
    }
    if (kind === 'Namespace') {
      for (const k of Object.keys(KIND_NAMESPACED) as KubeKind[]) {
        if (!KIND_NAMESPACED[k]) continue;
        for (const o of store.list(k, name)) del(k, name, o.metadata.name ?? '', 0);
      }
    }
    remove(object);
    return { ok: true, object };
  }

  const client: ApiClient = {
    create,
    update,
    updateStatus,
    apply(object) {
      const exists = store.get(object.kind, namespaceOf(object), object.metadata.name ?? '') !== undefined;
      return exists ? update(object) : create(object);
    },
    delete: (kind, namespace, name, gracePeriodSeconds) => del(kind, namespace, name, gracePeriodSeconds),
    finalizeDeletion(kind, namespace, name) {
      const object = store.get(kind, namespace, name);
      if (object === undefined) return { ok: false, status: notFoundStatus(kind, name) };
      remove(object);
      return { ok: true, object };
    },
  };

  /** Commits the refusal of the input at `seq`; false, for handleInput to return. */
  function reject(seq: number, namespace: string, status: ApiStatus): false {
    ctx.emit({ type: 'api/rejected', requestSeq: seq, namespace, status });
    return false;
  }

  return {
    client,
    bootstrap() {
      for (const name of BOOTSTRAP_NAMESPACES) {
        create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      }
      for (const service of services.bootstrapServices()) create(service);
    },
    handleInput(event, seq) {
      switch (event.type) {
        case 'api/applied': {
          // A user's manifest never sets status (PrepareForCreate discards it; an update keeps the
          // stored one). Controllers here create objects with the empty status the real strategy
          // would give, so only requests from outside are reset.
          const result = client.apply(resetStatusOnCreate(event.object));
          return result.ok || reject(seq, namespaceOf(event.object), result.status);
        }
        case 'api/deleted': {
          const result = del(event.kind, event.namespace, event.name, event.gracePeriodSeconds);
          return result.ok || reject(seq, event.namespace, result.status);
        }
        case 'api/scaled': {
          const current = store.get(event.kind, event.namespace, event.name);
          if (current === undefined || (current.kind !== 'Deployment' && current.kind !== 'ReplicaSet'))
            return reject(seq, event.namespace, notFoundStatus(event.kind, event.name));
          const result = update({
            ...current,
            spec: { ...current.spec, replicas: event.replicas },
          });
          return result.ok || reject(seq, event.namespace, result.status);
        }
        // The kubelet carries these out (run() hands it the inputs accepted here); the apiserver only refuses
        // a pod that does not exist, or a container it does not have, as it refuses `kubectl exec` into one.
        case 'pod/readinessSet':
        case 'app/healthSet':
        case 'app/crashed': {
          const pod = store.get('Pod', event.namespace, event.name) as Pod | undefined;
          if (pod === undefined) return reject(seq, event.namespace, notFoundStatus('Pod', event.name));
          const container = event.type === 'pod/readinessSet' ? undefined : event.container;
          if (container === undefined || hasContainer(pod, container)) return true;
          return reject(
            seq,
            event.namespace,
            invalidStatus('Pod', event.name, [fieldErrors.notFound(fieldPath('container'), container)]),
          );
        }
        case 'node/readinessSet': {
          const node = store.get('Node', '', event.name);
          if (node === undefined || node.kind !== 'Node')
            return reject(seq, '', notFoundStatus('Node', event.name));
          const others = (node.status?.conditions ?? []).filter((c) => c.type !== 'Ready');
          updateStatus({
            ...node,
            status: {
              ...node.status,
              conditions: [
                ...others,
                {
                  type: 'Ready',
                  status: event.ready ? 'True' : 'False',
                  reason: event.ready ? 'KubeletReady' : 'NodeStatusUnknown',
                },
              ],
            },
          });
          return true;
        }
        // The host is not an API object: the kubelet and the data plane carry these out. Only a host the
        // cluster knows of can fail or recover.
        case 'node/failed':
        case 'node/recovered': {
          const node = store.get('Node', '', event.name);
          return (
            (node !== undefined && node.kind === 'Node') ||
            reject(seq, '', notFoundStatus('Node', event.name))
          );
        }
        default:
          return true;
      }
    },
  };
}

/** Whether the pod has a container, or a sidecar (restartable init container), of this name. */
function hasContainer(pod: Pod, name: string): boolean {
  return (
    pod.spec.containers.some((c) => c.name === name) ||
    (pod.spec.initContainers ?? []).some((c) => c.name === name && c.restartPolicy === 'Always')
  );
}
