import { createHash } from 'node:crypto';

/**
 * A SHA-256 hex digest of plain data that depends only on its content: object keys are visited in
 * sorted order, so two states built by different insertion orders digest the same. Maps and Sets are
 * digested by their sorted entries. Used for determinism checks and for scenario digests.
 *
 * Each value is written with a type tag and, for strings and containers, a length, so distinct values
 * can never produce the same byte stream ("ab"+"c" vs "a"+"bc", [1,[2]] vs [[1],2]).
 */
export function canonicalDigest(value: unknown): string {
  const hash = createHash('sha256');
  // Hash.update per token is slow (a native call each); gather tokens and hash them in large chunks.
  let pending: string[] = [];
  let pendingLength = 0;
  const sink: Sink = {
    update(chunk) {
      pending.push(chunk);
      pendingLength += chunk.length;
      if (pendingLength > 65_536) {
        hash.update(pending.join(''), 'utf8');
        pending = [];
        pendingLength = 0;
      }
    },
  };
  writeCanonical(sink, value, '$');
  hash.update(pending.join(''), 'utf8');
  return hash.digest('hex');
}

/** The canonical byte form of a value as a string, for tests and for sorting Map/Set members. */
export function canonicalString(value: unknown): string {
  const parts: string[] = [];
  writeCanonical({ update: (s: string) => parts.push(s) }, value, '$');
  return parts.join('');
}

interface Sink {
  update(chunk: string): unknown;
}

function writeCanonical(out: Sink, value: unknown, path: string): void {
  switch (typeof value) {
    case 'string':
      out.update(`s${value.length}:${value}`);
      return;
    case 'number':
      if (!Number.isFinite(value))
        throw new TypeError(`canonicalDigest: ${path} is ${value}, which is not plain data`);
      // String(n) is the shortest round-trip form in every JS engine; -0 and 0 are the same value here.
      out.update(`n${Object.is(value, -0) ? '0' : String(value)};`);
      return;
    case 'boolean':
      out.update(value ? 'T' : 'F');
      return;
    case 'bigint':
      out.update(`I${value.toString()};`);
      return;
    case 'object':
      break;
    default:
      throw new TypeError(`canonicalDigest: ${path} is ${typeof value}, which is not plain data`);
  }
  if (value === null) {
    out.update('N');
    return;
  }
  if (Array.isArray(value)) {
    out.update(`[${value.length}:`);
    for (let i = 0; i < value.length; i++) writeCanonical(out, value[i], `${path}[${i}]`);
    out.update(']');
    return;
  }
  if (value instanceof Uint8Array) {
    out.update(
      `b${value.length}:${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`,
    );
    return;
  }
  if (value instanceof Map) {
    const entries = [...(value as Map<unknown, unknown>)].map(
      ([k, v]) => [canonicalString(k), v, k] as const,
    );
    entries.sort((a, b) => compareCodeUnits(a[0], b[0]));
    out.update(`M${entries.length}:`);
    for (const [key, v, k] of entries) {
      out.update(key);
      writeCanonical(out, v, `${path}.get(${String(k)})`);
    }
    out.update('}');
    return;
  }
  if (value instanceof Set) {
    const members = [...(value as Set<unknown>)].map((m) => canonicalString(m)).sort(compareCodeUnits);
    out.update(`S${members.length}:${members.join('')}}`);
    return;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new TypeError(`canonicalDigest: ${path} is a ${describeClass(value)}, which is not plain data`);
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort(compareCodeUnits);
  out.update(`{${keys.length}:`);
  for (const key of keys) {
    const v = record[key];
    if (v === undefined) {
      // State and events never hold undefined (it does not survive msgpack); a key holding it is a bug.
      throw new TypeError(`canonicalDigest: ${path}.${key} is undefined; plain data omits the key instead`);
    }
    out.update(`s${key.length}:${key}`);
    writeCanonical(out, v, `${path}.${key}`);
  }
  out.update('}');
}

function describeClass(value: object): string {
  const ctor = (value as { constructor?: { name?: string } }).constructor;
  return ctor?.name ?? 'non-plain object';
}

/** Orders strings by UTF-16 code units, the same on every machine and locale. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
