import type { Unpackr } from 'msgpackr';

import type { LogEntry } from '../LogEntry.js';
import type { DecodedSegment } from './compact/decodeCompactSegment.js';
import type { EventLogError } from './EventLogError.js';

/**
 * Decodes a version 1 segment payload (a msgpack array `[seqΔ, atΔ, event, …]`, read with the header's
 * structure table), checking each entry as decodeCompactSegment does; `malformed` builds the error for a
 * problem, which the caller names by segment.
 */
export function decodeMsgpackSegment<E>(
  unpackr: Unpackr,
  payload: Uint8Array,
  count: number,
  previousSeq: number,
  previousAt: number,
  select: ((type: string) => boolean) | undefined,
  malformed: (problem: string) => EventLogError,
): DecodedSegment<E> {
  let values: unknown;
  try {
    values = unpackr.unpack(payload);
  } catch (error) {
    throw malformed(`the payload is not valid msgpack (${String(error)})`);
  }
  if (!Array.isArray(values) || values.length !== count * 3) {
    const found = Array.isArray(values) ? `${values.length} values` : typeof values;
    throw malformed(`the payload holds ${found}, expected ${count * 3} values for ${count} entries`);
  }
  const entries: LogEntry<E>[] = [];
  let seq = previousSeq;
  let at = previousAt;
  for (let i = 0; i < count; i++) {
    const seqValue: unknown = values[3 * i];
    const atValue: unknown = values[3 * i + 1];
    const event: unknown = values[3 * i + 2];
    // Values are deltas from the previous entry of the segment; the first entry's are absolute.
    const nextSeq = typeof seqValue !== 'number' ? Number.NaN : i === 0 ? seqValue : seq + seqValue;
    const nextAt = typeof atValue !== 'number' ? Number.NaN : i === 0 ? atValue : at + atValue;
    const problem = describeEntryProblem(seq, at, nextSeq, nextAt, event);
    if (problem !== undefined) throw malformed(`entry ${i} is malformed (${problem})`);
    seq = nextSeq;
    at = nextAt;
    if (select === undefined || select((event as { type: string }).type))
      entries.push({ seq, at, event: event as E });
  }
  return { entries, lastSeq: seq, lastAt: at };
}

/** Why a decoded entry breaks the log's invariants, given the previous entry's seq and at. */
function describeEntryProblem(
  previousSeq: number,
  previousAt: number,
  seq: number,
  at: number,
  event: unknown,
): string | undefined {
  if (!Number.isSafeInteger(seq)) return 'seq is not a safe integer';
  if (seq <= previousSeq)
    return previousSeq < 0 ? `seq ${seq} is negative` : `seq ${seq} does not follow ${previousSeq}`;
  if (!Number.isSafeInteger(at)) return 'at is not a safe integer';
  if (at < previousAt)
    return at < 0 ? `at ${at} is negative` : `at ${at} is before the previous entry's at ${previousAt}`;
  if (typeof event !== 'object' || event === null || Array.isArray(event))
    return 'the event is not an object';
  if (typeof (event as { type?: unknown }).type !== 'string') return 'the event has no string type';
  return undefined;
}
