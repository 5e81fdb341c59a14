import {
  describeEvent,
  formatSimTime,
  isInputEvent,
  type LogEntry,
  type SimEvent,
  type SimTime,
} from '@svcsim/core';

/**
 * Whether an entry belongs on a summary timeline: every input and refusal, objects appearing and going,
 * the changes people watch (pods, slices, nodes, Services), probe results that changed (why a pod turned
 * NotReady or restarted), and failed connections (a request on a
 * connection that never opened is left out: its failure was told already). Deployment,
 * ReplicaSet and Endpoints status churn, proxy syncs and successful connections are left to `--all`.
 */
export function isNotable(entry: LogEntry<SimEvent>): boolean {
  const { event } = entry;
  // Traffic inputs are many; the traffic table counts them, and only their failures are told here.
  if (event.type.startsWith('connection/')) {
    return (
      event.type === 'connection/failed' ||
      (event.type === 'connection/broken' && event.failure !== 'notOpen')
    );
  }
  if (
    isInputEvent(event) ||
    event.type === 'api/rejected' ||
    event.type === 'object/deleted' ||
    event.type === 'probe/resultChanged'
  )
    return true;
  if (event.type === 'object/created') return event.object.kind !== 'Namespace';
  if (event.type === 'object/updated') {
    const kind = event.object.kind;
    return kind === 'Pod' || kind === 'EndpointSlice' || kind === 'Node' || kind === 'Service';
  }
  // Proxy syncs are many; `--all` lists them.
  return false;
}

/**
 * What `svcsim run` puts on its timeline: what `isNotable` does, plus each kube-proxy sync that a
 * change or a (re)start caused, since when each node's rules caught up is what a scenario is about;
 * periodic syncs with nothing to do are left to `--all`.
 */
export function isNotableInRun(entry: LogEntry<SimEvent>): boolean {
  const { event } = entry;
  if (event.type === 'proxy/synced') return event.reason !== 'periodic';
  return isNotable(entry);
}

/** One line of a timeline: an instant, what kind of thing happened, and what happened. */
export interface TimelineRow {
  readonly at: SimTime;
  readonly type: string;
  readonly text: string;
}

/** An entry as a timeline row: its event type and describeEvent's line. */
export function timelineRowOf(entry: LogEntry<SimEvent>): TimelineRow {
  return { at: entry.at, type: entry.event.type, text: describeEvent(entry.event) };
}

/** One line per entry: the instant, the event type, and what happened, in log order. */
export function renderTimeline(entries: readonly LogEntry<SimEvent>[]): string {
  let text = '';
  writeTimeline(entries.map(timelineRowOf), (chunk) => (text += chunk));
  return text;
}

/** Lines written per `write` call: a run with millions of events never builds one giant string. */
const ROWS_PER_CHUNK = 10_000;

/**
 * Writes rows as renderTimeline prints entries, columns aligned over all of them, in chunks. Widths
 * are found with a loop, not `Math.max(...rows)`, which overflows the stack for a long run.
 */
export function writeTimeline(rows: readonly TimelineRow[], write: (chunk: string) => void): void {
  let typeWidth = 0;
  let timeWidth = 0;
  for (const row of rows) {
    typeWidth = Math.max(typeWidth, row.type.length);
    timeWidth = Math.max(timeWidth, formatSimTime(row.at).length);
  }
  for (let start = 0; start < rows.length; start += ROWS_PER_CHUNK) {
    write(
      rows
        .slice(start, start + ROWS_PER_CHUNK)
        .map(
          (row) =>
            `${formatSimTime(row.at).padStart(timeWidth)}  ${row.type.padEnd(typeWidth)}  ${row.text}\n`,
        )
        .join(''),
    );
  }
}
