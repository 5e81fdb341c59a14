import { Subject, type Observable, type Subscription } from 'rxjs';

/**
 * Routes values to one pipeline per key through a Map, so a value reaches only its own key's
 * pipeline. The alternative, one `filter(key === k)` subscription per key on a shared stream, costs
 * O(keys) per value and collapses at a thousand keys (reference/performance.md: 64k events/s).
 */
export interface KeyedRouter<K, V> {
  /** Delivers the value to the key's pipeline, building the pipeline on first use. */
  route(key: K, value: V): void;
  /** Completes and forgets the key's pipeline (for example when its object is deleted). */
  close(key: K): void;
  /** Completes every pipeline. */
  closeAll(): void;
  readonly size: number;
}

/** Creates a router whose per-key pipeline is built by `connect(key, values$)`. */
export function createKeyedRouter<K, V>(
  connect: (key: K, values$: Observable<V>) => Subscription,
): KeyedRouter<K, V> {
  const routes = new Map<K, { subject: Subject<V>; subscription: Subscription }>();
  return {
    route(key, value) {
      let route = routes.get(key);
      if (route === undefined) {
        const subject = new Subject<V>();
        route = { subject, subscription: connect(key, subject.asObservable()) };
        routes.set(key, route);
      }
      route.subject.next(value);
    },
    close(key) {
      const route = routes.get(key);
      if (route === undefined) return;
      routes.delete(key);
      route.subject.complete();
      route.subscription.unsubscribe();
    },
    closeAll() {
      for (const key of [...routes.keys()]) this.close(key);
    },
    get size() {
      return routes.size;
    },
  };
}
