import { describe, expect, it } from 'vitest';

import type { Measurement } from '../src/measure.js';
import { spreadOf, summariseRuns } from '../src/summariseRuns.js';

const run = (build: number, churn: number): Measurement[] => [
  { name: 'cluster.buildSeconds', unit: 's', value: build },
  { name: 'cluster.churnEventsPerSec', unit: 'events/s', value: churn },
];

describe('summarising repeated bench runs', () => {
  it('gives the median (the mean of the middle two for an even count), the range and the values in run order', () => {
    expect(spreadOf([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, values: [3, 1, 2] });
    expect(spreadOf([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4, values: [4, 1, 3, 2] });
    expect(spreadOf([])).toBeUndefined();
  });

  it('summarises each figure of this checkout alone, in the order the runs report them', () => {
    const summary = summariseRuns([run(5, 100), run(7, 80), run(6, 120)]);
    expect(summary.map((figure) => figure.name)).toEqual([
      'cluster.buildSeconds',
      'cluster.churnEventsPerSec',
    ]);
    expect(summary[0]).toEqual({
      name: 'cluster.buildSeconds',
      unit: 's',
      current: { median: 6, min: 5, max: 7, values: [5, 7, 6] },
    });
  });

  it('takes the ratio within each pair, so a slow pair does not count against one side', () => {
    // The second pair ran on a machine twice as slow; within every pair this checkout is 20 % faster.
    const summary = summariseRuns(
      [run(8, 100), run(16, 50), run(8, 100)],
      [run(10, 80), run(20, 40), run(10, 80)],
    );
    const build = summary.find((figure) => figure.name === 'cluster.buildSeconds');
    expect(build?.ratio).toEqual({ median: 0.8, min: 0.8, max: 0.8, values: [0.8, 0.8, 0.8] });
    expect(build?.baseline?.median).toBe(10);
    expect(summary.find((figure) => figure.name === 'cluster.churnEventsPerSec')?.ratio?.median).toBe(1.25);
  });

  it('lists figures only one checkout has, without a ratio, and no ratio across different units', () => {
    const older: Measurement[] = [
      { name: 'cluster.buildSeconds', unit: 'ms', value: 9000 },
      { name: 'cluster.retired', unit: 's', value: 1 },
    ];
    const newer: Measurement[] = [
      { name: 'cluster.buildSeconds', unit: 's', value: 8 },
      { name: 'cluster.buildCpuSeconds', unit: 'CPU-s', value: 9 },
    ];
    const summary = summariseRuns([newer], [older]);
    expect(summary.map((figure) => [figure.name, figure.ratio !== undefined])).toEqual([
      ['cluster.buildSeconds', false],
      ['cluster.buildCpuSeconds', false],
      ['cluster.retired', false],
    ]);
    expect(summary[2]).toEqual({
      name: 'cluster.retired',
      unit: 's',
      baseline: { median: 1, min: 1, max: 1, values: [1] },
    });
  });

  it('refuses a figure one checkout measured in two units', () => {
    expect(() =>
      summariseRuns([run(1, 1), [{ name: 'cluster.buildSeconds', unit: 'ms', value: 1 }]]),
    ).toThrow('figure cluster.buildSeconds was measured in s and in ms by the same checkout');
  });
});
