import type { Measurement } from './measure.js';

/** Several measurements of one figure: their median and range, and the values in run order. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly values: readonly number[];
}

/**
 * One figure over repeated runs of this checkout and, when there is one, of a baseline checkout. The
 * ratio is this checkout's value over the baseline's, taken within each pair of runs (run i of each, run
 * side by side), so what the machine was doing during a pair mostly cancels out; it is present only when
 * both checkouts measured the figure in the same unit.
 */
export interface SummarisedFigure {
  readonly name: string;
  readonly unit: string;
  readonly current?: Spread;
  readonly baseline?: Spread;
  readonly ratio?: Spread;
}

/**
 * Summarises the figures of repeated runs, in the order this checkout's runs report them (figures only
 * the baseline reports come last). `baselineRuns[i]` is the pair of `currentRuns[i]`.
 */
export function summariseRuns(
  currentRuns: readonly (readonly Measurement[])[],
  baselineRuns?: readonly (readonly Measurement[])[],
): SummarisedFigure[] {
  const units = new Map<string, { current?: string; baseline?: string }>();
  const noteUnits = (runs: readonly (readonly Measurement[])[], side: 'current' | 'baseline'): void => {
    for (const figures of runs)
      for (const { name, unit } of figures) {
        const known = units.get(name) ?? {};
        if (known[side] !== undefined && known[side] !== unit)
          throw new Error(
            `figure ${name} was measured in ${known[side]} and in ${unit} by the same checkout`,
          );
        units.set(name, { ...known, [side]: unit });
      }
  };
  noteUnits(currentRuns, 'current');
  noteUnits(baselineRuns ?? [], 'baseline');

  return [...units].map(([name, unit]) => {
    const current = spreadOf(currentRuns.flatMap((figures) => valuesOf(figures, name)));
    const baseline = baselineRuns && spreadOf(baselineRuns.flatMap((figures) => valuesOf(figures, name)));
    const comparable = unit.current !== undefined && unit.current === unit.baseline;
    const ratios = comparable
      ? currentRuns.flatMap((figures, i) => {
          const [value] = valuesOf(figures, name);
          const [base] = valuesOf(baselineRuns?.[i] ?? [], name);
          return value === undefined || base === undefined || base === 0 ? [] : [value / base];
        })
      : [];
    const ratio = spreadOf(ratios);
    return {
      name,
      unit: unit.current ?? unit.baseline ?? '',
      ...(current && { current }),
      ...(baseline && { baseline }),
      ...(ratio && { ratio }),
    };
  });
}

/** Median (the mean of the middle two for an even count), least and greatest; undefined for none. */
export function spreadOf(values: readonly number[]): Spread | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median =
    sorted.length % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number, values };
}

function valuesOf(figures: readonly Measurement[], name: string): number[] {
  return figures.filter((figure) => figure.name === name).map((figure) => figure.value);
}
