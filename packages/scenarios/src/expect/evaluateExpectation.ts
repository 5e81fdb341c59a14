import { formatSimTime, type SimTime } from '@svcsim/core';

import type { ExpectSpec } from '../loader/ExpectSpec.js';
import { evaluateAffinity } from './evaluateAffinity.js';
import { evaluateEndpoints } from './evaluateEndpoints.js';
import { evaluateReachable, reachableWindow } from './evaluateReachable.js';
import { evaluateReaches } from './evaluateReaches.js';
import { evaluateSamePod } from './evaluateSamePod.js';
import { evaluateSuccessRate } from './evaluateSuccessRate.js';
import type { ExpectationContext } from './ExpectationContext.js';
import type { ExpectationResult } from './ExpectationResult.js';

/**
 * Judges one expectation against a finished run. One whose window ends, or whose instant lies, after
 * the point the run was stopped at is `skipped`: the run never got there, so there is nothing to judge.
 */
export function evaluateExpectation(spec: ExpectSpec, context: ExpectationContext): ExpectationResult {
  const needs = instantNeeded(spec, context.durationMs);
  if (needs > context.endMs) {
    return {
      name: spec.name,
      kind: spec.kind,
      verdict: 'skipped',
      measured: `not measured: it needs the run up to ${formatSimTime(needs)}, and the run stopped at ${formatSimTime(context.endMs)}`,
      expected: '',
    };
  }
  switch (spec.kind) {
    case 'successRate':
      return evaluateSuccessRate(spec, context);
    case 'endpoints':
      return evaluateEndpoints(spec, context);
    case 'reachable':
      return evaluateReachable(spec, context);
    case 'affinity':
      return evaluateAffinity(spec, context);
    case 'reaches':
      return evaluateReaches(spec, context);
    case 'samePod':
      return evaluateSamePod(spec, context);
  }
}

/**
 * How far the run must have gone for the expectation to be judged: a window's end (requests made
 * before it have their outcome at once, so the run must reach it, not beyond), or the instant.
 */
function instantNeeded(spec: ExpectSpec, durationMs: SimTime): SimTime {
  switch (spec.kind) {
    case 'successRate':
    case 'affinity':
    case 'reaches':
    case 'samePod':
      return spec.between[1];
    case 'endpoints':
      return spec.at;
    case 'reachable':
      return reachableWindow(spec, durationMs)[1];
  }
}
