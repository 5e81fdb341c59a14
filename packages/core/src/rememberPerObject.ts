/**
 * Wraps a pure function of an immutable object so that each object's answer is computed once and then
 * remembered for as long as the object lives (a WeakMap, so nothing is kept alive by the memory).
 * svcsim's objects are never changed after they are made, which is what makes this safe.
 */
export function rememberPerObject<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const remembered = new WeakMap<K, V>();
  return (key) => {
    const known = remembered.get(key);
    if (known !== undefined || remembered.has(key)) return known as V;
    const value = compute(key);
    remembered.set(key, value);
    return value;
  };
}
