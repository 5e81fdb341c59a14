import type { Pod } from '../../api/Pod.js';

/**
 * What a controller derived from each live pod, kept across syncs: objects are immutable, so the same pod
 * object with the same inputs (its node, the Service) gives the same answer, and a sync re-reads every pod
 * of its Service, most of them unchanged since the last sync. Only the latest pod object per uid is kept
 * (a pod's earlier versions stay in the log; remembering what was derived from each would grow with the
 * log), and the owner forgets a pod when it is deleted, so the cache holds about one entry per live pod.
 */
export class PodDerivationCache<V> {
  // Inputs as fixed fields rather than an array: at 100,000 pods every word per entry shows in the heap.
  private readonly byUid = new Map<string, Entry<V>>();

  /**
   * The value derived for this pod from up to three other inputs (compared by identity): remembered if
   * nothing changed, else `derive()`d now.
   */
  get(pod: Pod, a: unknown, b: unknown, c: unknown, derive: () => V): V {
    const uid = pod.metadata.uid;
    if (uid === undefined) return derive(); // only stored pods have uids; others are never seen again
    const entry = this.byUid.get(uid);
    if (entry !== undefined && entry.pod === pod && entry.a === a && entry.b === b && entry.c === c)
      return entry.value;
    const value = derive();
    this.byUid.set(uid, { pod, a, b, c, value });
    return value;
  }

  /** Forgets a pod (it was deleted). */
  forget(uid: string): void {
    this.byUid.delete(uid);
  }

  get size(): number {
    return this.byUid.size;
  }
}

interface Entry<V> {
  readonly pod: Pod;
  readonly a: unknown;
  readonly b: unknown;
  readonly c: unknown;
  readonly value: V;
}
