import { EventLogError } from '../../src/eventlog/EventLogError.js';

/** The EventLogError a read throws; fails the test if it throws something else or nothing. */
export function catchEventLogError(read: () => unknown): EventLogError {
  try {
    read();
  } catch (error) {
    if (error instanceof EventLogError) return error;
    throw error;
  }
  throw new Error('expected an EventLogError, but the log was read');
}
