import { IntColumn } from './IntColumn.js';
import type { ProbeEventCode } from './ProbeEvent.js';

const FIELDS = 5;

/** The probe's event log: fixed five-integer records (instant, code, a, b, c) in one growable column. */
export class ProbeLog {
  private readonly records = new IntColumn(1 << 16);

  append(at: number, code: ProbeEventCode, a: number, b = 0, c = 0): void {
    const base = this.records.length;
    this.records.set(base + 4, c);
    this.records.set(base, at);
    this.records.set(base + 1, code);
    this.records.set(base + 2, a);
    this.records.set(base + 3, b);
  }

  get length(): number {
    return this.records.length / FIELDS;
  }

  get bytes(): number {
    return this.records.bytes;
  }

  at(index: number): number {
    return this.records.get(index * FIELDS);
  }

  code(index: number): number {
    return this.records.get(index * FIELDS + 1);
  }

  operand(index: number, which: 0 | 1 | 2): number {
    return this.records.get(index * FIELDS + 2 + which);
  }
}
