import type { ExpectSpec } from '../loader/ExpectSpec.js';
import { countOutcomes } from '../traffic/countOutcomes.js';
import type { ExpectationContext } from './ExpectationContext.js';
import type { ExpectationResult } from './ExpectationResult.js';
import {
  compare,
  countOf,
  describeFailures,
  formatComparison,
  formatCount,
  formatRatio,
  formatWindow,
} from './formatMeasurement.js';
import { noRequestsResult } from './noRequestsResult.js';

type SuccessRateSpec = Extract<ExpectSpec, { kind: 'successRate' }>;

/**
 * The share of the traffic's requests made in [from, to) that succeeded, compared with the threshold.
 * Requests are placed by the instant they were made, so a request that failed at 26s after being
 * made at 24.9s counts for a window starting at 25s only if it was made in it. A window with no
 * requests fails: a success rate of nothing proves nothing, and usually means the traffic or the
 * window is not what the author meant.
 */
export function evaluateSuccessRate(spec: SuccessRateSpec, context: ExpectationContext): ExpectationResult {
  const [from, to] = spec.between;
  const expected = `successRate ${formatComparison(spec.successRate)}`;
  const window = formatWindow(from, to);
  const counts = countOutcomes(context.outcomesOf(spec.traffic), from, to);
  if (counts.requests === 0) return noRequestsResult(spec, spec.traffic, window, expected);
  const failures = describeFailures(counts);
  return {
    name: spec.name,
    kind: spec.kind,
    verdict: compare(counts.succeeded / counts.requests, spec.successRate) ? 'passed' : 'failed',
    measured:
      `successRate ${formatRatio(counts.succeeded, counts.requests)} ` +
      `(${formatCount(counts.succeeded)} of ${countOf(counts.requests, 'request')} in ${window}` +
      `${failures === '' ? '' : `; failed: ${failures}`})`,
    expected,
  };
}
