import { Subject, type Observable } from 'rxjs';

import type { LogEntry } from '../LogEntry.js';
import type { SimClock } from '../SimClock.js';
import type { SimEvent } from '../events/SimEvent.js';

/** Where events are committed: each gets the next seq and the current virtual time, then is published. */
export interface EventBus {
  /** Every committed entry, in seq order. Synchronous: subscribers run inside commit's drain loop. */
  readonly events$: Observable<LogEntry<SimEvent>>;
  /** Commits an event at clock.now() and returns its entry. */
  commit(event: SimEvent): LogEntry<SimEvent>;
  /** Every entry committed so far. */
  readonly entries: readonly LogEntry<SimEvent>[];
}

/**
 * Creates the bus. A subscriber that commits while handling an entry does not get its event delivered
 * in the middle of that handling (a nested Subject.next would let later subscribers see the new event
 * before the one that caused it); entries wait in a FIFO and are delivered in seq order.
 */
export function createEventBus(clock: SimClock, onCommitted: (entry: LogEntry<SimEvent>) => void): EventBus {
  const subject = new Subject<LogEntry<SimEvent>>();
  const entries: LogEntry<SimEvent>[] = [];
  const queue: LogEntry<SimEvent>[] = [];
  let draining = false;

  function drain(): void {
    draining = true;
    try {
      for (let i = 0; i < queue.length; i++) subject.next(queue[i] as LogEntry<SimEvent>);
    } finally {
      queue.length = 0;
      draining = false;
    }
  }

  return {
    events$: subject.asObservable(),
    entries,
    commit(event) {
      const entry: LogEntry<SimEvent> = { seq: entries.length, at: clock.now(), event };
      entries.push(entry);
      onCommitted(entry);
      queue.push(entry);
      if (!draining) drain();
      return entry;
    },
  };
}
