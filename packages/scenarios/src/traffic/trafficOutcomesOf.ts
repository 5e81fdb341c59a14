import type { LogEntry, SimEvent, SimTime } from '@svcsim/core';

import type { RequestOutcome } from './RequestOutcome.js';
import { parseTrafficConnectionId } from './trafficConnectionId.js';

/**
 * Groups a log's request outcomes by traffic name, from the connection ids traffic uses (see
 * trafficConnectionId): a `<name>#<n>` request's outcome is its connection's `connection/established`
 * or `connection/failed`; a `<name>#keepalive` request's is the `connection/served` or
 * `connection/broken` answering its `connection/used` (a reconnect's own established or failed is
 * not a request). Each traffic's outcomes are in the order the requests were made; traffic names are
 * in order of their first request. Connections of other ids are ignored, so a log of hand-written
 * inputs gives an empty map.
 */
export function trafficOutcomesOf(entries: Iterable<LogEntry<SimEvent>>): Map<string, RequestOutcome[]> {
  const outcomes = new Map<string, RequestOutcome[]>();
  const openedAt = new Map<string, SimTime>();
  // Requests waiting for their answer. The data plane answers each at once, so a queue holds at most
  // one; it is a queue so that an answer is never paired with the wrong request if that ever changes.
  const waiting = new Map<string, SimTime[]>();
  const record = (traffic: string, outcome: RequestOutcome): void => {
    let list = outcomes.get(traffic);
    if (list === undefined) {
      list = [];
      outcomes.set(traffic, list);
    }
    list.push(outcome);
  };

  for (const { at, event } of entries) {
    if (!event.type.startsWith('connection/')) continue;
    switch (event.type) {
      case 'connection/opened':
      case 'connection/established':
      case 'connection/failed': {
        const parsed = parseTrafficConnectionId(event.id);
        if (parsed === undefined || parsed.request === 'keepalive') break;
        const connectionId = event.id;
        if (event.type === 'connection/opened') {
          openedAt.set(connectionId, at);
          break;
        }
        const madeAt = openedAt.get(connectionId) ?? at;
        openedAt.delete(connectionId);
        record(
          parsed.traffic,
          event.type === 'connection/established'
            ? { at: madeAt, connectionId, ok: true, peer: event.peer }
            : { at: madeAt, connectionId, ok: false, failure: event.failure, reason: event.reason },
        );
        break;
      }
      case 'connection/used':
      case 'connection/served':
      case 'connection/broken': {
        const parsed = parseTrafficConnectionId(event.id);
        if (parsed?.request !== 'keepalive') break;
        const connectionId = event.id;
        let queue = waiting.get(connectionId);
        if (event.type === 'connection/used') {
          if (queue === undefined) {
            queue = [];
            waiting.set(connectionId, queue);
          }
          queue.push(at);
          break;
        }
        // A break with no request waiting answers a close (of a connection already gone): not a request.
        const madeAt = queue?.shift();
        if (madeAt === undefined) break;
        record(
          parsed.traffic,
          event.type === 'connection/served'
            ? { at: madeAt, connectionId, ok: true, peer: event.peer }
            : { at: madeAt, connectionId, ok: false, failure: event.failure, reason: event.reason },
        );
        break;
      }
      default:
        break;
    }
  }
  return outcomes;
}
