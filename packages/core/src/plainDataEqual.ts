/**
 * Deep equality of plain data (objects, arrays, strings, numbers, booleans, null), ignoring key order:
 * the same notion of equal as canonicalDigest, without building the canonical text. The apiserver asks
 * it on every write (is this update a no-op?), so it must not allocate.
 */
export function plainDataEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!plainDataEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let count = 0;
  for (const key in x) {
    if (!Object.prototype.hasOwnProperty.call(x, key)) continue;
    count++;
    if (!Object.prototype.hasOwnProperty.call(y, key) || !plainDataEqual(x[key], y[key])) return false;
  }
  for (const key in y) if (Object.prototype.hasOwnProperty.call(y, key)) count--;
  return count === 0;
}

/**
 * plainDataEqual of two objects, leaving out some top-level keys (say, metadata and status). Like
 * plainDataEqual, it allocates nothing: it runs on every update the apiserver takes.
 */
export function plainDataEqualExcept(a: object, b: object, except: readonly string[]): boolean {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const key in x) {
    if (!Object.prototype.hasOwnProperty.call(x, key) || except.includes(key)) continue;
    if (!plainDataEqual(x[key], y[key])) return false;
  }
  // Then the keys only `b` has (those both have were compared above).
  for (const key in y) {
    if (!Object.prototype.hasOwnProperty.call(y, key) || except.includes(key)) continue;
    if (!Object.prototype.hasOwnProperty.call(x, key) && !plainDataEqual(x[key], y[key])) return false;
  }
  return true;
}
