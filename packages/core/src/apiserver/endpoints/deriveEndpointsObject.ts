import { HEADLESS_LABEL } from '../../api/EndpointSlice.js';
import {
  OVER_CAPACITY_ANNOTATION,
  type EndpointAddress,
  type EndpointSubset,
  type Endpoints,
} from '../../api/Endpoints.js';
import type { Node } from '../../api/Node.js';
import type { Pod } from '../../api/Pod.js';
import type { Service, ServicePort } from '../../api/Service.js';
import { emptyMap, mapEntry } from '../../mapEntry.js';
import { rememberPerObject } from '../../rememberPerObject.js';
import { findPort } from './findPort.js';
import type { PodDerivationCache } from './PodDerivationCache.js';
import { isPodReady } from './isPodReady.js';
import { isServiceIPSet } from './isServiceIPSet.js';
import { ipFamilyOf } from './parseIpAddress.js';
import { podIpsOf } from './podIpsOf.js';
import { podReference } from './podToEndpoint.js';
import { hasSelector, selectsPod } from './selectsPod.js';
import { shouldPodBeInEndpoints } from './shouldPodBeInEndpoints.js';
import { repackSubsets } from './repackSubsets.js';
import { shouldSetHostname } from './shouldSetHostname.js';
import { truncateEndpointSubsets } from './truncateEndpointSubsets.js';

/** The value the Endpoints controller writes under OVER_CAPACITY_ANNOTATION when it drops addresses. */
export const OVER_CAPACITY_TRUNCATED = 'truncated';

/**
 * The v1 Endpoints object the Endpoints controller keeps for a Service (syncService), or undefined when it
 * keeps none (ExternalName, or no selector: those Endpoints are the user's). Pods outside the Service's
 * namespace or selector are ignored. `_nodes` is unused (EndpointAddress has no zone) and accepted so call
 * sites can pass the same arguments as to the EndpointSlice reconciler. `cache` (the controller's own)
 * remembers each pod's contribution between syncs. The trigger-time annotation is not written: svcsim has
 * no wall clock to put in it.
 */
export function deriveEndpointsObject(
  service: Service,
  pods: readonly Pod[],
  _nodes?: readonly Node[],
  cache?: PodDerivationCache<readonly EndpointSubset[]>,
): Endpoints | undefined {
  if (service.spec.type === 'ExternalName' || !hasSelector(service)) return undefined;
  const subsets: EndpointSubset[] = [];
  for (const pod of pods) {
    const contributed =
      cache === undefined
        ? podSubsets(service, pod)
        : cache.get(pod, service, undefined, undefined, () => podSubsets(service, pod));
    subsets.push(...contributed);
  }
  const { subsets: capped, truncated } = truncateEndpointSubsets(repackSubsets(subsets));

  const labels = endpointsLabels(service);
  const { name, namespace } = service.metadata;
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: {
      ...(name !== undefined ? { name } : {}),
      ...(namespace !== undefined ? { namespace } : {}),
      ...(labels !== undefined ? { labels } : {}),
      ...(truncated ? { annotations: { [OVER_CAPACITY_ANNOTATION]: OVER_CAPACITY_TRUNCATED } } : {}),
    },
    subsets: capped,
  };
}

/**
 * The unpacked subsets a pod contributes to the Service's Endpoints: one per Service port it resolves, with
 * its address ready or not, or none. A controller passes a PodDerivationCache so that a sync re-derives
 * only the pods that changed since the last one.
 */
function podSubsets(service: Service, pod: Pod): readonly EndpointSubset[] {
  if (!selectsPod(service, pod)) return [];
  const publishNotReady = service.spec.publishNotReadyAddresses === true;
  // Unlike slices, Endpoints carry no terminating flag, so terminating pods are dropped unless the
  // Service publishes every address anyway.
  if (!shouldPodBeInEndpoints(pod, publishNotReady)) return [];
  const address = deriveAddress(service, pod);
  if (address === undefined) return [];
  const ready = publishNotReady || isPodReady(pod);
  const addressLists = ready ? { addresses: [address] } : { notReadyAddresses: [address] };
  const servicePorts = service.spec.ports ?? [];
  // Only a headless Service may have no ports; its subset then lists addresses alone.
  if (servicePorts.length === 0) return service.spec.clusterIP === 'None' ? [addressLists] : [];
  const subsets: EndpointSubset[] = [];
  for (const servicePort of servicePorts) {
    const port = findPort(pod, servicePort);
    if (port === undefined) continue; // a named targetPort this pod does not declare
    subsets.push({ ...addressLists, ports: subsetPorts(servicePort, port) });
  }
  return subsets;
}

type SubsetPorts = NonNullable<EndpointSubset['ports']>;

/**
 * The one-port list a pod's subset carries for a Service port resolved to `port`. Made once per Service
 * port object and number, so the pods of a Service share it: repacking compares ports, and the same
 * object answers at once.
 */
function subsetPorts(servicePort: ServicePort, port: number): SubsetPorts {
  const byNumber = mapEntry(portsByServicePort, servicePort, emptyMap<number, SubsetPorts>);
  return mapEntry(byNumber, port, () => [
    {
      ...(servicePort.name !== undefined && servicePort.name !== '' ? { name: servicePort.name } : {}),
      port,
      protocol: servicePort.protocol ?? 'TCP',
      ...(servicePort.appProtocol !== undefined ? { appProtocol: servicePort.appProtocol } : {}),
    },
  ]);
}

const portsByServicePort = new WeakMap<ServicePort, Map<number, SubsetPorts>>();

/**
 * The address for a pod (podToEndpointAddressForService): the first pod IP of the Service's family, which
 * is `ipFamilies[0]`, else the cluster IP's family, else (headless) the family of the pod's primary IP.
 */
function deriveAddress(service: Service, pod: Pod): EndpointAddress | undefined {
  const clusterIP = service.spec.clusterIP ?? '';
  const family =
    service.spec.ipFamilies?.[0] ??
    (clusterIP !== '' && clusterIP !== 'None' ? ipFamilyOf(clusterIP) : ipFamilyOf(podIpsOf(pod)[0] ?? ''));
  const ip = podIpsOf(pod).find((candidate) => ipFamilyOf(candidate) === family);
  if (ip === undefined) return undefined;
  const nodeName = pod.spec.nodeName ?? '';
  return {
    ip,
    ...(shouldSetHostname(pod, service) ? { hostname: pod.spec.hostname ?? '' } : {}),
    ...(nodeName !== '' ? { nodeName } : {}),
    targetRef: podReference(pod),
  };
}

/**
 * The Service's labels plus the headless marker, sorted, or undefined for none: remembered per Service
 * object, so every version of its Endpoints shares one labels map (never changed once made).
 */
const endpointsLabels = rememberPerObject(
  (service: Service): Readonly<Record<string, string>> | undefined => {
    const labels: Record<string, string> = { ...service.metadata.labels };
    if (isServiceIPSet(service)) delete labels[HEADLESS_LABEL];
    else labels[HEADLESS_LABEL] = '';
    return Object.keys(labels).length > 0 ? sortedRecord(labels) : undefined;
  },
);

function sortedRecord(record: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
