import { parseDuration, type SimTime } from '@svcsim/core';

import { UsageError } from './CliError.js';

/** Parses a --seed value: a non-negative integer below 2^53. */
export function parseSeedOption(text: string): number {
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`--seed: expected a non-negative integer, got ${JSON.stringify(text)}`);
  }
  return Number(text);
}

/** Parses a time option such as --at (a duration from the start of the run: "12s", "1m30s", "250ms"). */
export function parseTimeOption(flag: string, text: string): SimTime {
  if (text.startsWith('-') && parseDuration(text.slice(1)) !== undefined) {
    throw new UsageError(
      `${flag}: a time cannot be negative (the run starts at 0s), got ${JSON.stringify(text)}`,
    );
  }
  const ms = parseDuration(text);
  if (ms === undefined) {
    throw new UsageError(
      `${flag}: expected a duration such as 12s, 1m30s or 250ms, got ${JSON.stringify(text)}`,
    );
  }
  return ms;
}
