import { IntColumn, RECORD_FIELDS } from './IntColumn.js';
import type { ProbeEventCode } from './ProbeEvent.js';

/** The probe's event log: fixed five-integer records (instant, code, a, b, c) in one growable column. */
export class ProbeLog {
  private readonly records = new IntColumn(1 << 16);

  append(at: number, code: ProbeEventCode, a: number, b = 0, c = 0): void {
    this.records.pushRecord(at, code, a, b, c);
  }

  get length(): number {
    return this.records.length / RECORD_FIELDS;
  }

  get bytes(): number {
    return this.records.bytes;
  }

  at(index: number): number {
    return this.records.get(index * RECORD_FIELDS);
  }

  code(index: number): number {
    return this.records.get(index * RECORD_FIELDS + 1);
  }

  operand(index: number, which: 0 | 1 | 2): number {
    return this.records.get(index * RECORD_FIELDS + 2 + which);
  }
}
