import type { Node } from '../api/Node.js';

/** Whether the node's Ready condition is True; a node that reports none is not ready. */
export function isNodeReady(node: Node): boolean {
  return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}
