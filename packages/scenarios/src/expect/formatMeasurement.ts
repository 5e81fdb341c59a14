import { compareCodeUnits, formatSimTime, type SimTime } from '@svcsim/core';

import type { Comparison } from '../loader/ExpectSpec.js';
import type { OutcomeCounts } from '../traffic/countOutcomes.js';
import { REQUEST_FAILURES } from '../traffic/RequestOutcome.js';

/** `1,204`: thousands separated, the same on every machine (no locale). */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `3 requests`, `1 request`. */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : plural}`;
}

/**
 * A share with three decimals (`0.962`), or more when three would round it to a value it is not
 * (999,999 of 1,000,000 is `0.999999`, never `1.000`); exactly 0 and 1 print as `0` and `1`.
 */
export function formatRatio(part: number, whole: number): string {
  if (part === whole) return '1';
  if (part === 0) return '0';
  const ratio = part / whole;
  for (let digits = 3; digits < 12; digits++) {
    const text = ratio.toFixed(digits);
    if (text !== '1.' + '0'.repeat(digits) && text !== '0.' + '0'.repeat(digits)) return text;
  }
  return String(ratio);
}

/** `[25.000s, 60.000s)`: a half-open window of request instants. */
export function formatWindow(fromMs: SimTime, toMs: SimTime): string {
  return `[${formatSimTime(fromMs)}, ${formatSimTime(toMs)})`;
}

/** `>= 0.999`. */
export function formatComparison(comparison: Comparison): string {
  return `${comparison.operator} ${String(comparison.value)}`;
}

/** Whether `measured <operator> value` holds. */
export function compare(measured: number, comparison: Comparison): boolean {
  const { operator, value } = comparison;
  switch (operator) {
    case '>=':
      return measured >= value;
    case '<=':
      return measured <= value;
    case '==':
      return measured === value;
    case '!=':
      return measured !== value;
    case '>':
      return measured > value;
    case '<':
      return measured < value;
  }
}

/** `7 timedOut, 1 refused`: the failures among counted requests, most common first; `` when none. */
export function describeFailures(counts: OutcomeCounts): string {
  return REQUEST_FAILURES.filter((failure) => counts.failed[failure] > 0)
    .sort((a, b) => counts.failed[b] - counts.failed[a])
    .map((failure) => `${formatCount(counts.failed[failure])} ${failure}`)
    .join(', ');
}

/** How many peers a measurement names before it says "and N more". */
const PEERS_SHOWN = 4;

/**
 * `default/web-b 2, default/web-a 1, 2 more`: request counts per peer (a pod, or an address), busiest
 * first, ties in name order, at most four named.
 */
export function describePeerCounts(requestsByPeer: ReadonlyMap<string, number>): string {
  const peers = [...requestsByPeer.entries()].sort(
    ([peerA, a], [peerB, b]) => b - a || compareCodeUnits(peerA, peerB),
  );
  const shown = peers.slice(0, PEERS_SHOWN).map(([peer, n]) => `${peer} ${formatCount(n)}`);
  if (peers.length > PEERS_SHOWN) shown.push(`${String(peers.length - PEERS_SHOWN)} more`);
  return shown.join(', ');
}

/** Adds one to a peer's count. */
export function countPeer(requestsByPeer: Map<string, number>, peer: string): void {
  requestsByPeer.set(peer, (requestsByPeer.get(peer) ?? 0) + 1);
}
