import type { Taint } from '../../api/Node.js';
import type { Toleration } from '../../api/Pod.js';

/** Whether a toleration tolerates a taint (v1.Toleration.ToleratesTaint). */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect !== undefined && toleration.effect !== taint.effect) return false;
  if (toleration.key !== undefined && toleration.key !== '' && toleration.key !== taint.key) return false;
  if (toleration.operator === 'Exists') return true;
  // An empty key means "every key" only with Exists (validation refuses it with Equal).
  if (toleration.key === undefined || toleration.key === '') return false;
  return (toleration.value ?? '') === (taint.value ?? '');
}

/**
 * How long, in seconds, a pod stays on a node after a NoExecute taint was seen: `undefined` for ever.
 * The pod's own tolerations of the taint decide (the shortest tolerationSeconds among them, 0 for one of
 * 0 or less, for ever when none of them has one: the taint manager's getMinTolerationTime). A pod with
 * none is given `defaultSeconds`, as the DefaultTolerationSeconds admission plugin does at its creation
 * for the not-ready and unreachable taints.
 *
 * Deliberate difference: the admission plugin writes its tolerations into the pod; svcsim applies them
 * here instead, so stored pods (and what `get -o yaml` shows) stay as the manifests wrote them.
 */
export function evictionDelaySeconds(
  tolerations: readonly Toleration[],
  taint: Taint,
  defaultSeconds: number,
): number | undefined {
  const matching = tolerations.filter((t) => toleratesTaint(t, taint));
  if (matching.length === 0) return defaultSeconds;
  let shortest: number | undefined;
  for (const toleration of matching) {
    const seconds = toleration.tolerationSeconds;
    if (seconds === undefined) continue;
    shortest = Math.min(shortest ?? Infinity, Math.max(0, seconds));
  }
  return shortest;
}
