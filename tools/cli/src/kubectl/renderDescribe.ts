import { KIND_NAMESPACED, getObject, type KubeObjectOfKind, type SimTime } from '@svcsim/core';

import { UsageError } from '../CliError.js';
import type { ClusterHistory } from './ClusterHistory.js';
import { describeDeployment } from './describeDeployment.js';
import { describeEndpointSlice } from './describeEndpointSlice.js';
import { describeEndpoints } from './describeEndpoints.js';
import { describeIngress } from './describeIngress.js';
import { describeNamespace } from './describeNamespace.js';
import { describeNode } from './describeNode.js';
import { describePod } from './describePod.js';
import { describeReplicaSet } from './describeReplicaSet.js';
import { describeService } from './describeService.js';
import { resolveResourceType, type ShownKind } from './resourceTypes.js';

/**
 * `kubectl describe KIND NAME` for every kind svcsim shows, as the cluster was at virtual time `now`. A
 * missing object is a UsageError with kubectl's NotFound message. The namespace is ignored for
 * cluster-scoped kinds (nodes, namespaces), as kubectl does.
 */
export function renderDescribe(
  history: ClusterHistory,
  kindName: string,
  namespace: string,
  name: string,
  now: SimTime,
): string {
  const type = resolveResourceType(kindName);
  const state = history.stateAt(now);
  const find = <K extends ShownKind>(kind: K): KubeObjectOfKind<K> => {
    const object = getObject(state, kind, KIND_NAMESPACED[kind] ? namespace : '', name);
    if (object === undefined)
      throw new UsageError(`Error from server (NotFound): ${type.plural} "${name}" not found`);
    return object;
  };
  switch (type.kind) {
    case 'Service':
      return describeService(state, find('Service'));
    case 'Endpoints':
      return describeEndpoints(find('Endpoints'));
    case 'EndpointSlice':
      return describeEndpointSlice(find('EndpointSlice'));
    case 'Pod':
      return describePod(find('Pod'), now, history);
    case 'Node':
      return describeNode(state, find('Node'), now);
    case 'Namespace':
      return describeNamespace(find('Namespace'));
    case 'Deployment':
      return describeDeployment(state, find('Deployment'));
    case 'ReplicaSet':
      return describeReplicaSet(state, find('ReplicaSet'));
    case 'Ingress':
      return describeIngress(state, find('Ingress'));
  }
}
