import { describeEvent, formatSimTime, type LogEntry, type SimEvent } from '@svcsim/core';

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
