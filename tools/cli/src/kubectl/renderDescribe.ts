import { KIND_NAMESPACED, getObject, type ClusterState, type SimTime } from '@svcsim/core';

import { UsageError } from '../CliError.js';
import { describePod } from './describePod.js';
import { describeService } from './describeService.js';
import { resolveResourceType } from './resourceTypes.js';

/**
 * `kubectl describe KIND NAME` for services and pods at virtual time `now`. A missing object is a
 * UsageError with kubectl's NotFound message; the other kinds are not described yet.
 */
export function renderDescribe(
  state: ClusterState,
  kindName: string,
  namespace: string,
  name: string,
  now: SimTime,
): string {
  const type = resolveResourceType(kindName);
  const notFound = (): UsageError =>
    new UsageError(`Error from server (NotFound): ${type.plural} "${name}" not found`);
  const objectNamespace = KIND_NAMESPACED[type.kind] ? namespace : '';
  switch (type.kind) {
    case 'Service': {
      const service = getObject(state, 'Service', objectNamespace, name);
      if (service === undefined) throw notFound();
      return describeService(state, service);
    }
    case 'Pod': {
      const pod = getObject(state, 'Pod', objectNamespace, name);
      if (pod === undefined) throw notFound();
      return describePod(pod, now);
    }
    case 'Endpoints':
    case 'EndpointSlice':
    case 'Node':
    case 'Deployment':
    case 'Ingress':
      throw new UsageError(`svcsim cannot describe ${type.plural} yet; it describes services and pods`);
  }
}
