/** Deeper nesting than this is a cycle or a bug; msgpack encoding and decoding recurse per level. */
export const MAX_PLAIN_DATA_DEPTH = 256;

/** `String.prototype.isWellFormed` (ES2024, in Node ≥ 20) is not in this project's ES2023 lib. */
interface WellFormedCheck {
  isWellFormed(): boolean;
}

/**
 * Says where and why a value is not plain data that survives the event log byte-for-byte, or returns
 * undefined when it is. The answer is a path relative to the value plus a reason, e.g.
 * `.pod.labels["__proto__"] is a key msgpackr renames on decode`.
 *
 * Plain data: null, booleans, finite numbers, well-formed strings, arrays and objects whose prototype
 * is Object.prototype or null. Each rule exists because msgpack would otherwise change the value
 * silently: lone surrogates become U+FFFD in UTF-8, `__proto__` keys are renamed by msgpackr, Maps,
 * Dates and class instances come back as something else, functions and holes become undefined.
 * NaN and ±Infinity would survive msgpack but not the determinism digest, so they are refused here
 * rather than at the end of a run. -0 is accepted and reads back as 0 (as in JSON).
 */
export function findNonPlainData(value: unknown): string | undefined {
  return check(value, 0);
}

function check(value: unknown, depth: number): string | undefined {
  switch (typeof value) {
    case 'boolean':
      return undefined;
    case 'string':
      return (value as unknown as WellFormedCheck).isWellFormed()
        ? undefined
        : ` is a string with a lone UTF-16 surrogate, which UTF-8 cannot store`;
    case 'number':
      return Number.isFinite(value) ? undefined : ` is ${value}, which is not plain data`;
    case 'object':
      break;
    default:
      return ` is ${typeof value}, which is not plain data`;
  }
  if (value === null) return undefined;
  if (depth >= MAX_PLAIN_DATA_DEPTH)
    return ` is nested deeper than ${MAX_PLAIN_DATA_DEPTH} levels (a cycle?)`;
  const proto: unknown = Object.getPrototypeOf(value);
  if (Array.isArray(value)) {
    if (proto !== Array.prototype) return ` is an array subclass, which is not plain data`;
    for (let i = 0; i < value.length; i++) {
      // A hole reads as undefined, which is exactly how it would come back.
      const problem = check(value[i], depth + 1);
      if (problem !== undefined) return `[${i}]${problem}`;
    }
    return undefined;
  }
  if (proto !== Object.prototype && proto !== null) {
    const ctor = (value as { constructor?: { name?: unknown } }).constructor;
    const name = typeof ctor?.name === 'string' && ctor.name !== '' ? ctor.name : 'non-plain object';
    return ` is a ${name}, which is not plain data`;
  }
  const record = value as Record<string, unknown>;
  // for-in is how msgpackr walks objects too. With a prototype of Object.prototype or null it yields only
  // own keys (unless Object.prototype was polluted, which would only make this check stricter), so the
  // own-property test msgpackr adds is skipped here: it costs a third of this walk.
  for (const key in record) {
    if (key === '__proto__') return `${formatKey(key)} is a key msgpackr renames on decode`;
    if (!(key as unknown as WellFormedCheck).isWellFormed()) {
      return `${formatKey(key)} is a key with a lone UTF-16 surrogate, which UTF-8 cannot store`;
    }
    const problem = check(record[key], depth + 1);
    if (problem !== undefined) return `${formatKey(key)}${problem}`;
  }
  return undefined;
}

/** `.name` for identifiers, `["key"]` otherwise (and for `__proto__`, which `.` would make look like the accessor). */
function formatKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) && key !== '__proto__' ? `.${key}` : `[${JSON.stringify(key)}]`;
}
