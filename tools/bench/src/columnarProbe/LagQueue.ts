import { IntColumn, RECORD_FIELDS } from './IntColumn.js';

/**
 * What a watch delivers `delay` ms after the commit, in commit order: one FIFO per watch delay instead of
 * a timer per change. Commits come at non-decreasing instants and every entry waits the same delay, so
 * entries fall due in the order they were pushed, and no heap is needed. Each entry is the changed
 * object's state as committed (kind code, id and two state words), which is what an informer's cache
 * would hold for it.
 */
export class LagQueue {
  private readonly entries = new IntColumn(1 << 14);
  private head = 0;
  private lastDue = -Infinity;

  constructor(readonly delay: number) {}

  push(now: number, code: number, id: number, state = 0, detail = 0): void {
    const due = now + this.delay;
    if (due < this.lastDue)
      throw new RangeError(`LagQueue: a commit at ${now} came after one at ${this.lastDue - this.delay}`);
    this.lastDue = due;
    this.entries.pushRecord(due, code, id, state, detail);
  }

  /** The instant the next entry falls due, or Infinity when none is waiting. */
  nextDue(): number {
    return this.head < this.entries.length ? this.entries.get(this.head) : Infinity;
  }

  /**
   * Calls `deliver` for every entry due at or before `now`, in order (entries pushed meanwhile for later
   * instants wait).
   */
  drain(now: number, deliver: (code: number, id: number, state: number, detail: number) => void): void {
    while (this.head < this.entries.length && this.entries.get(this.head) <= now) {
      const base = this.head;
      this.head += RECORD_FIELDS;
      deliver(
        this.entries.get(base + 1),
        this.entries.get(base + 2),
        this.entries.get(base + 3),
        this.entries.get(base + 4),
      );
    }
    // Delivered entries are dropped once they are most of the column, so it stays the size of the backlog.
    if (this.head > 1 << 16 && this.head * 2 > this.entries.length) {
      this.entries.dropFront(this.head);
      this.head = 0;
    }
  }

  get bytes(): number {
    return this.entries.bytes;
  }
}
