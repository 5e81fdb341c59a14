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
  // Hash.update per token is slow (a native call each); gather the text and hash it in large chunks.
  const writer = new CanonicalWriter((chunk) => hash.update(chunk, 'utf8'));
  writer.write(value);
  writer.flush();
  return hash.digest('hex');
}

/** The canonical byte form of a value as a string, for tests and for sorting Map/Set members. */
export function canonicalString(value: unknown): string {
  let text = '';
  const writer = new CanonicalWriter((chunk) => (text += chunk));
  writer.write(value);
  writer.flush();
  return text;
}

/**
 * Writes the canonical form of a value as text, passing it on in chunks. The path of the value being
 * written (for the error a non-plain value gets) is kept as a stack of keys and indexes and only turned
 * into text for that error: digests run over whole scenarios, and a path string per value was a third of
 * their cost.
 */
class CanonicalWriter {
  private text = '';
  private readonly path: (string | number)[] = [];

  constructor(private readonly sink: (chunk: string) => unknown) {}

  flush(): void {
    if (this.text !== '') this.sink(this.text);
    this.text = '';
  }

  write(value: unknown): void {
    switch (typeof value) {
      case 'string':
        this.put(`s${value.length}:${value}`);
        return;
      case 'number':
        if (!Number.isFinite(value))
          throw new TypeError(`canonicalDigest: ${this.where()} is ${value}, which is not plain data`);
        // String(n) is the shortest round-trip form in every JS engine; -0 and 0 are the same value here.
        this.put(`n${Object.is(value, -0) ? '0' : String(value)};`);
        return;
      case 'boolean':
        this.put(value ? 'T' : 'F');
        return;
      case 'bigint':
        this.put(`I${value.toString()};`);
        return;
      case 'object':
        break;
      default:
        throw new TypeError(`canonicalDigest: ${this.where()} is ${typeof value}, which is not plain data`);
    }
    if (value === null) this.put('N');
    else if (Array.isArray(value)) this.writeArray(value);
    else if (value instanceof Uint8Array)
      this.put(
        `b${value.length}:${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`,
      );
    else if (value instanceof Map) this.writeMap(value as Map<unknown, unknown>);
    else if (value instanceof Set) {
      const members = [...(value as Set<unknown>)].map((m) => canonicalString(m)).sort(compareCodeUnits);
      this.put(`S${members.length}:${members.join('')}}`);
    } else this.writeRecord(value);
  }

  private put(chunk: string): void {
    this.text += chunk;
    if (this.text.length > 65_536) this.flush();
  }

  private writeArray(array: readonly unknown[]): void {
    this.put(`[${array.length}:`);
    const depth = this.path.length;
    for (let i = 0; i < array.length; i++) {
      this.path[depth] = i;
      this.write(array[i]);
    }
    this.path.length = depth;
    this.put(']');
  }

  private writeMap(map: Map<unknown, unknown>): void {
    const entries = [...map].map(([k, v]) => [canonicalString(k), v, k] as const);
    entries.sort((a, b) => compareCodeUnits(a[0], b[0]));
    this.put(`M${entries.length}:`);
    const depth = this.path.length;
    for (const [key, v, k] of entries) {
      this.put(key);
      this.path[depth] = `.get(${String(k)})`;
      this.write(v);
    }
    this.path.length = depth;
    this.put('}');
  }

  private writeRecord(value: object): void {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new TypeError(
        `canonicalDigest: ${this.where()} is a ${describeClass(value)}, which is not plain data`,
      );
    }
    const record = value as Record<string, unknown>;
    // The default sort orders strings by UTF-16 code units, as compareCodeUnits does, without a call per comparison.
    const keys = Object.keys(record).sort();
    this.put(`{${keys.length}:`);
    const depth = this.path.length;
    for (const key of keys) {
      const v = record[key];
      this.path[depth] = `.${key}`;
      if (v === undefined) {
        // State and events never hold undefined (it does not survive msgpack); a key holding it is a bug.
        throw new TypeError(
          `canonicalDigest: ${this.where()} is undefined; plain data omits the key instead`,
        );
      }
      this.put(`s${key.length}:${key}`);
      this.write(v);
    }
    this.path.length = depth;
    this.put('}');
  }

  /** The path of the value being written, as `$.inputs[3].event` (a Map member as `.get(key)`). */
  private where(): string {
    return `$${this.path.map((segment) => (typeof segment === 'number' ? `[${segment}]` : segment)).join('')}`;
  }
}

function describeClass(value: object): string {
  const ctor = (value as { constructor?: { name?: string } }).constructor;
  return ctor?.name ?? 'non-plain object';
}

/** Orders strings by UTF-16 code units, the same on every machine and locale. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
