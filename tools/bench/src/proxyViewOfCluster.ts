import {
  buildEndpointsMap,
  buildServicePorts,
  listObjects,
  SERVICE_NAME_LABEL,
  type ClusterState,
  type EndpointSlice,
  type NodeProxyView,
  type ServiceProxyState,
} from '@svcsim/core';

/**
 * Every node's kube-proxy view of a cluster state, as the kube-proxy loop derives it: one
 * ServiceProxyState per Service (its ServicePorts and the endpoints of its EndpointSlices, `isLocal`
 * false everywhere) plus the node's labels. The states are shared by all nodes.
 */
export function proxyViewsOfCluster(state: ClusterState): {
  readonly services: ReadonlyMap<string, ServiceProxyState>;
  readonly viewOf: (nodeName: string) => NodeProxyView;
} {
  const slicesByService = new Map<string, EndpointSlice[]>();
  for (const slice of listObjects(state, 'EndpointSlice')) {
    const serviceName = slice.metadata.labels?.[SERVICE_NAME_LABEL];
    if (serviceName === undefined) continue;
    const key = `${slice.metadata.namespace ?? ''}/${serviceName}`;
    const list = slicesByService.get(key);
    if (list === undefined) slicesByService.set(key, [slice]);
    else list.push(slice);
  }
  const services = new Map<string, ServiceProxyState>();
  for (const service of listObjects(state, 'Service')) {
    const key = `${service.metadata.namespace ?? ''}/${service.metadata.name ?? ''}`;
    services.set(key, {
      key,
      ports: buildServicePorts(service),
      endpoints: buildEndpointsMap(slicesByService.get(key) ?? [], ''),
    });
  }
  return {
    services,
    viewOf: (nodeName) => ({
      services,
      nodeLabels:
        listObjects(state, 'Node').find((node) => node.metadata.name === nodeName)?.metadata.labels ?? {},
    }),
  };
}
