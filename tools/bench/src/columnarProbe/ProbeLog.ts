import { RECORD_FIELDS, writeRecord } from './IntColumn.js';
import type { ProbeEventCode } from './ProbeEvent.js';

/** Records per segment: 16,384 five-integer records, 320 KiB. */
const SEGMENT_SHIFT = 14;
const SEGMENT_RECORDS = 1 << SEGMENT_SHIFT;
const SEGMENT_WORDS = SEGMENT_RECORDS * RECORD_FIELDS;

/**
 * The probe's event log: fixed five-integer records (instant, code, a, b, c) in segments of a fixed
 * size. A log only grows, so it is never copied: a full segment is kept as it is and a new one begun.
 * (One growable array would double as it fills, and each doubling copies the whole log and zero-fills
 * twice its size: at the churn's log size, tens of megabytes at once, several per cent of the churn.)
 */
export class ProbeLog {
  private readonly segments: Int32Array[] = [];
  private current = new Int32Array(SEGMENT_WORDS);
  private used = 0;

  constructor() {
    this.segments.push(this.current);
  }

  append(at: number, code: ProbeEventCode, a: number, b = 0, c = 0): void {
    if (this.used === SEGMENT_WORDS) {
      this.current = new Int32Array(SEGMENT_WORDS);
      this.segments.push(this.current);
      this.used = 0;
    }
    writeRecord(this.current, this.used, at, code, a, b, c);
    this.used += RECORD_FIELDS;
  }

  get length(): number {
    return (this.segments.length - 1) * SEGMENT_RECORDS + this.used / RECORD_FIELDS;
  }

  get bytes(): number {
    return this.segments.length * SEGMENT_WORDS * Int32Array.BYTES_PER_ELEMENT;
  }

  at(index: number): number {
    return this.field(index, 0);
  }

  code(index: number): number {
    return this.field(index, 1);
  }

  operand(index: number, which: 0 | 1 | 2): number {
    return this.field(index, 2 + which);
  }

  private field(index: number, offset: number): number {
    if (index < 0 || index >= this.length) throw new RangeError(`the log has no record ${index}`);
    const segment = this.segments[index >>> SEGMENT_SHIFT] as Int32Array;
    return segment[(index & (SEGMENT_RECORDS - 1)) * RECORD_FIELDS + offset] as number;
  }
}
