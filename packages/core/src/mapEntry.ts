/** What mapEntry needs of a map: a Map, or a WeakMap keyed by objects. */
interface EntryMap<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
}

/**
 * The value under `key`, first putting `make()` there if the map has none: the nested indexes (namespace
 * -> key -> value -> ...) and per-object memories are built of these steps.
 */
export function mapEntry<K, V>(map: EntryMap<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

/** A `make` for mapEntry that gives an empty Map, without a closure per call. */
export function emptyMap<K, V>(): Map<K, V> {
  return new Map<K, V>();
}
