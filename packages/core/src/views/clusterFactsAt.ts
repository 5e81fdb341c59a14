import { listObjects, type ClusterState } from '../cluster/ClusterState.js';
import { createClusterIndex, type ClusterFacts } from '../dataplane/ClusterIndex.js';
import type { SimTime } from '../SimTime.js';

/**
 * The data plane's facts (pods and nodes by name and address) for the cluster as `state` holds it at
 * `at`, so a view can ask `findListener` and `resolveConnectionSource` what the data plane would have.
 * The data plane learns host-network pods in the order they appeared; here they come in name order,
 * which only matters when two of them on one node claim the same port.
 */
export function clusterFactsAt(state: ClusterState, at: SimTime): ClusterFacts {
  const index = createClusterIndex();
  let seq = 0;
  for (const object of [...listObjects(state, 'Node'), ...listObjects(state, 'Pod')]) {
    index.apply({ seq: seq++, at, event: { type: 'object/created', object } });
  }
  return index;
}
