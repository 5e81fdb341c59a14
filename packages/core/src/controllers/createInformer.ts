import { Subject, type Observable, type SchedulerLike, type Subscription } from 'rxjs';

import { KIND_NAMESPACED, type KubeKind, type KubeObject, type KubeObjectOfKind } from '../api/KubeObject.js';
import { lagBy } from '../engine/lagBy.js';
import type { LogEntry } from '../LogEntry.js';
import type { SimEvent } from '../events/SimEvent.js';

/** One change to an object as an informer relays it: the object now (undefined once deleted) and before. */
export interface ObjectChange {
  readonly kind: KubeKind;
  readonly namespace: string;
  readonly name: string;
  readonly object: KubeObject | undefined;
  readonly previous: KubeObject | undefined;
}

/**
 * A watch on every object, `watchDelayMs` behind the apiserver, with a cache of what it has relayed: what
 * a client-go informer gives a controller. Controllers read the cache, never the apiserver's store, so
 * they act on the same stale view a real controller has.
 */
export interface Informer {
  get<K extends KubeKind>(kind: K, namespace: string, name: string): KubeObjectOfKind<K> | undefined;
  /** Cached objects of a kind, in one namespace or all (in no particular order; sort before output). */
  list<K extends KubeKind>(kind: K, namespace?: string): Iterable<KubeObjectOfKind<K>>;
  /** Cached objects of a kind in a namespace whose controller owner has this uid (an indexed lookup). */
  ownedBy<K extends KubeKind>(kind: K, namespace: string, ownerUid: string): Iterable<KubeObjectOfKind<K>>;
  /** Cached objects of a kind in a namespace that carry this label value (an indexed lookup). */
  withLabel<K extends KubeKind>(
    kind: K,
    namespace: string,
    key: string,
    value: string,
  ): Iterable<KubeObjectOfKind<K>>;
  /** Every change, after the cache has taken it in. */
  readonly changes$: Observable<ObjectChange>;
  readonly subscription: Subscription;
}

/** Starts an informer over the run's committed events. */
export function createInformer(
  events$: Observable<LogEntry<SimEvent>>,
  watchDelayMs: number,
  scheduler: SchedulerLike,
): Informer {
  const cache = new Map<KubeKind, Map<string, Map<string, KubeObject>>>();
  const changes = new Subject<ObjectChange>();
  // Secondary indexes, as client-go's Indexers: controllers look objects up by owner or by label instead
  // of scanning a namespace, which at 10,000 Services would make every sync O(namespace).
  const byOwner = new Map<string, Map<string, KubeObject>>(); // "kind\0ns\0ownerUid" -> name -> object
  const byLabel = new Map<string, Map<string, KubeObject>>(); // "kind\0ns\0key=value" -> name -> object

  function indexKeys(object: KubeObject, namespace: string): { owner: string | undefined; labels: string[] } {
    const ref = object.metadata.ownerReferences?.find((r) => r.controller === true);
    return {
      owner: ref === undefined ? undefined : `${object.kind}\0${namespace}\0${ref.uid}`,
      labels: Object.entries(object.metadata.labels ?? {}).map(
        ([k, v]) => `${object.kind}\0${namespace}\0${k}=${v}`,
      ),
    };
  }

  function reindex(
    previous: KubeObject | undefined,
    next: KubeObject | undefined,
    namespace: string,
    name: string,
  ): void {
    if (previous !== undefined) {
      const keys = indexKeys(previous, namespace);
      if (keys.owner !== undefined) removeFrom(byOwner, keys.owner, name);
      for (const key of keys.labels) removeFrom(byLabel, key, name);
    }
    if (next !== undefined) {
      const keys = indexKeys(next, namespace);
      if (keys.owner !== undefined) addTo(byOwner, keys.owner, name, next);
      for (const key of keys.labels) addTo(byLabel, key, name, next);
    }
  }

  const namespacesOf = (kind: KubeKind): Map<string, Map<string, KubeObject>> => {
    let byNamespace = cache.get(kind);
    if (byNamespace === undefined) {
      byNamespace = new Map();
      cache.set(kind, byNamespace);
    }
    return byNamespace;
  };

  const subscription = events$.pipe(lagBy(watchDelayMs, scheduler)).subscribe(({ event }) => {
    let kind: KubeKind;
    let namespace: string;
    let name: string;
    let object: KubeObject | undefined;
    if (event.type === 'object/created' || event.type === 'object/updated') {
      object = event.object;
      kind = object.kind;
      namespace = KIND_NAMESPACED[kind] ? (object.metadata.namespace ?? '') : '';
      name = object.metadata.name ?? '';
    } else if (event.type === 'object/deleted') {
      ({ kind, namespace, name } = event);
      object = undefined;
    } else {
      return;
    }
    const byNamespace = namespacesOf(kind);
    let byName = byNamespace.get(namespace);
    const previous = byName?.get(name);
    if (object === undefined) {
      byName?.delete(name);
      if (byName?.size === 0) byNamespace.delete(namespace);
    } else {
      if (byName === undefined) {
        byName = new Map();
        byNamespace.set(namespace, byName);
      }
      byName.set(name, object);
    }
    reindex(previous, object, namespace, name);
    changes.next({ kind, namespace, name, object, previous });
  });

  return {
    get<K extends KubeKind>(kind: K, namespace: string, name: string) {
      return cache
        .get(kind)
        ?.get(KIND_NAMESPACED[kind] ? namespace : '')
        ?.get(name) as KubeObjectOfKind<K> | undefined;
    },
    *list<K extends KubeKind>(kind: K, namespace?: string): Iterable<KubeObjectOfKind<K>> {
      const byNamespace = cache.get(kind);
      if (byNamespace === undefined) return;
      if (namespace !== undefined) {
        yield* (byNamespace.get(namespace)?.values() ?? []) as Iterable<KubeObjectOfKind<K>>;
        return;
      }
      for (const byName of byNamespace.values()) yield* byName.values() as Iterable<KubeObjectOfKind<K>>;
    },
    ownedBy<K extends KubeKind>(kind: K, namespace: string, ownerUid: string) {
      return (byOwner.get(`${kind}\0${namespace}\0${ownerUid}`)?.values() ?? []) as Iterable<
        KubeObjectOfKind<K>
      >;
    },
    withLabel<K extends KubeKind>(kind: K, namespace: string, key: string, value: string) {
      return (byLabel.get(`${kind}\0${namespace}\0${key}=${value}`)?.values() ?? []) as Iterable<
        KubeObjectOfKind<K>
      >;
    },
    changes$: changes.asObservable(),
    subscription,
  };
}

function addTo(
  index: Map<string, Map<string, KubeObject>>,
  key: string,
  name: string,
  object: KubeObject,
): void {
  let entries = index.get(key);
  if (entries === undefined) {
    entries = new Map();
    index.set(key, entries);
  }
  entries.set(name, object);
}

function removeFrom(index: Map<string, Map<string, KubeObject>>, key: string, name: string): void {
  const entries = index.get(key);
  if (entries === undefined) return;
  entries.delete(name);
  if (entries.size === 0) index.delete(key);
}
