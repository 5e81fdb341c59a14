import { describeEvent, formatSimTime, isInputEvent, type LogEntry, type SimEvent } from '@svcsim/core';

/**
 * Whether an entry belongs on a summary timeline: every input and refusal, objects appearing and going,
 * and the changes people watch (pods, slices, nodes, Services). Deployment, ReplicaSet and Endpoints
 * status churn is left to `--all`.
 */
export function isNotable(entry: LogEntry<SimEvent>): boolean {
  const { event } = entry;
  if (isInputEvent(event) || event.type === 'api/rejected' || event.type === 'object/deleted') return true;
  if (event.type === 'object/created') return event.object.kind !== 'Namespace';
  const kind = event.object.kind;
  return kind === 'Pod' || kind === 'EndpointSlice' || kind === 'Node' || kind === 'Service';
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
