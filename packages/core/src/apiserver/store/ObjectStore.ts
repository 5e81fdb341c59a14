import { compareCodeUnits } from '../../canonicalDigest.js';
import { emptyMap, mapEntry } from '../../mapEntry.js';
import { plainDataEqual, plainDataEqualExcept } from '../../plainDataEqual.js';
import type { SimTime } from '../../SimTime.js';
import { KIND_NAMESPACED, type KubeKind, type KubeObject } from '../../api/KubeObject.js';
import type { ObjectMeta } from '../../api/ObjectMeta.js';
import type { RandomStream } from '../../random/RandomStream.js';
import { generateName } from '../generateName.js';
import { alreadyExistsStatus, conflictStatus, notFoundStatus, type ApiStatus } from './ApiStatusError.js';

/** The outcome of a write: the stored object and what happened, or the status that refused it. */
export type StoreResult =
  | {
      readonly ok: true;
      readonly change: 'created' | 'updated' | 'unchanged' | 'removed';
      readonly object: KubeObject;
    }
  | { readonly ok: false; readonly status: ApiStatus };

/**
 * The apiserver's storage (what etcd is to the real one): the authoritative objects of a run, with the
 * bookkeeping the apiserver does on every write. One global resourceVersion counter, bumped by every
 * write that changes something; generation starts at 1 and is bumped when anything but metadata and
 * status changes; uid and creationTimestamp are set once. No-op updates are dropped without a bump,
 * as the real apiserver does. An update takes only labels, annotations and ownerReferences from the
 * request's metadata: the rest is the server's (see keepServerOwnedMetadata for what the request
 * handler does with it before validation).
 *
 * Deliberate difference: upstream, generation is each kind's strategy's business. Deployments,
 * ReplicaSets, Pods (1.33+) and EndpointSlices start at 1 and bump on spec changes (a Deployment on
 * annotation changes too); Services, ConfigMaps, Endpoints, Nodes and Namespaces never get one. svcsim
 * applies the one rule above to every kind, which every recorded log already reflects.
 *
 * Validation, defaulting and allocation are the caller's (the request handler's) job; the store only
 * enforces existence (AlreadyExists, NotFound, namespaces that must exist) and optimistic concurrency:
 * an update that carries a resourceVersion must carry the current one, or it is a Conflict. Controllers
 * write what their (lagging) informers showed them, so this is what stops a stale write from undoing a
 * newer change; `kubectl apply` sends none and always wins.
 */
export interface ObjectStore {
  get(kind: KubeKind, namespace: string, name: string): KubeObject | undefined;
  /** Objects of a kind (in one namespace, or all), sorted by namespace then name. */
  list(kind: KubeKind, namespace?: string): KubeObject[];
  /** Objects that name this uid in their ownerReferences (an index, for garbage collection). */
  dependentsOf(uid: string): KubeObject[];
  /** The resourceVersion of the last write. */
  resourceVersion(): number;
  create(object: KubeObject, now: SimTime): StoreResult;
  /**
   * Replaces an existing object's metadata labels/annotations/ownerReferences and everything but status,
   * which stays as stored unless `options.statusPrepared` says the caller has already set it from the
   * stored one (a kind's PrepareForUpdate that changes status, as the Service strategy does).
   */
  update(object: KubeObject, options?: StoreUpdateOptions): StoreResult;
  /** Replaces only the status of an existing object (generation unchanged). */
  updateStatus(object: KubeObject): StoreResult;
  /** Starts graceful deletion: sets deletionTimestamp = now + grace and deletionGracePeriodSeconds. */
  markForDeletion(
    kind: KubeKind,
    namespace: string,
    name: string,
    now: SimTime,
    gracePeriodSeconds: number,
  ): StoreResult;
  /** Removes the object for good. */
  remove(kind: KubeKind, namespace: string, name: string): StoreResult;
}

/** How ObjectStore.update treats the request's status. */
export interface StoreUpdateOptions {
  /** The object's status is what should be stored (derived from the stored one by the caller). */
  readonly statusPrepared?: boolean;
}

