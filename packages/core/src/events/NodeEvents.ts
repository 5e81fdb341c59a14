// What happens to a node's host, as opposed to what its Node object says. A failed host does not tell
// the control plane anything: its kubelet simply stops posting status, and the node lifecycle
// controller notices only after its grace period (controllers/nodeLifecycle).

/**
 * The node's host stops (power loss, kernel panic, a network partition): from this instant packets to it
 * and its pods go unanswered and its pods cannot send; its kubelet stops (no probes, status writes,
 * container starts or termination progress) and its kube-proxy stops syncing (the kernel keeps its
 * rules). Its Node object is left as it is until the node lifecycle controller's grace period runs out.
 * A node that has already failed is left as it is.
 */
export interface NodeFailed {
  readonly type: 'node/failed';
  readonly name: string;
}

/**
 * The node's host is back, modelled as a network partition that heals: its containers kept running, so
 * its kubelet reports the node Ready again at once, catches up with what its pods did meanwhile,
 * carries out the deletions it missed, and its kube-proxy relists and resyncs. A node that has not
 * failed is left as it is.
 */
export interface NodeRecovered {
  readonly type: 'node/recovered';
  readonly name: string;
}
