import { Subject, type Observable, type SchedulerLike, type Subscription } from 'rxjs';

import { KIND_NAMESPACED, type KubeKind, type KubeObject, type KubeObjectOfKind } from '../api/KubeObject.js';
import { lagBy } from '../engine/lagBy.js';
import type { LogEntry } from '../LogEntry.js';
import type { SimEvent } from '../events/SimEvent.js';
import { emptyMap, mapEntry } from '../mapEntry.js';

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

/**
 * What the informer holds for one kind in one namespace: the objects by name, and the secondary indexes
 * over them, as client-go's Indexers: controllers look objects up by owner or by label instead of scanning
 * a namespace, which at 10,000 Services would make every sync O(namespace). The indexes are nested maps
 * of the objects' own strings rather than maps keyed by joined text, so a change builds no key strings.
 */
interface NamespaceCache {
  readonly byName: Map<string, KubeObject>;
  /** Controller owner's uid -> name -> object. */
  readonly byOwner: Map<string, Map<string, KubeObject>>;
  /** Label key -> value -> name -> object. */
  readonly byLabel: Map<string, Map<string, Map<string, KubeObject>>>;
}

/** Starts an informer over the run's committed events. */
export function createInformer(
  events$: Observable<LogEntry<SimEvent>>,
  watchDelayMs: number,
  scheduler: SchedulerLike,
): Informer {
  const cache = new Map<KubeKind, Map<string, NamespaceCache>>();
  const changes = new Subject<ObjectChange>();

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
    const byNamespace = mapEntry(cache, kind, emptyMap<string, NamespaceCache>);
    const entry = byNamespace.get(namespace);
    const previous = entry?.byName.get(name);
    if (entry !== undefined && previous !== undefined) unindex(entry, previous, name);
    if (object === undefined) {
      entry?.byName.delete(name);
      // Every indexed object is in byName, so an empty namespace has empty indexes too.
      if (entry?.byName.size === 0) byNamespace.delete(namespace);
    } else {
      const filed = mapEntry(byNamespace, namespace, emptyNamespaceCache);
      filed.byName.set(name, object);
      index(filed, object, name);
    }
    changes.next({ kind, namespace, name, object, previous });
  });

  const namespaceCache = (kind: KubeKind, namespace: string): NamespaceCache | undefined =>
    cache.get(kind)?.get(KIND_NAMESPACED[kind] ? namespace : '');

  return {
    get<K extends KubeKind>(kind: K, namespace: string, name: string) {
      return namespaceCache(kind, namespace)?.byName.get(name) as KubeObjectOfKind<K> | undefined;
    },
    *list<K extends KubeKind>(kind: K, namespace?: string): Iterable<KubeObjectOfKind<K>> {
      const byNamespace = cache.get(kind);
      if (byNamespace === undefined) return;
      if (namespace !== undefined) {
        yield* (byNamespace.get(namespace)?.byName.values() ?? []) as Iterable<KubeObjectOfKind<K>>;
        return;
      }
      for (const entry of byNamespace.values()) yield* entry.byName.values() as Iterable<KubeObjectOfKind<K>>;
    },
    ownedBy<K extends KubeKind>(kind: K, namespace: string, ownerUid: string) {
      return (namespaceCache(kind, namespace)?.byOwner.get(ownerUid)?.values() ?? []) as Iterable<
        KubeObjectOfKind<K>
      >;
    },
    withLabel<K extends KubeKind>(kind: K, namespace: string, key: string, value: string) {
      return (namespaceCache(kind, namespace)?.byLabel.get(key)?.get(value)?.values() ?? []) as Iterable<
        KubeObjectOfKind<K>
      >;
    },
    changes$: changes.asObservable(),
    subscription,
  };
}

function emptyNamespaceCache(): NamespaceCache {
  return { byName: new Map(), byOwner: new Map(), byLabel: new Map() };
}

/** The uid of the object's controller owner, if it has one. */
function controllerUidOf(object: KubeObject): string | undefined {
  for (const ref of object.metadata.ownerReferences ?? []) if (ref.controller === true) return ref.uid;
  return undefined;
}

/** Files an object under its controller owner and each of its labels (at the end of each entry). */
function index(entry: NamespaceCache, object: KubeObject, name: string): void {
  const owner = controllerUidOf(object);
  if (owner !== undefined) addTo(entry.byOwner, owner, name, object);
  const labels = object.metadata.labels;
  for (const key in labels) {
    if (!Object.hasOwn(labels, key)) continue;
    addTo(
      mapEntry(entry.byLabel, key, emptyMap<string, Map<string, KubeObject>>),
      labels[key] ?? '',
      name,
      object,
    );
  }
}

/** Takes an object out of the entries index() filed it under. */
function unindex(entry: NamespaceCache, object: KubeObject, name: string): void {
  const owner = controllerUidOf(object);
  if (owner !== undefined) removeFrom(entry.byOwner, owner, name);
  const labels = object.metadata.labels;
  for (const key in labels) {
    if (!Object.hasOwn(labels, key)) continue;
    const byValue = entry.byLabel.get(key);
    if (byValue === undefined) continue;
    removeFrom(byValue, labels[key] ?? '', name);
    if (byValue.size === 0) entry.byLabel.delete(key);
  }
}

function addTo(
  index: Map<string, Map<string, KubeObject>>,
  key: string,
  name: string,
  object: KubeObject,
): void {
  mapEntry(index, key, emptyMap<string, KubeObject>).set(name, object);
}

function removeFrom(index: Map<string, Map<string, KubeObject>>, key: string, name: string): void {
  const entries = index.get(key);
  if (entries === undefined) return;
  entries.delete(name);
  if (entries.size === 0) index.delete(key);
}
