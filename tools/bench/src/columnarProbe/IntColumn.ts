import type { IntField } from './RowTable.js';

/** Values in one record of pushRecord. */
export const RECORD_FIELDS = 5;

/** Writes one five-value record at `base` (the probe's events and watch entries share this layout). */
export function writeRecord(
  data: Int32Array,
  base: number,
  a: number,
  b: number,
  c: number,
  d: number,
  e: number,
): void {
  data[base] = a;
  data[base + 1] = b;
  data[base + 2] = c;
  data[base + 3] = d;
  data[base + 4] = e;
}

/**
 * A growable column of 32-bit integers: a typed array that doubles when full, indexed by interned id,
 * so an object's fields are integers in typed arrays rather than a graph of objects
 * (reference/performance.md: 100k endpoints are 1.5 MiB as columns, 32 MiB as objects). Per-pod and
 * per-Service fields are rows of a RowTable instead, since they are visited one id at a time.
 */
export class IntColumn implements IntField {
  private data: Int32Array;
  private size = 0;

  constructor(capacity = 1024) {
    this.data = new Int32Array(Math.max(1, capacity));
  }

  get length(): number {
    return this.size;
  }

  /** Bytes held, used or not. */
  get bytes(): number {
    return this.data.byteLength;
  }

  get(index: number): number {
    return this.data[index] ?? 0;
  }

  set(index: number, value: number): void {
    if (index >= this.size) this.extendTo(index + 1);
    this.data[index] = value;
  }

  /** Drops the first `count` values, moving the rest down (a consumed queue's head). */
  dropFront(count: number): void {
    this.data.copyWithin(0, count, this.size);
    this.size -= count;
  }

  /** Appends one five-value record (the probe's events and watch entries), growing at most once. */
  pushRecord(a: number, b: number, c: number, d: number, e: number): void {
    const base = this.size;
    this.extendTo(base + RECORD_FIELDS);
    writeRecord(this.data, base, a, b, c, d, e);
  }

  push(value: number): number {
    const index = this.size;
    this.set(index, value);
    return index;
  }

  private extendTo(size: number): void {
    if (size > this.data.length) {
      let capacity = this.data.length * 2;
      while (capacity < size) capacity *= 2;
      const grown = new Int32Array(capacity);
      grown.set(this.data);
      this.data = grown;
    }
    this.size = size;
  }
}
