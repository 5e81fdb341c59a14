import { formatSimTime, type LogEntry, type SimEvent, type SimTime } from '@svcsim/core';
import {
  REQUEST_FAILURES,
  formatCount,
  formatRatio,
  type OutcomeCounts,
  type OutcomeWindow,
  type RequestFailure,
} from '@svcsim/scenarios';

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
        // A host name that did not resolve sent no packet: counted with the other unsent opens.
        countsAt(at)[event.failure === 'unresolved' ? 'unsent' : event.failure]++;
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

/** Column headers of renderTrafficWindows' failure columns, in REQUEST_FAILURES order. */
const FAILURE_HEADERS: Readonly<Record<RequestFailure, string>> = {
  refused: 'REFUSED',
  timedOut: 'TIMED-OUT',
  reset: 'RESET',
  unresolved: 'UNRESOLVED',
  unsent: 'UNSENT',
  notOpen: 'NOT-OPEN',
};

/**
 * One traffic entry's requests window by window (as runScenario counted them, by the instant each
 * request was made), then a total row: how many were made, how many succeeded (OK), a column for each
 * way some of them failed (only the ways that occurred, so a clean run shows none), and the share
 * that succeeded (`-` for a window with no requests).
 */
export function renderTrafficWindows(windows: readonly OutcomeWindow[], total: OutcomeCounts): string {
  const failures = REQUEST_FAILURES.filter((failure) => total.failed[failure] > 0);
  const row = (label: string, counts: OutcomeCounts): string[] => [
    label,
    formatCount(counts.requests),
    formatCount(counts.succeeded),
    ...failures.map((failure) => formatCount(counts.failed[failure])),
    counts.requests === 0 ? '-' : formatRatio(counts.succeeded, counts.requests),
  ];
  const rows = windows.map((window) =>
    row(`${formatSimTime(window.startMs)}-${formatSimTime(window.endMs)}`, window),
  );
  rows.push(row('total', total));
  const headers = ['WINDOW', 'REQUESTS', 'OK', ...failures.map((f) => FAILURE_HEADERS[f]), 'SUCCESS'];
  return renderTable(headers, rows);
}
