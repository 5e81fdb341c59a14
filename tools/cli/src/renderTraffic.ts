import { formatSimTime, type LogEntry, type SimEvent, type SimTime } from '@svcsim/core';

import { renderTable } from './renderTable.js';

interface WindowCounts {
  opened: number;
  established: number;
  refused: number;
  timedOut: number;
  unsent: number;
  requests: number;
  served: number;
  reset: number;
  noAnswer: number;
  notOpen: number;
}

function emptyCounts(): WindowCounts {
  return {
    opened: 0,
    established: 0,
    refused: 0,
    timedOut: 0,
    unsent: 0,
    requests: 0,
    served: 0,
    reset: 0,
    noAnswer: 0,
    notOpen: 0,
  };
}

/**
 * What clients experienced, window by window: new connections (established, refused, timed out) and
 * requests on them (served, reset, no answer, or sent on a connection that was not open), counted from the log's connection
 * events by the instant they happened. Windows with no traffic are left out.
 */
export function renderTraffic(entries: readonly LogEntry<SimEvent>[], windowMs: SimTime): string {
  const windows = new Map<number, WindowCounts>();
  const countsAt = (at: SimTime): WindowCounts => {
    const start = Math.floor(at / windowMs) * windowMs;
    let counts = windows.get(start);
    if (counts === undefined) {
      counts = emptyCounts();
      windows.set(start, counts);
    }
    return counts;
  };
  for (const { at, event } of entries) {
    switch (event.type) {
      case 'connection/opened':
        countsAt(at).opened++;
        break;
      case 'connection/established':
        countsAt(at).established++;
        break;
      case 'connection/failed':
        countsAt(at)[event.failure]++;
        break;
      case 'connection/used':
        countsAt(at).requests++;
        break;
      case 'connection/served':
        countsAt(at).served++;
        break;
      case 'connection/broken':
        // A re-routed UDP flow that is refused counts as reset: either way the peer said no.
        if (event.failure === 'reset' || event.failure === 'refused') countsAt(at).reset++;
        else if (event.failure === 'timedOut') countsAt(at).noAnswer++;
        else countsAt(at).notOpen++;
        break;
      default:
        break;
    }
  }
  if (windows.size === 0) return 'No traffic\n';
  const rows = [...windows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([start, c]) =>
      [
        `${formatSimTime(start)}-${formatSimTime(start + windowMs)}`,
        ...[c.opened, c.established, c.refused, c.timedOut, c.unsent],
        ...[c.requests, c.served, c.reset, c.noAnswer, c.notOpen],
      ].map(String),
    );
  const headers = ['WINDOW', 'NEW', 'ESTABLISHED', 'REFUSED', 'TIMED-OUT', 'UNSENT'];
  headers.push('REQUESTS', 'SERVED', 'RESET', 'NO-ANSWER', 'NOT-OPEN');
  return (
    renderTable(headers, rows) +
    'NEW: connections opened (each ESTABLISHED, REFUSED, TIMED-OUT or UNSENT); REQUESTS: requests on them ' +
    '(each SERVED, RESET, NO-ANSWER, or NOT-OPEN when its connection had failed, broken or closed before)\n'
  );
}
