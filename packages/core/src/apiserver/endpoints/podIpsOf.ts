import type { Pod } from '../../api/Pod.js';

/**
 * The pod's IPs in status order: `status.podIPs`, or `[status.podIP]` when only the singular field is set
 * (the real apiserver keeps `podIPs[0] == podIP`; simulated kubelets may fill only `podIP`).
 */
export function podIpsOf(pod: Pod): string[] {
  const plural = pod.status?.podIPs ?? [];
  if (plural.length > 0) return plural.map((entry) => entry.ip);
  const single = pod.status?.podIP;
  return single !== undefined && single !== '' ? [single] : [];
}

/** Whether podIpsOf(pod) would be non-empty, without building the list. */
export function hasPodIp(pod: Pod): boolean {
  const status = pod.status;
  if (status === undefined) return false;
  if (status.podIPs !== undefined && status.podIPs.length > 0) return true;
  return status.podIP !== undefined && status.podIP !== '';
}
