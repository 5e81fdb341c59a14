import type { Node, NodeCondition, Taint } from '../../api/Node.js';
import type { SimTime } from '../../SimTime.js';

/** The taint key the node lifecycle controller puts on a node whose kubelet stopped posting status. */
export const UNREACHABLE_TAINT_KEY = 'node.kubernetes.io/unreachable';

/** Reason and message of every condition of a node whose kubelet stopped posting status. */
export const NODE_STATUS_UNKNOWN_REASON = 'NodeStatusUnknown';
export const NODE_STATUS_UNKNOWN_MESSAGE = 'Kubelet stopped posting node status.';

/**
 * The node's status once the grace period has run out (tryUpdateNodeHealth): every condition its kubelet
 * reported becomes Unknown, with reason NodeStatusUnknown; a node that reported no Ready condition gets
 * one. The rest of the status is kept.
 */
export function deriveUnknownNodeStatus(node: Node): NonNullable<Node['status']> {
  const unknown = (type: string): NodeCondition => ({
    type,
    status: 'Unknown',
    reason: NODE_STATUS_UNKNOWN_REASON,
    message: NODE_STATUS_UNKNOWN_MESSAGE,
  });
  const reported = node.status?.conditions ?? [];
  const conditions = reported.map((c) => unknown(c.type));
  if (!reported.some((c) => c.type === 'Ready')) conditions.unshift(unknown('Ready'));
  return { ...node.status, conditions };
}

/** Whether the node carries the unreachable taint with this effect. */
export function hasUnreachableTaint(node: Node, effect: Taint['effect']): boolean {
  return (node.spec.taints ?? []).some((t) => t.key === UNREACHABLE_TAINT_KEY && t.effect === effect);
}

/**
 * The node with both unreachable taints: NoSchedule (no new pods) and NoExecute, stamped with `now`
 * (the taint manager evicts pods that do not tolerate it, those with a toleration when it runs out).
 * Taints already there are kept.
 */
export function withUnreachableTaints(node: Node, now: SimTime): Node {
  const taints = [...(node.spec.taints ?? [])];
  if (!hasUnreachableTaint(node, 'NoSchedule'))
    taints.push({ key: UNREACHABLE_TAINT_KEY, effect: 'NoSchedule' });
  if (!hasUnreachableTaint(node, 'NoExecute'))
    taints.push({ key: UNREACHABLE_TAINT_KEY, effect: 'NoExecute', timeAdded: now });
  return { ...node, spec: { ...node.spec, taints } };
}

/** The node without the unreachable taints (it is Ready again); no taints left means no `taints` field. */
export function withoutUnreachableTaints(node: Node): Node {
  const taints = (node.spec.taints ?? []).filter((t) => t.key !== UNREACHABLE_TAINT_KEY);
  const { taints: _old, ...spec } = node.spec;
  return { ...node, spec: taints.length > 0 ? { ...spec, taints } : spec };
}
