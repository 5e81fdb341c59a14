import { formatSimTime, type LogEntry, type SimEvent, type SimTime } from '@svcsim/core';
import { formatCount, parseTrafficConnectionId } from '@svcsim/scenarios';

import { timelineRowOf, type TimelineRow } from './renderTimeline.js';

/** How many failed requests of one streak are shown before the rest are summed up. */
export const FAILURES_SHOWN_PER_STREAK = 3;

interface Streak {
  shown: number;
  hidden: number;
  firstHiddenAt: SimTime;
  lastHiddenAt: SimTime;
  readonly failures: Map<string, number>;
}

/**
 * The timeline `svcsim run` prints: the entries `isShown` picks, except that a traffic's failed
 * requests are told only at the start of each streak (its first FAILURES_SHOWN_PER_STREAK failures
 * since its last success); the rest of the streak becomes one line, printed when the streak ends (the
 * traffic's next success, or the end of the run): `curl: 27 more failed requests from 20.900s to
 * 21.300s (25 timedOut, 2 refused)`. A client that cannot reach anything for a minute would otherwise
 * fill the timeline with hundreds of lines saying the same thing. A keep-alive reconnect that fails
 * (its `connection/failed`) goes with the request it broke.
 */
export function collapseFailureStreaks(
  entries: readonly LogEntry<SimEvent>[],
  isShown: (entry: LogEntry<SimEvent>) => boolean,
): TimelineRow[] {
  const rows: TimelineRow[] = [];
  const streaks = new Map<string, Streak>();
  const streakOf = (traffic: string): Streak => {
    let streak = streaks.get(traffic);
    if (streak === undefined) {
      streak = { shown: 0, hidden: 0, firstHiddenAt: 0, lastHiddenAt: 0, failures: new Map() };
      streaks.set(traffic, streak);
    }
    return streak;
  };
  const end = (traffic: string, streak: Streak, at: SimTime): void => {
    streaks.delete(traffic);
    if (streak.hidden === 0) return;
    const failures = [...streak.failures.entries()]
      .sort(([a, m], [b, n]) => n - m || (a < b ? -1 : 1))
      .map(([failure, n]) => `${formatCount(n)} ${failure}`)
      .join(', ');
    rows.push({
      at,
      type: '...',
      text:
        `${traffic}: ${formatCount(streak.hidden)} more failed request${streak.hidden === 1 ? '' : 's'} ` +
        `from ${formatSimTime(streak.firstHiddenAt)} to ${formatSimTime(streak.lastHiddenAt)} (${failures})`,
    });
  };

  for (const entry of entries) {
    const request = requestOf(entry.event);
    if (request === undefined) {
      if (isShown(entry)) rows.push(timelineRowOf(entry));
      continue;
    }
    const streak = streaks.get(request.traffic);
    if (request.outcome === 'succeeded') {
      if (streak !== undefined) end(request.traffic, streak, entry.at);
      if (isShown(entry)) rows.push(timelineRowOf(entry));
      continue;
    }
    const current = streak ?? streakOf(request.traffic);
    if (current.shown < FAILURES_SHOWN_PER_STREAK) {
      if (request.outcome === 'failed') current.shown++;
      rows.push(timelineRowOf(entry));
      continue;
    }
    if (request.outcome === 'reconnectFailed') continue;
    if (current.hidden === 0) current.firstHiddenAt = entry.at;
    current.hidden++;
    current.lastHiddenAt = entry.at;
    current.failures.set(request.failure, (current.failures.get(request.failure) ?? 0) + 1);
  }
  const last = entries.at(-1)?.at ?? 0;
  for (const [traffic, streak] of [...streaks.entries()]) end(traffic, streak, last);
  return rows;
}

type RequestEvent =
  | { readonly traffic: string; readonly outcome: 'succeeded' }
  | { readonly traffic: string; readonly outcome: 'failed'; readonly failure: string }
  /** A keep-alive connection that could not be reopened: the request's own break follows. */
  | { readonly traffic: string; readonly outcome: 'reconnectFailed' };

/** What an event says about a traffic request (see trafficOutcomesOf); undefined when nothing. */
function requestOf(event: SimEvent): RequestEvent | undefined {
  switch (event.type) {
    case 'connection/established':
    case 'connection/failed': {
      const id = parseTrafficConnectionId(event.id);
      if (id === undefined) return undefined;
      if (id.request === 'keepalive') {
        // A keep-alive connection's (re)open is not a request; only its failure goes with one.
        return event.type === 'connection/failed'
          ? { traffic: id.traffic, outcome: 'reconnectFailed' }
          : undefined;
      }
      return event.type === 'connection/established'
        ? { traffic: id.traffic, outcome: 'succeeded' }
        : { traffic: id.traffic, outcome: 'failed', failure: event.failure };
    }
    case 'connection/served':
    case 'connection/broken': {
      const id = parseTrafficConnectionId(event.id);
      // A notOpen break answers a close, not a request (a keep-alive request reconnects instead).
      if (id?.request !== 'keepalive' || (event.type === 'connection/broken' && event.failure === 'notOpen'))
        return undefined;
      return event.type === 'connection/served'
        ? { traffic: id.traffic, outcome: 'succeeded' }
        : { traffic: id.traffic, outcome: 'failed', failure: event.failure };
    }
    default:
      return undefined;
  }
}
