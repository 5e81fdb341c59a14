import { describe, expect, it } from 'vitest';

import {
  renderFigureRow,
  renderFiguresJson,
  renderSummaryJson,
  renderSummaryRow,
} from '../src/renderFigures.js';

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

describe('bench output of repeated runs', () => {
  const summarised = {
    name: 'cluster.buildSeconds',
    unit: 's',
    current: { median: 40.25, min: 35, max: 51, values: [35, 40.25, 51] },
    baseline: { median: 52, min: 49, max: 70, values: [49, 70, 52] },
    ratio: { median: 0.774, min: 0.714, max: 0.98, values: [0.714, 0.575, 0.98] },
  };

  it('prints a row with the median and range of each side and of the pair ratios', () => {
    expect(renderSummaryRow(summarised)).toMatch(
      /^cluster\.buildSeconds +s +40\.3 \(35\.0-51\.0\) +baseline 52\.0 \(49\.0-70\.0\) +ratio 0\.774 \(0\.714-0\.980\)$/,
    );
    expect(
      renderSummaryRow({ name: 'a.b', unit: 's', current: { median: 2, min: 2, max: 2, values: [2] } }),
    ).toMatch(/^a\.b +s +2\.00$/);
  });

  it('prints --json with the median as value, then range, values, baseline and ratio', () => {
    const [figure] = JSON.parse(renderSummaryJson([summarised])) as Record<string, unknown>[];
    expect(figure).toEqual({
      name: 'cluster.buildSeconds',
      value: 40.25,
      min: 35,
      max: 51,
      values: [35, 40.25, 51],
      unit: 's',
      baseline: { value: 52, min: 49, max: 70, values: [49, 70, 52] },
      ratio: { value: 0.774, min: 0.714, max: 0.98, values: [0.714, 0.575, 0.98] },
    });
  });
});
