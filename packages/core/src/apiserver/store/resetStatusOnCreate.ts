import type { KubeKind, KubeObject } from '../../api/KubeObject.js';

/**
 * Kinds whose registry strategy discards a client's status on create (PrepareForCreate): status is
 * written by controllers and kubelets through the status subresource, never by the creator. Nodes keep
 * theirs, because a kubelet registers its Node with its addresses and conditions; the other kinds
 * svcsim stores have no status.
 */
const STATUS_RESET_ON_CREATE: ReadonlySet<KubeKind> = new Set<KubeKind>([
  'Pod',
  'Deployment',
  'ReplicaSet',
  'Service',
  'Ingress',
]);

/**
 * A user's request as the apiserver admits it: a manifest's `status` (for example copied from
 * `kubectl get -o yaml` of a real cluster) is dropped for the kinds above, so that a pod IP or a
 * load-balancer address from another cluster never reaches the simulation. (On update the stored
 * status is kept anyway; see ObjectStore.update.)
 */
export function resetStatusOnCreate(object: KubeObject): KubeObject {
  if (!STATUS_RESET_ON_CREATE.has(object.kind) || !('status' in object)) return object;
  const { status: _discarded, ...rest } = object as KubeObject & { status?: unknown };
  return rest;
}
