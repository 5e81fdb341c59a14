import type { EndpointInfo } from '@svcsim/core';

/**
 * The endpoints as one node's kube-proxy sees them: `isLocal` set where the endpoint's nodeName is this
 * node (section 0.3). The shared view carries `isLocal: false`; only ServicePorts with a Local traffic
 * policy read it, so only their endpoints are localised. Unchanged endpoints are returned as they are.
 */
export function localizeEndpoints(
  endpoints: readonly EndpointInfo[],
  nodeName: string,
): readonly EndpointInfo[] {
  let localized: EndpointInfo[] | undefined;
  endpoints.forEach((ep, i) => {
    const isLocal = nodeName !== '' && ep.nodeName === nodeName;
    if (isLocal === ep.isLocal) return;
    localized ??= [...endpoints];
    localized[i] = { ...ep, isLocal };
  });
  return localized ?? endpoints;
}
