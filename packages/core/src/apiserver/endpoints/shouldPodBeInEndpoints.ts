import type { Pod } from '../../api/Pod.js';
import { hasPodIp } from './podIpsOf.js';

/**
 * Whether a pod may back a Service at all (endpointslice/util.ShouldPodBeInEndpoints): not Succeeded or
 * Failed, has an IP, and, unless `includeTerminating`, is not being deleted.
 */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  // Terminal pods never come back, so their IPs may already belong to someone else.
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  if (!hasPodIp(pod)) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp !== undefined) return false;
  return true;
}
