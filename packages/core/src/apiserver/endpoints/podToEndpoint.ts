import type { Endpoint } from '../../api/EndpointSlice.js';
import { ZONE_LABEL, type Node } from '../../api/Node.js';
import type { ObjectReference } from '../../api/ObjectMeta.js';
import type { Pod } from '../../api/Pod.js';
import type { Service } from '../../api/Service.js';
import { isPodReady } from './isPodReady.js';
import { parseIpAddress } from './parseIpAddress.js';
import { podIpsOf } from './podIpsOf.js';
import { shouldSetHostname } from './shouldSetHostname.js';

/**
 * The EndpointSlice endpoint for a pod (endpointslice podToEndpoint): the pod's IPs of `addressType`;
 * `serving` = Ready condition, `terminating` = deletionTimestamp set, `ready` = publishNotReadyAddresses or
 * (serving and not terminating); nodeName, zone from the node's label, hostname per shouldSetHostname.
 */
export function podToEndpoint(
  pod: Pod,
  node: Node | undefined,
  service: Service,
  addressType: 'IPv4' | 'IPv6',
): Endpoint {
  const serving = isPodReady(pod);
  const terminating = pod.metadata.deletionTimestamp !== undefined;
  // For compatibility with consumers that only read `ready`, a terminating pod is never ready unless the
  // Service asks for every address regardless of state.
  const ready = service.spec.publishNotReadyAddresses === true || (serving && !terminating);
  const addresses: string[] = [];
  for (const ip of podIpsOf(pod)) {
    const parsed = parseIpAddress(ip);
    if (parsed?.family === addressType) addresses.push(parsed.text);
  }
  const nodeName = pod.spec.nodeName ?? '';
  const zone = node?.metadata.labels?.[ZONE_LABEL] ?? '';
  return {
    addresses,
    conditions: { ready, serving, terminating },
    ...(shouldSetHostname(pod, service) ? { hostname: pod.spec.hostname ?? '' } : {}),
    targetRef: podReference(pod),
    ...(nodeName !== '' ? { nodeName } : {}),
    ...(zone !== '' ? { zone } : {}),
  };
}

/** The `targetRef` both controllers write for a pod. */
export function podReference(pod: Pod): ObjectReference {
  const { namespace, name, uid } = pod.metadata;
  return {
    kind: 'Pod',
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(uid !== undefined ? { uid } : {}),
  };
}