/** Creates an empty store; `random` supplies uids and generateName suffixes deterministically. */
export function createObjectStore(random: RandomStream): ObjectStore {
  const tables = new Map<KubeKind, ObjectTable>();
  let resourceVersion = 0;

  const tableOf = (kind: KubeKind): ObjectTable => mapEntry(tables, kind, newObjectTable);
  const namespaceOf = (object: KubeObject): string =>
    KIND_NAMESPACED[object.kind] ? (object.metadata.namespace ?? '') : '';

  function newUid(): string {
    // An RFC 4122 version-4 layout, drawn from the run's stream so uids replay exactly.
    const hex = Array.from({ length: 4 }, () => random.nextUint32().toString(16).padStart(8, '0')).join('');
    const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }

  function withMeta(object: KubeObject, metadata: ObjectMeta): KubeObject {
    return { ...object, metadata };
  }

  // ownerReference uid -> dependents, so deleting an owner does not scan every object of its namespace.
  const dependents = new Map<string, Map<string, KubeObject>>();
  const dependentKey = (object: KubeObject): string =>
    `${object.kind}\0${namespaceOf(object)}\0${object.metadata.name ?? ''}`;

  function indexOwners(object: KubeObject, present: boolean): void {
    for (const ref of object.metadata.ownerReferences ?? []) {
      let owned = dependents.get(ref.uid);
      if (present) {
        if (owned === undefined) {
          owned = new Map();
          dependents.set(ref.uid, owned);
        }
        owned.set(dependentKey(object), object);
      } else {
        owned?.delete(dependentKey(object));
        if (owned?.size === 0) dependents.delete(ref.uid);
      }
    }
  }

  function store(object: KubeObject): KubeObject {
    const table = tableOf(object.kind);
    const namespace = namespaceOf(object);
    const name = object.metadata.name ?? '';
    const previous = table.get(namespace, name);
    if (previous !== undefined) indexOwners(previous, false);
    table.set(namespace, name, object);
    indexOwners(object, true);
    return object;
  }

  return {
    get(kind, namespace, name) {
      return tableOf(kind).get(KIND_NAMESPACED[kind] ? namespace : '', name);
    },
    list(kind, namespace) {
      const all = [...tableOf(kind).values()];
      const selected =
        namespace === undefined ? all : all.filter((o) => (o.metadata.namespace ?? '') === namespace);
      return selected.sort(
        (a, b) =>
          compareCodeUnits(a.metadata.namespace ?? '', b.metadata.namespace ?? '') ||
          compareCodeUnits(a.metadata.name ?? '', b.metadata.name ?? ''),
      );
    },
    resourceVersion: () => resourceVersion,
    create(object, now) {
      const namespace = namespaceOf(object);
      if (KIND_NAMESPACED[object.kind] && this.get('Namespace', '', namespace) === undefined) {
        return { ok: false, status: notFoundStatus('Namespace', namespace) };
      }
      let name = object.metadata.name ?? '';
      if (name === '' && object.metadata.generateName !== undefined) {
        // The real apiserver retries on a clash; so does this, drawing the next suffix.
        do name = generateName(object.metadata.generateName, random);
        while (tableOf(object.kind).get(namespace, name) !== undefined);
      }
      if (tableOf(object.kind).get(namespace, name) !== undefined) {
        return { ok: false, status: alreadyExistsStatus(object.kind, name) };
      }
      resourceVersion++;
      const { deletionTimestamp: _d, deletionGracePeriodSeconds: _g, ...meta } = object.metadata;
      const stored = withMeta(object, {
        ...meta,
        name,
        ...(KIND_NAMESPACED[object.kind] && { namespace }),
        uid: newUid(),
        resourceVersion: String(resourceVersion),
        generation: 1,
        creationTimestamp: now,
      });
      return { ok: true, change: 'created', object: store(stored) };
    },
    update(object, options = {}) {
      const namespace = namespaceOf(object);
      const name = object.metadata.name ?? '';
      const previous = tableOf(object.kind).get(namespace, name);
      if (previous === undefined) return { ok: false, status: notFoundStatus(object.kind, name) };
      if (isStale(object, previous)) return { ok: false, status: conflictStatus(object.kind, name) };
      const prevMeta = previous.metadata;
      // Everything that is neither metadata nor status is "spec": a change there is a new generation.
      const specChanged = !plainDataEqualExcept(previous, object, ['metadata', 'status']);
      const metadata: ObjectMeta = {
        ...prevMeta,
        ...(object.metadata.labels !== undefined ? { labels: object.metadata.labels } : {}),
        ...(object.metadata.annotations !== undefined ? { annotations: object.metadata.annotations } : {}),
        ...(object.metadata.ownerReferences !== undefined
          ? { ownerReferences: object.metadata.ownerReferences }
          : {}),
        generation: (prevMeta.generation ?? 1) + (specChanged ? 1 : 0),
      };
      // Status is owned by controllers and kubelets: an update of the object keeps the stored status.
      const status = ((options.statusPrepared === true ? object : previous) as { status?: unknown }).status;
      // A no-op (the real apiserver drops it without a new resourceVersion) has the same spec, which was
      // just compared, the same metadata but for the resourceVersion, and the same status.
      if (
        !specChanged &&
        plainDataEqualExcept(metadata, prevMeta, ['resourceVersion']) &&
        plainDataEqual(status, (previous as { status?: unknown }).status)
      ) {
        return { ok: true, change: 'unchanged', object: previous };
      }
      const candidate = { ...object, metadata, ...(status !== undefined && { status }) } as KubeObject;
      resourceVersion++;
      return {
        ok: true,
        change: 'updated',
        object: store(withMeta(candidate, { ...metadata, resourceVersion: String(resourceVersion) })),
      };
    },
    updateStatus(object) {
      const namespace = namespaceOf(object);
      const name = object.metadata.name ?? '';
      const previous = tableOf(object.kind).get(namespace, name);
      if (previous === undefined) return { ok: false, status: notFoundStatus(object.kind, name) };
      if (isStale(object, previous)) return { ok: false, status: conflictStatus(object.kind, name) };
      const status = (object as { status?: unknown }).status;
      const { status: _old, ...rest } = previous as KubeObject & { status?: unknown };
      const candidate = { ...rest, ...(status !== undefined && { status }) } as KubeObject;
      if (plainDataEqual(candidate, previous)) return { ok: true, change: 'unchanged', object: previous };
      resourceVersion++;
      return {
        ok: true,
        change: 'updated',
        object: store(
          withMeta(candidate, { ...previous.metadata, resourceVersion: String(resourceVersion) }),
        ),
      };
    },
    markForDeletion(kind, namespace, name, now, gracePeriodSeconds) {
      const previous = this.get(kind, namespace, name);
      if (previous === undefined) return { ok: false, status: notFoundStatus(kind, name) };
      if (previous.metadata.deletionTimestamp !== undefined)
        return { ok: true, change: 'unchanged', object: previous };
      resourceVersion++;
      return {
        ok: true,
        change: 'updated',
        object: store(
          withMeta(previous, {
            ...previous.metadata,
            deletionTimestamp: now + gracePeriodSeconds * 1000,
            deletionGracePeriodSeconds: gracePeriodSeconds,
            resourceVersion: String(resourceVersion),
          }),
        ),
      };
    },
    remove(kind, namespace, name) {
      const scope = KIND_NAMESPACED[kind] ? namespace : '';
      const previous = tableOf(kind).get(scope, name);
      if (previous === undefined) return { ok: false, status: notFoundStatus(kind, name) };
      tableOf(kind).delete(scope, name);
      indexOwners(previous, false);
      resourceVersion++;
      return { ok: true, change: 'removed', object: previous };
    },
    dependentsOf(uid) {
      return [...(dependents.get(uid)?.values() ?? [])];
    },
  };
}

/** Whether a write carries a resourceVersion other than the stored one. */
function isStale(object: KubeObject, stored: KubeObject): boolean {
  const version = object.metadata.resourceVersion;
  return version !== undefined && version !== '' && version !== stored.metadata.resourceVersion;
}

/**
 * The stored objects of one kind, by namespace then name: nested maps of the objects' own strings, so a
 * lookup builds no "namespace/name" key (every write looks its object up once or twice).
 */
class ObjectTable {
  private readonly byNamespace = new Map<string, Map<string, KubeObject>>();

  get(namespace: string, name: string): KubeObject | undefined {
    return this.byNamespace.get(namespace)?.get(name);
  }

  set(namespace: string, name: string, object: KubeObject): void {
    mapEntry(this.byNamespace, namespace, emptyMap<string, KubeObject>).set(name, object);
  }

  delete(namespace: string, name: string): void {
    const byName = this.byNamespace.get(namespace);
    if (byName === undefined) return;
    byName.delete(name);
    if (byName.size === 0) this.byNamespace.delete(namespace);
  }

  *values(): IterableIterator<KubeObject> {
    for (const byName of this.byNamespace.values()) yield* byName.values();
  }
}

function newObjectTable(): ObjectTable {
  return new ObjectTable();
}
