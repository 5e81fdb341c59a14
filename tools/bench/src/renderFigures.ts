import type { Measurement } from './measure.js';

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

function formatValue(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toPrecision(3);
}
