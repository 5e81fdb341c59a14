import type { SimTime } from '../SimTime.js';

/** Formats virtual time as seconds with millisecond precision ("12.345s"), the way the CLI prints every instant. */
export function formatSimTime(t: SimTime): string {
  const seconds = Math.floor(t / 1000);
  const millis = t - seconds * 1000;
  return `${seconds}.${String(millis).padStart(3, '0')}s`;
}
