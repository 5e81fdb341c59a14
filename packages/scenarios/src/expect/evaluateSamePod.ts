import type { SimTime } from '@svcsim/core';

import type { ExpectSpec } from '../loader/ExpectSpec.js';
import type { RequestOutcome } from '../traffic/RequestOutcome.js';
import type { ExpectationContext } from './ExpectationContext.js';
import type { ExpectationResult } from './ExpectationResult.js';
import { countOf, countPeer, describePeerCounts, formatWindow } from './formatMeasurement.js';

type SamePodSpec = Extract<ExpectSpec, { kind: 'samePod' }>;

/**
 * Whether two traffics were served by the same single pod over [from, to). Each traffic's successful
 * requests made in the window must all have reached one pod (its affinity held); then `samePod: true`
 * passes when that pod is the same for both, and `false` when it differs. A traffic with no successful
 * request, or whose requests reached several pods, has no pod to compare, so the expectation fails
 * with a message saying which and why, whatever it expected. Failed requests do not count. A peer that
 * is not a pod is identified by its address alone: the traffics usually go to different ports, and
 * one host behind both is still one place.
 */
export function evaluateSamePod(spec: SamePodSpec, context: ExpectationContext): ExpectationResult {
  const [from, to] = spec.between;
  const window = formatWindow(from, to);
  const expected = spec.samePod
    ? 'both traffics on one and the same pod (samePod: true)'
    : 'each traffic on a single pod, not the same one (samePod: false)';
  const first = peersOf(spec.traffics[0], from, to, context);
  const second = peersOf(spec.traffics[1], from, to, context);

  const problems = [first, second].flatMap(({ traffic, requestsByPeer }) => {
    if (requestsByPeer.size === 0) return [`no request of traffic ${traffic} made in ${window} succeeded`];
    if (requestsByPeer.size === 1) return [];
    return [
      `traffic ${traffic} reached ${countOf(requestsByPeer.size, 'pod')} in ${window} ` +
        `(${describePeerCounts(requestsByPeer)}), so it is on no single pod`,
    ];
  });
  if (problems.length > 0) {
    return { name: spec.name, kind: spec.kind, verdict: 'failed', measured: problems.join('; '), expected };
  }
  const [firstPod, firstCount] = onlyPeer(first);
  const [secondPod, secondCount] = onlyPeer(second);
  const same = firstPod === secondPod;
  return {
    name: spec.name,
    kind: spec.kind,
    verdict: same === spec.samePod ? 'passed' : 'failed',
    measured:
      `in ${window} ${first.traffic} reached only ${firstPod} (${countOf(firstCount, 'successful request')}) ` +
      `and ${second.traffic} only ${secondPod} (${countOf(secondCount, 'successful request')}): ` +
      (same ? 'the same pod' : 'different pods'),
    expected,
  };
}

interface PeersOfTraffic {
  readonly traffic: string;
  readonly requestsByPeer: ReadonlyMap<string, number>;
}

/** How many of the traffic's successful requests made in [from, to) each peer answered. */
function peersOf(traffic: string, from: SimTime, to: SimTime, context: ExpectationContext): PeersOfTraffic {
  const requestsByPeer = new Map<string, number>();
  for (const outcome of context.outcomesOf(traffic)) {
    if (outcome.at >= from && outcome.at < to && outcome.ok) countPeer(requestsByPeer, peerOf(outcome));
  }
  return { traffic, requestsByPeer };
}

function peerOf(outcome: Extract<RequestOutcome, { ok: true }>): string {
  return outcome.peer.pod ?? outcome.peer.ip;
}

function onlyPeer({ requestsByPeer }: PeersOfTraffic): [string, number] {
  const only = [...requestsByPeer.entries()][0];
  if (only === undefined) throw new Error('unreachable: a traffic with no peer was reported above');
  return only;
}
