import type { Measurement } from './measure.js';
import type { Spread, SummarisedFigure } from './summariseRuns.js';

/** One row of the readable table: name, value (grouped thousands, or 3 significant digits), unit, note. */
export function renderFigureRow(figure: Measurement): string {
  const note = figure.note === undefined ? '' : `  (${figure.note})`;
  return `${figure.name.padEnd(34)} ${formatValue(figure.value).padStart(14)} ${figure.unit}${note}`;
}

/**
 * The figures as `pnpm bench --json` prints them: a JSON array of `{ name, value, unit }`, one entry per
 * figure in the order measured, so results can be tracked across commits. Notes stay in the table: they
 * explain a run, they are not figures.
 */
export function renderFiguresJson(figures: readonly Measurement[]): string {
  return JSON.stringify(
    figures.map(({ name, value, unit }) => ({ name, value, unit })),
    null,
    2,
  );
}

/**
 * One row of the table `--repeat` prints: the figure's median and range over this checkout's runs and,
 * with a baseline, the baseline's and the ratio of the two within pairs (below 1: this checkout's
 * figure is smaller).
 */
export function renderSummaryRow(figure: SummarisedFigure): string {
  const spread = (s: Spread | undefined): string =>
    s === undefined
      ? '-'
      : s.values.length === 1
        ? formatValue(s.median)
        : `${formatValue(s.median)} (${formatValue(s.min)}-${formatValue(s.max)})`;
  const columns = [figure.name.padEnd(30), figure.unit.padEnd(12), spread(figure.current).padEnd(32)];
  if (figure.baseline !== undefined || figure.ratio !== undefined)
    columns.push(`baseline ${spread(figure.baseline)}`.padEnd(39), `ratio ${spread(figure.ratio)}`);
  return columns.join(' ').trimEnd();
}

/**
 * `--repeat` with `--json`: an array of `{ name, value, unit }` as for one run, `value` being the
 * median over this checkout's runs, with `min`, `max` and `values` (in run order) beside it, and, with a
 * baseline, `baseline` and `ratio` objects of the same shape.
 */
export function renderSummaryJson(figures: readonly SummarisedFigure[]): string {
  const spread = (s: Spread): object => ({ value: s.median, min: s.min, max: s.max, values: s.values });
  return JSON.stringify(
    figures.map(({ name, unit, current, baseline, ratio }) => ({
      name,
      ...(current && spread(current)),
      unit,
      ...(baseline && { baseline: spread(baseline) }),
      ...(ratio && { ratio: spread(ratio) }),
    })),
    null,
    2,
  );
}

function formatValue(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toPrecision(3);
}
