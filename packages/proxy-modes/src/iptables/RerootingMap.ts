/** A version's contents: the one real Map, or the changes that turn the next version into this one. */
type Contents<K, V> =
  | { readonly kind: 'root'; readonly map: Map<K, V> }
  | {
      readonly kind: 'diff';
      /** Applied in order to `next`'s contents; `undefined` deletes the key. */
      readonly changes: readonly (readonly [K, V | undefined])[];
      readonly next: RerootingMap<K, V>;
    };

/**
 * An immutable map whose versions share one real Map (Baker's rerooting trick): the version last used
 * holds the Map, every other version holds the few changes that lead to its neighbour. Deriving a new
 * version from the current one costs only its changes, where copying a 10,000-entry Map would cost
 * milliseconds; reading an older version moves the Map back to it, at the cost of the changes in
 * between. So a sequence of syncs that each change a few Services costs what they change, and every
 * older version still reads correctly. Values must not be `undefined` (it marks a deletion).
 */
export class RerootingMap<K, V> implements ReadonlyMap<K, V> {
  private contents: Contents<K, V>;

  private constructor(
    contents: Contents<K, V>,
    readonly size: number,
  ) {
    this.contents = contents;
  }

  /** A map holding `entries`. */
  static of<K, V>(entries: Iterable<readonly [K, V]> = []): RerootingMap<K, V> {
    const map = new Map(entries);
    return new RerootingMap<K, V>({ kind: 'root', map }, map.size);
  }

  /** A new version with `changes` applied in order (`undefined` deletes); this version is unchanged. */
  with(changes: Iterable<readonly [K, V | undefined]>): RerootingMap<K, V> {
    const map = this.reroot();
    const undo: (readonly [K, V | undefined])[] = [];
    for (const [key, value] of changes) {
      undo.push([key, map.get(key)]);
      if (value === undefined) map.delete(key);
      else map.set(key, value);
    }
    const next = new RerootingMap<K, V>({ kind: 'root', map }, map.size);
    this.contents = { kind: 'diff', changes: undo.reverse(), next };
    return next;
  }

  get(key: K): V | undefined {
    return this.reroot().get(key);
  }

  has(key: K): boolean {
    return this.reroot().has(key);
  }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.reroot()) callback.call(thisArg, value, key, this);
  }

  entries(): MapIterator<[K, V]> {
    return this.reroot().entries();
  }

  keys(): MapIterator<K> {
    return this.reroot().keys();
  }

  values(): MapIterator<V> {
    return this.reroot().values();
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  /** Moves the real Map to this version: replays the changes from the current root, inverting each hop. */
  private reroot(): Map<K, V> {
    let contents = this.contents;
    if (contents.kind === 'root') return contents.map;
    // The versions from this one to the root's neighbour, each holding the changes to the next.
    const path: RerootingMap<K, V>[] = [];
    path.push(this);
    while (contents.kind === 'diff') {
      const next: RerootingMap<K, V> = contents.next;
      contents = next.contents;
      if (contents.kind === 'diff') path.push(next);
    }
    const map = contents.map;
    for (let i = path.length - 1; i >= 0; i--) {
      const from = path[i] as RerootingMap<K, V>;
      const contents = from.contents;
      if (contents.kind !== 'diff') throw new Error('RerootingMap: broken version chain');
      const undo: (readonly [K, V | undefined])[] = [];
      for (const [key, value] of contents.changes) {
        undo.push([key, map.get(key)]);
        if (value === undefined) map.delete(key);
        else map.set(key, value);
      }
      contents.next.contents = { kind: 'diff', changes: undo.reverse(), next: from };
      from.contents = { kind: 'root', map };
    }
    return map;
  }
}
