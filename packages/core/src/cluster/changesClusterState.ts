import type { SimEventType } from '../events/SimEvent.js';

/**
 * Which event types change the apiserver state that applyClusterEvent folds. Only the apiserver's
 * object events do; inputs act through the derived events that follow them, and probes, syncs and
 * connections are not apiserver state. A mapped type over the union, so a new event type must be
 * classified here; a test checks that applyClusterEvent leaves the state untouched for every type
 * marked false. Lets a replay skip (not even decode) the entries it would fold to nothing.
 */
const CHANGES_CLUSTER_STATE: { readonly [T in SimEventType]: boolean } = {
  'object/created': true,
  'object/updated': true,
  'object/deleted': true,
  'api/applied': false,
  'api/deleted': false,
  'api/scaled': false,
  'api/rejected': false,
  'pod/readinessSet': false,
  'node/readinessSet': false,
  'node/failed': false,
  'node/recovered': false,
  'app/healthSet': false,
  'app/crashed': false,
  'probe/resultChanged': false,
  'proxy/stopped': false,
  'proxy/started': false,
  'proxy/synced': false,
  'connection/opened': false,
  'connection/used': false,
  'connection/closed': false,
  'connection/established': false,
  'connection/failed': false,
  'connection/served': false,
  'connection/broken': false,
};

/** Whether entries of this event type can change the cluster state (see CHANGES_CLUSTER_STATE). */
export function changesClusterState(type: SimEventType): boolean {
  return CHANGES_CLUSTER_STATE[type];
}
