import type { Node } from '../../api/Node.js';
import { isNodeReady } from '../isNodeReady.js';
import type { Pod } from '../../api/Pod.js';
import { compareCodeUnits } from '../../canonicalDigest.js';

/**
 * A deterministic stand-in for kube-scheduler: the node a pod should be bound to, or undefined when none
 * fits (the pod stays Pending). A pod with spec.nodeName is already bound and keeps it. Otherwise a node
 * fits when its Ready condition is True, it is not cordoned (spec.unschedulable), and its labels carry every
 * pair of the pod's nodeSelector; among those, the one with the fewest pods (a missing count is 0) wins,
 * ties going to the name first in code-unit order.
 *
 * Deliberate difference: no resources, taints, affinity or topology spread; spreading by pod count is the
 * behaviour those scoring plugins produce on a uniform cluster, and it keeps runs reproducible.
 */
export function schedulePod(
  pod: Pod,
  nodes: readonly Node[],
  podCountByNode: ReadonlyMap<string, number> | Readonly<Record<string, number>>,
): string | undefined {
  if (pod.spec.nodeName !== undefined && pod.spec.nodeName !== '') return pod.spec.nodeName;
  const nodeSelector = Object.entries(pod.spec.nodeSelector ?? {});
  let best: { readonly name: string; readonly count: number } | undefined;
  for (const node of nodes) {
    const name = node.metadata.name;
    if (name === undefined || !isNodeSchedulable(node)) continue;
    const labels = node.metadata.labels ?? {};
    if (!nodeSelector.every(([key, value]) => Object.hasOwn(labels, key) && labels[key] === value)) continue;
    const count = podCount(podCountByNode, name);
    if (
      best === undefined ||
      count < best.count ||
      (count === best.count && compareCodeUnits(name, best.name) < 0)
    ) {
      best = { name, count };
    }
  }
  return best?.name;
}

function podCount(
  counts: ReadonlyMap<string, number> | Readonly<Record<string, number>>,
  node: string,
): number {
  if (counts instanceof Map) return (counts as ReadonlyMap<string, number>).get(node) ?? 0;
  const record = counts as Readonly<Record<string, number>>;
  return Object.hasOwn(record, node) ? (record[node] ?? 0) : 0;
}

/** Ready and not cordoned. */
export function isNodeSchedulable(node: Node): boolean {
  if (node.spec.unschedulable === true) return false;
  return isNodeReady(node);
}
