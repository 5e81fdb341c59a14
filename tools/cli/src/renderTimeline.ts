import { describeEvent, formatSimTime, isInputEvent, type LogEntry, type SimEvent } from '@svcsim/core';

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

/** One line per entry: the instant, the event type, and what happened, in log order. */
export function renderTimeline(entries: readonly LogEntry<SimEvent>[]): string {
  const typeWidth = Math.max(0, ...entries.map((e) => e.event.type.length));
  const timeWidth = Math.max(0, ...entries.map((e) => formatSimTime(e.at).length));
  return entries
    .map(
      (e) =>
        `${formatSimTime(e.at).padStart(timeWidth)}  ${e.event.type.padEnd(typeWidth)}  ${describeEvent(e.event)}\n`,
    )
    .join('');
}
