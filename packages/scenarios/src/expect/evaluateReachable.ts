import type { SimTime } from '@svcsim/core';

import type { ExpectSpec } from '../loader/ExpectSpec.js';
import { countOutcomes } from '../traffic/countOutcomes.js';
import type { ExpectationContext } from './ExpectationContext.js';
import type { ExpectationResult } from './ExpectationResult.js';
import { countOf, describeFailures, formatCount, formatWindow } from './formatMeasurement.js';
import { noRequestsResult } from './noRequestsResult.js';

type ReachableSpec = Extract<ExpectSpec, { kind: 'reachable' }>;

/** How long after `at` a `reachable` expectation looks at requests. */
export const REACHABLE_WINDOW_MS = 1_000;

/** The window a `reachable` expectation judges: [at, at + 1s), cut at the end of the scenario. */
export function reachableWindow(spec: ReachableSpec, durationMs: SimTime): readonly [SimTime, SimTime] {
  return [spec.at, Math.min(spec.at + REACHABLE_WINDOW_MS, durationMs)];
}

/**
 * `reachable: true` holds when every request of the traffic made in [at, at + 1s) succeeded, and
 * `reachable: false` when every one failed; a mix fails either way, since the destination was
 * neither reliably reachable nor reliably cut off. A second rather than one request, so a single
 * lucky or unlucky pick among endpoints does not decide it; no request in the window fails, with a
 * message (a rate below 1/s needs a request in that second).
 */
export function evaluateReachable(spec: ReachableSpec, context: ExpectationContext): ExpectationResult {
  const [from, to] = reachableWindow(spec, context.durationMs);
  const expected = spec.reachable
    ? 'every request to succeed (reachable: true)'
    : 'every request to fail (reachable: false)';
  const window = formatWindow(from, to);
  const counts = countOutcomes(context.outcomesOf(spec.traffic), from, to);
  if (counts.requests === 0) return noRequestsResult(spec, spec.traffic, window, expected);
  const failures = describeFailures(counts);
  const held = spec.reachable ? counts.succeeded === counts.requests : counts.succeeded === 0;
  return {
    name: spec.name,
    kind: spec.kind,
    verdict: held ? 'passed' : 'failed',
    measured:
      `${formatCount(counts.succeeded)} of ${countOf(counts.requests, 'request')} in ${window} succeeded` +
      (failures === '' ? '' : ` (failed: ${failures})`),
    expected,
  };
}
