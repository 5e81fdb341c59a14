import { describe, expect, it } from 'vitest';

import { renderFigureRow, renderFiguresJson } from '../src/renderFigures.js';

const figures = [
  { name: 'log.bytesPerEvent', unit: 'bytes/event', value: 75.7, note: '7.2 MiB' },
  { name: 'log.replayEventsPerSec', unit: 'events/s', value: 428_901.4 },
];

describe('bench output', () => {
  it('prints --json as an array of { name, value, unit }, one entry per figure, in order', () => {
    const parsed: unknown = JSON.parse(renderFiguresJson(figures));
    expect(parsed).toEqual([
      { name: 'log.bytesPerEvent', value: 75.7, unit: 'bytes/event' },
      { name: 'log.replayEventsPerSec', value: 428_901.4, unit: 'events/s' },
    ]);
  });

  it('prints a readable row per figure: grouped large values, three digits for small ones, the note', () => {
    expect(renderFigureRow(figures[1] as (typeof figures)[number])).toMatch(
      /^log\.replayEventsPerSec\s+428,901 events\/s$/,
    );
    expect(renderFigureRow(figures[0] as (typeof figures)[number])).toMatch(
      /^log\.bytesPerEvent\s+75\.7 bytes\/event {2}\(7\.2 MiB\)$/,
    );
  });
});
