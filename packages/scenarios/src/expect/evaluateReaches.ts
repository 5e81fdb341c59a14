import { formatLabels, formatSimTime, matchesLabelSelector, type Labels } from '@svcsim/core';

import type { ExpectSpec, PodTarget } from '../loader/ExpectSpec.js';
import type { ExpectationContext } from './ExpectationContext.js';
import type { ExpectationResult } from './ExpectationResult.js';
import {
  compare,
  countOf,
  countPeer,
  describePeerCounts,
  formatComparison,
  formatCount,
  formatRatio,
  formatWindow,
} from './formatMeasurement.js';

type ReachesSpec = Extract<ExpectSpec, { kind: 'reaches' }>;

const NO_LABELS: Labels = {};

/**
 * The share of the traffic's successful requests made in [from, to) whose peer was a pod the target
 * names, compared with `share`. A selector is matched against the pod's labels at the instant the
 * request was made (a keep-alive request goes to the pod its connection is pinned to, which may have
 * been relabelled, or deleted and so carry no labels, since it was opened); a named pod matches by
 * name. A peer that is not a pod (a host, an external address) never matches but counts in the whole.
 *
 * Two cases fail with a message instead of a share: a window with no successful request (a share of
 * nothing proves nothing), and a target that names no pod that existed at any time in the run, which
 * is what a misspelt label or pod name looks like (without it `share: '== 0'` would pass on any typo).
 * A target whose pods exist only outside the window is fine: "no request reached the old version once
 * its pods were gone" is a point worth stating.
 */
export function evaluateReaches(spec: ReachesSpec, context: ExpectationContext): ExpectationResult {
  const [from, to] = spec.between;
  const expected = `share ${formatComparison(spec.share)}`;
  const window = formatWindow(from, to);
  const target = describeTarget(spec.target);
  const matches = matcherOf(spec.target);
  const matchedByPod = new Map<string, number>();
  let successes = 0;
  for (const outcome of context.outcomesOf(spec.traffic)) {
    if (outcome.at < from || outcome.at >= to || !outcome.ok) continue;
    successes++;
    const pod = outcome.peer.pod;
    if (pod === undefined) continue;
    // A named pod matches by name alone, so its labels are not looked up.
    const labels = spec.target.kind === 'pod' ? NO_LABELS : context.pods.labelsAt(pod, outcome.at);
    if (labels !== undefined && matches(pod, labels)) countPeer(matchedByPod, pod);
  }
  const failure = (measured: string): ExpectationResult => ({
    name: spec.name,
    kind: spec.kind,
    verdict: 'failed',
    measured,
    expected,
  });
  if (successes === 0) return failure(`no request of traffic ${spec.traffic} made in ${window} succeeded`);
  if (matchedByPod.size === 0 && context.pods.podsDuring(0, context.endMs + 1, matches).length === 0) {
    return failure(
      `no ${target} existed at any time in the run (up to ${formatSimTime(context.endMs)}), so none of ` +
        `the ${countOf(successes, 'successful request')} of traffic ${spec.traffic} in ${window} could reach it`,
    );
  }
  const reached = [...matchedByPod.values()].reduce((sum, n) => sum + n, 0);
  const pods = spec.target.kind === 'selector' && reached > 0 ? `: ${describePeerCounts(matchedByPod)}` : '';
  return {
    name: spec.name,
    kind: spec.kind,
    verdict: compare(reached / successes, spec.share) ? 'passed' : 'failed',
    measured:
      `share ${formatRatio(reached, successes)} (${formatCount(reached)} of ` +
      `${countOf(successes, 'successful request')} in ${window} reached ${target}${pods})`,
    expected,
  };
}

/** `pod default/web-b`, `pods app=web,track=canary`. */
function describeTarget(target: PodTarget): string {
  return target.kind === 'pod'
    ? `pod ${target.pod.namespace}/${target.pod.name}`
    : `pods ${formatLabels(target.matchLabels)}`;
}

function matcherOf(target: PodTarget): (pod: string, labels: Labels) => boolean {
  if (target.kind === 'pod') {
    const name = `${target.pod.namespace}/${target.pod.name}`;
    return (pod) => pod === name;
  }
  const selector = { matchLabels: target.matchLabels };
  return (_pod, labels) => matchesLabelSelector(selector, labels);
}
