import type { ExpectSpec } from '../loader/ExpectSpec.js';
import type { ExpectationResult } from './ExpectationResult.js';

/**
 * The verdict when a traffic made no request in the window judged: a failure, because a rate or a
 * reachability measured over nothing proves nothing, and usually means the traffic or the window is
 * not what the author meant.
 */
export function noRequestsResult(
  spec: ExpectSpec,
  traffic: string,
  window: string,
  expected: string,
): ExpectationResult {
  return {
    name: spec.name,
    kind: spec.kind,
    verdict: 'failed',
    measured: `no requests of traffic ${traffic} were made in ${window}`,
    expected,
  };
}
