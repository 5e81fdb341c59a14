import { formatIpv4, parseIpv4 } from '../net/ipv4.js';
import type { Labels } from '../events/SimEvent.js';
import type { PodState, ServiceState } from './ClusterState.js';

/** Whether every key/value of the selector is among the labels (equality-based selection, as Services use). */
export function matchesSelector(selector: Labels, labels: Labels): boolean {
  const keys = Object.keys(selector);
  if (keys.length === 0) return false; // an empty Service selector selects nothing, not everything
  for (const key of keys) {
    if (labels[key] !== selector[key]) return false;
  }
  return true;
}

/**
 * The Endpoints of a Service computed from scratch: every selected pod that has an IP, as
 * "ip:targetPort", ready ones in `addresses` and the rest in `notReadyAddresses`, each sorted by
 * address (numerically, the order the apiserver's repacking uses).
 */
export function deriveEndpoints(
  service: ServiceState,
  pods: Iterable<PodState>,
): { addresses: string[]; notReadyAddresses: string[] } {
  const ready: number[] = [];
  const notReady: number[] = [];
  for (const pod of pods) {
    if (pod.namespace !== service.namespace || pod.ip === null) continue;
    if (!matchesSelector(service.selector, pod.labels)) continue;
    const ip = parseIpv4(pod.ip);
    if (ip === undefined) continue;
    (pod.ready ? ready : notReady).push(ip);
  }
  const format = (ips: number[]): string[] =>
    ips.sort((a, b) => a - b).map((ip) => `${formatIpv4(ip)}:${service.targetPort}`);
  return { addresses: format(ready), notReadyAddresses: format(notReady) };
}
