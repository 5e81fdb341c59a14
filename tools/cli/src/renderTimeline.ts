import { describeEvent, formatSimTime, isInputEvent, type LogEntry, type SimEvent } from '@svcsim/core';

/**
 * Whether an entry belongs on a summary timeline: every input and refusal, objects appearing and going,
 * the changes people watch (pods, slices, nodes, Services), and failed connections. Deployment,
 * ReplicaSet and Endpoints status churn, proxy syncs and successful connections are left to `--all`.
 */
export function isNotable(entry: LogEntry<SimEvent>): boolean {
  const { event } = entry;
  if (isInputEvent(event) || event.type === 'api/rejected' || event.type === 'object/deleted') return true;
  if (event.type === 'object/created') return event.object.kind !== 'Namespace';
  if (event.type === 'object/updated') {
    const kind = event.object.kind;
    return kind === 'Pod' || kind === 'EndpointSlice' || kind === 'Node' || kind === 'Service';
  }
  // Syncs and connection outcomes are many; traffic reports summarise them, `--all` lists them.
  return event.type === 'connection/failed' || event.type === 'connection/broken';
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
