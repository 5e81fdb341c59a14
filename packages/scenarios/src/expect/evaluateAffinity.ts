import type { ExpectSpec } from '../loader/ExpectSpec.js';
import type { ExpectationContext } from './ExpectationContext.js';
import type { ExpectationResult } from './ExpectationResult.js';
import { countOf, countPeer, describePeerCounts, formatWindow } from './formatMeasurement.js';

type AffinitySpec = Extract<ExpectSpec, { kind: 'affinity' }>;

/**
 * `held` when every successful request of the traffic made in [from, to) was answered by the same
 * pod, `broken` when they reached more than one. Failed requests reached no pod and do not count:
 * affinity is about where traffic that got through went. With `connections: new` every request is a
 * new connection, so only ClientIP session affinity (or a single endpoint) keeps them on one pod; with
 * `connections: reuse` conntrack does, until the connection breaks and is reopened. A peer with no pod
 * (a host, an external address) is told apart by its address and port. No successful request in the
 * window fails, with a message.
 */
export function evaluateAffinity(spec: AffinitySpec, context: ExpectationContext): ExpectationResult {
  const [from, to] = spec.between;
  const expected =
    spec.affinity === 'held'
      ? 'affinity held (every successful request on one pod)'
      : 'affinity broken (successful requests on more than one pod)';
  const window = formatWindow(from, to);
  const requestsByPeer = new Map<string, number>();
  let successes = 0;
  for (const outcome of context.outcomesOf(spec.traffic)) {
    if (outcome.at < from || outcome.at >= to || !outcome.ok) continue;
    const peer = outcome.peer.pod ?? `${outcome.peer.ip}:${String(outcome.peer.port)}`;
    countPeer(requestsByPeer, peer);
    successes++;
  }
  if (successes === 0) {
    return {
      name: spec.name,
      kind: spec.kind,
      verdict: 'failed',
      measured: `no request of traffic ${spec.traffic} made in ${window} succeeded`,
      expected,
    };
  }
  const held = requestsByPeer.size === 1;
  return {
    name: spec.name,
    kind: spec.kind,
    verdict: held === (spec.affinity === 'held') ? 'passed' : 'failed',
    measured:
      `${countOf(successes, 'successful request')} in ${window} reached ` +
      `${countOf(requestsByPeer.size, 'pod')} (${describePeerCounts(requestsByPeer)})`,
    expected,
  };
}
