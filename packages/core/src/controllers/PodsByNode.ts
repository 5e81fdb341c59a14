import type { ObjectChange } from './createInformer.js';

/**
 * Which pods (by `namespace/name`) are bound to each node, kept up to date from an informer's pod
 * changes, so per-node work (a scheduler's spread, a kubelet's node) costs O(pods on the node), not
 * O(pods).
 */
export interface PodsByNode {
  /** Takes in one informer change; changes of other kinds are ignored. */
  observe(change: ObjectChange): void;
  /** The pods bound to a node. */
  podsOn(node: string): ReadonlySet<string>;
}

const NONE: ReadonlySet<string> = new Set();

export function createPodsByNode(): PodsByNode {
  const podsOnNode = new Map<string, Set<string>>();
  return {
    observe(change) {
      if (change.kind !== 'Pod') return;
      const key = `${change.namespace}/${change.name}`;
      const before = change.previous?.kind === 'Pod' ? change.previous.spec.nodeName : undefined;
      const after = change.object?.kind === 'Pod' ? change.object.spec.nodeName : undefined;
      if (before === after) return;
      if (before !== undefined) podsOnNode.get(before)?.delete(key);
      if (after === undefined) return;
      let pods = podsOnNode.get(after);
      if (pods === undefined) {
        pods = new Set();
        podsOnNode.set(after, pods);
      }
      pods.add(key);
    },
    podsOn: (node) => podsOnNode.get(node) ?? NONE,
  };
}
