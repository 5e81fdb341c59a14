import type { SimTime } from './SimTime.js';

/** One timer in a TimerHeap; `heapIndex` is -1 once the entry has been popped or removed. */
export interface TimerEntry<T> {
  readonly at: SimTime;
  /** Insertion sequence, unique per heap: breaks ties between timers due at the same instant. */
  readonly seq: number;
  readonly value: T;
  readonly heapIndex: number;
}

// A class rather than object literals so every entry has the same hidden class and the sift loops
// stay monomorphic; the heap writes heapIndex, callers only read it.
class Entry<T> implements TimerEntry<T> {
  constructor(
    readonly at: SimTime,
    readonly seq: number,
    readonly value: T,
    public heapIndex: number,
  ) {}
}

function before<T>(a: Entry<T>, b: Entry<T>): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

/**
 * An indexed binary min-heap ordered by (at, insertion sequence). Every entry records its own
 * position, so removal is O(log n) and a cancelled timer leaves nothing behind in the heap.
 */
export class TimerHeap<T> {
  private readonly entries: Entry<T>[] = [];
  private nextSeq = 0;

  /** Number of entries in the heap. */
  get size(): number {
    return this.entries.length;
  }

  /** Adds a timer due at `at`; its sequence number is one more than the previous push's. */
  push(at: SimTime, value: T): TimerEntry<T> {
    const entry = new Entry(at, this.nextSeq++, value, this.entries.length);
    this.entries.push(entry);
    this.siftUp(entry, entry.heapIndex);
    return entry;
  }

  /** The earliest entry (lowest (at, seq)) without removing it. */
  peek(): TimerEntry<T> | undefined {
    return this.entries[0];
  }

  /** Removes and returns the earliest entry. */
  pop(): TimerEntry<T> | undefined {
    const top = this.entries[0];
    if (top === undefined) return undefined;
    this.removeAt(0);
    return top;
  }

  /** Removes `entry` if it is still in this heap; false if it was already popped, removed, or is foreign. */
  remove(entry: TimerEntry<T>): boolean {
    const index = entry.heapIndex;
    // The identity check rejects stale entries and entries of another heap at the same index.
    if (index < 0 || this.entries[index] !== entry) return false;
    this.removeAt(index);
    return true;
  }

  /** true while `entry` is pending in this heap. */
  has(entry: TimerEntry<T>): boolean {
    return entry.heapIndex >= 0 && this.entries[entry.heapIndex] === entry;
  }

  private removeAt(index: number): void {
    const entries = this.entries;
    const removed = entries[index] as Entry<T>;
    const last = entries.pop() as Entry<T>;
    removed.heapIndex = -1;
    if (last === removed) return;
    // The last entry fills the hole; it may belong above or below it, so try both directions.
    if (index > 0 && before(last, entries[(index - 1) >> 1] as Entry<T>)) {
      this.siftUp(last, index);
    } else {
      this.siftDown(last, index);
    }
  }

  // Both sifts move a hole instead of swapping, writing each displaced entry once.
  private siftUp(entry: Entry<T>, index: number): void {
    const entries = this.entries;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = entries[parentIndex] as Entry<T>;
      if (!before(entry, parent)) break;
      entries[index] = parent;
      parent.heapIndex = index;
      index = parentIndex;
    }
    entries[index] = entry;
    entry.heapIndex = index;
  }

  private siftDown(entry: Entry<T>, index: number): void {
    const entries = this.entries;
    const length = entries.length;
    for (;;) {
      let childIndex = 2 * index + 1;
      if (childIndex >= length) break;
      let child = entries[childIndex] as Entry<T>;
      const rightIndex = childIndex + 1;
      if (rightIndex < length) {
        const right = entries[rightIndex] as Entry<T>;
        if (before(right, child)) {
          childIndex = rightIndex;
          child = right;
        }
      }
      if (!before(child, entry)) break;
      entries[index] = child;
      child.heapIndex = index;
      index = childIndex;
    }
    entries[index] = entry;
    entry.heapIndex = index;
  }
}
