/**
 * The value under `key`, first putting `make()` there if the map has none: the nested indexes (namespace
 * -> key -> value -> ...) are built of these steps.
 */
export function mapEntry<K, V>(map: Map<K, V>, key: K, make: () => V): V {
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
