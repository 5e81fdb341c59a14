import type { SimTime } from './SimTime.js';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/y;

/**
 * Parses a duration the way Kubernetes and Go write them ("250ms", "1.5s", "2m", "1m30s") into integer
 * milliseconds. A bare number is refused: "30" could mean seconds or milliseconds, and guessing would
 * silently shift a timeline by a factor of 1000. Returns undefined for anything else.
 */
export function parseDuration(text: string): SimTime | undefined {
  if (text.length === 0) return undefined;
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < text.length) {
    const match = PART.exec(text);
    if (match === null) return undefined;
    total += Number(match[1]) * (UNIT_MS[match[2] as string] as number);
  }
  // Sub-millisecond parts ("0.5ms") have no meaning on an integer-millisecond clock.
  return Number.isSafeInteger(total) ? total : undefined;
}
