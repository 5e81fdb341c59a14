import {
  ENDPOINTSLICE_MIRRORING_CONTROLLER,
  MANAGED_BY_LABEL,
  SERVICE_NAME_LABEL,
  SKIP_MIRROR_LABEL,
  type Endpoint,
  type EndpointPort,
  type EndpointSlice,
} from '../../api/EndpointSlice.js';
import type { EndpointAddress, EndpointSubset, Endpoints } from '../../api/Endpoints.js';
import type { ObjectMeta } from '../../api/ObjectMeta.js';
import type { Service } from '../../api/Service.js';
import { compareCodeUnits } from '../../canonicalDigest.js';
import { compareEndpoints } from './compareEndpoints.js';
import { endpointKey, endpointsEqualBeyondKey } from './endpointKey.js';
import { endpointPortsKey, sortEndpointPorts } from './endpointPortsKey.js';
import type { EndpointSliceChanges } from './EndpointSliceChanges.js';
import { parseIpAddress } from './parseIpAddress.js';
import { hasSelector } from './selectsPod.js';

/** kube-controller-manager's default `--mirroring-max-endpoints-per-subset`. */
export const DEFAULT_MIRRORING_MAX_ENDPOINTS_PER_SUBSET = 1000;

/** Endpoints carrying this annotation are leader-election records, not backends, and are never mirrored. */
export const LEADER_ELECTION_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';

const NOT_COPIED_ANNOTATIONS = new Set([
  'endpoints.kubernetes.io/last-change-trigger-time',
  'kubectl.kubernetes.io/last-applied-configuration',
]);

/** Everything one EndpointSlice mirroring controller sync of an Endpoints object reads. */
export interface MirrorEndpointsInput {
  /** The Service of the same name, if any; mirroring happens only for one without a selector. */
  readonly service: Service | undefined;
  /** The user-written Endpoints object, if any. */
  readonly endpoints: Endpoints | undefined;
  /** Current slices; only those labelled as mirrored for this name are considered. */
  readonly existingSlices: readonly EndpointSlice[];
  /** `--mirroring-max-endpoints-per-subset`; 1000 by default. Addresses beyond it are not mirrored. */
  readonly maxEndpointsPerSubset?: number;
  /** The next generated name for a new slice of the Service, e.g. `generateSliceName(name, stream)`. */
  readonly nameFor: (service: Service) => string;
}

type AddressType = 'IPv4' | 'IPv6';

/**
 * One sync of the EndpointSlice mirroring controller (pkg/controller/endpointslicemirroring): for a
 * selectorless Service whose Endpoints object is not labelled skip-mirror "true", one slice per address
 * type and port set (subsets with equal ports share it), at most maxEndpointsPerSubset addresses from each
 * subset, ready ones first; invalid IPs are skipped. Labels and annotations of the Endpoints are copied
 * (service-name and managed-by overridden), the owner is the Endpoints object. Otherwise every mirrored
 * slice is deleted. Like the real controller, a slice whose endpoints are unchanged is not rewritten even
 * when the Endpoints' labels changed.
 */
export function mirrorEndpoints(input: MirrorEndpointsInput): EndpointSliceChanges {
  const { service, endpoints } = input;
  const max = input.maxEndpointsPerSubset ?? DEFAULT_MIRRORING_MAX_ENDPOINTS_PER_SUBSET;
  if (!Number.isInteger(max) || max < 1) {
    throw new RangeError(`maxEndpointsPerSubset must be a positive integer, got ${max}`);
  }
  const name = endpoints?.metadata.name ?? service?.metadata.name;
  const namespace = endpoints?.metadata.namespace ?? service?.metadata.namespace;
  const existing = input.existingSlices
    .filter((slice) => isMirroredSliceOf(slice, namespace, name))
    .sort(byName);
  if (
    endpoints === undefined ||
    endpoints.metadata.labels?.[SKIP_MIRROR_LABEL] === 'true' ||
    endpoints.metadata.annotations?.[LEADER_ELECTION_ANNOTATION] !== undefined ||
    service === undefined ||
    hasSelector(service)
  ) {
    return { toCreate: [], toUpdate: [], toDelete: existing };
  }

  // Desired state, keyed by address type + port set, as desiredCalc builds it.
  const portsByKey = new Map<string, EndpointPort[]>();
  const desiredByKey = new Map<string, Map<string, Endpoint>>();
  for (const subset of endpoints.subsets ?? []) {
    const ports = sortEndpointPorts(subsetPorts(subset));
    for (const addressType of ['IPv4', 'IPv6'] as const) {
      const key = portKey(addressType, ports);
      if (!desiredByKey.has(key)) desiredByKey.set(key, new Map());
      portsByKey.set(key, ports);
    }
    let added = 0;
    const take = (address: EndpointAddress, ready: boolean): void => {
      if (added >= max) return;
      const mirrored = addressToEndpoint(address, ready);
      if (mirrored === undefined) return; // invalid IPs are skipped and do not use up the budget
      desiredByKey
        .get(portKey(mirrored.addressType, ports))
        ?.set(endpointKey(mirrored.endpoint), mirrored.endpoint);
      added++;
    };
    for (const address of subset.addresses ?? []) take(address, true);
    for (const address of subset.notReadyAddresses ?? []) take(address, false);
  }

  const existingByKey = new Map<string, EndpointSlice[]>();
  for (const slice of existing) {
    const key = portKey(slice.addressType, slice.ports ?? []);
    existingByKey.set(key, [...(existingByKey.get(key) ?? []), slice]);
  }

  let toCreate: EndpointSlice[] = [];
  const toUpdate: EndpointSlice[] = [];
  const toDelete: EndpointSlice[] = [];
  for (const key of [...desiredByKey.keys()].sort(compareCodeUnits)) {
    const desired = desiredByKey.get(key) ?? new Map<string, Endpoint>();
    const slices = existingByKey.get(key) ?? [];
    if (desired.size === 0) {
      toDelete.push(...slices);
      continue;
    }
    // One slice per key: the first existing one is kept (rewritten if needed), any others go.
    const [first, ...extra] = slices;
    toDelete.push(...extra);
    if (first !== undefined && !hasChanges(first, desired)) continue;
    const slice = newMirroredSlice(
      endpoints,
      portsByKey.get(key) ?? [],
      addressTypeOfKey(key),
      first?.metadata.name,
    );
    const chosen = [...desired.values()].sort(compareEndpoints).slice(0, max);
    const filled: EndpointSlice = { ...slice, endpoints: chosen };
    (first !== undefined ? toUpdate : toCreate).push(filled);
  }
  for (const [key, slices] of [...existingByKey.entries()].sort(([a], [b]) => compareCodeUnits(a, b))) {
    if (!desiredByKey.has(key)) toDelete.push(...slices);
  }

  // recycleSlices: pair creates with deletes of the same address type and rewrite the doomed slices.
  for (const addressType of ['IPv4', 'IPv6'] as const) {
    const creates = toCreate.filter((slice) => slice.addressType === addressType);
    const deletes = toDelete.filter((slice) => slice.addressType === addressType);
    for (let i = 0; i < creates.length && i < deletes.length; i++) {
      const fresh = creates[i];
      const doomed = deletes[i];
      if (fresh === undefined || doomed === undefined) continue;
      toCreate = toCreate.filter((slice) => slice !== fresh);
      toDelete.splice(toDelete.indexOf(doomed), 1);
      toUpdate.push({ ...fresh, metadata: withName(fresh.metadata, doomed.metadata.name ?? '') });
    }
  }
  // No new slices for an Endpoints object on its way out.
  if (endpoints.metadata.deletionTimestamp !== undefined) toCreate = [];

  const taken = new Set(input.existingSlices.map((slice) => slice.metadata.name ?? ''));
  const created = toCreate.map((slice) => {
    let generated = input.nameFor(service);
    for (let attempt = 0; taken.has(generated); attempt++) {
      if (attempt >= 100) throw new Error(`nameFor keeps returning names in use, last "${generated}"`);
      generated = input.nameFor(service);
    }
    taken.add(generated);
    return { ...slice, metadata: withName(slice.metadata, generated) };
  });
  return { toCreate: created, toUpdate: toUpdate.sort(byName), toDelete: toDelete.sort(byName) };
}

/** totalChanges: whether the slice differs from the desired endpoints (added, removed or updated ones). */
function hasChanges(slice: EndpointSlice, desired: ReadonlyMap<string, Endpoint>): boolean {
  let matches = 0;
  for (const endpoint of slice.endpoints) {
    const wanted = desired.get(endpointKey(endpoint));
    if (wanted === undefined || !endpointsEqualBeyondKey(wanted, endpoint)) return true;
    matches++;
  }
  return desired.size - matches !== 0;
}

/** addressToEndpoint: the IP re-printed canonically, `ready` only (no serving/terminating), no zone. */
function addressToEndpoint(
  address: EndpointAddress,
  ready: boolean,
): { addressType: AddressType; endpoint: Endpoint } | undefined {
  const parsed = parseIpAddress(address.ip);
  if (parsed === undefined) return undefined;
  return {
    addressType: parsed.family,
    endpoint: {
      addresses: [parsed.text],
      conditions: { ready },
      ...(address.hostname !== undefined && address.hostname !== '' ? { hostname: address.hostname } : {}),
      ...(address.targetRef !== undefined ? { targetRef: address.targetRef } : {}),
      ...(address.nodeName !== undefined ? { nodeName: address.nodeName } : {}),
    },
  };
}

/** epPortsToEpsPorts; protocol is defaulted to TCP as the apiserver defaults Endpoints ports. */
function subsetPorts(subset: EndpointSubset): EndpointPort[] {
  return (subset.ports ?? []).map((port) => ({
    name: port.name ?? '',
    port: port.port,
    protocol: port.protocol ?? 'TCP',
    ...(port.appProtocol !== undefined ? { appProtocol: port.appProtocol } : {}),
  }));
}

function newMirroredSlice(
  endpoints: Endpoints,
  ports: readonly EndpointPort[],
  addressType: AddressType,
  name: string | undefined,
): EndpointSlice {
  const endpointsName = endpoints.metadata.name ?? '';
  const namespace = endpoints.metadata.namespace;
  const labels: Record<string, string> = {
    ...endpoints.metadata.labels,
    [SERVICE_NAME_LABEL]: endpointsName,
    [MANAGED_BY_LABEL]: ENDPOINTSLICE_MIRRORING_CONTROLLER,
  };
  const annotations = Object.entries(endpoints.metadata.annotations ?? {}).filter(
    ([key]) => !NOT_COPIED_ANNOTATIONS.has(key),
  );
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      ...(name !== undefined ? { name } : { generateName: `${endpointsName}-` }),
      ...(namespace !== undefined ? { namespace } : {}),
      labels: sortedRecord(Object.entries(labels)),
      ...(annotations.length > 0 ? { annotations: sortedRecord(annotations) } : {}),
      ownerReferences: [
        {
          apiVersion: 'v1',
          kind: 'Endpoints',
          name: endpointsName,
          uid: endpoints.metadata.uid ?? '',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    addressType,
    endpoints: [],
    ports: [...ports],
  };
}

function portKey(addressType: string, ports: readonly EndpointPort[]): string {
  return `${addressType}-${endpointPortsKey(ports)}`;
}

function addressTypeOfKey(key: string): AddressType {
  return key.startsWith('IPv6') ? 'IPv6' : 'IPv4';
}

function isMirroredSliceOf(
  slice: EndpointSlice,
  namespace: string | undefined,
  name: string | undefined,
): boolean {
  const labels = slice.metadata.labels ?? {};
  return (
    (slice.metadata.namespace ?? '') === (namespace ?? '') &&
    labels[SERVICE_NAME_LABEL] === (name ?? '') &&
    labels[MANAGED_BY_LABEL] === ENDPOINTSLICE_MIRRORING_CONTROLLER
  );
}

function withName(metadata: ObjectMeta, name: string): ObjectMeta {
  const { name: _previous, generateName: _generateName, ...rest } = metadata;
  return {
    name,
    ...(metadata.generateName !== undefined ? { generateName: metadata.generateName } : {}),
    ...rest,
  };
}

function byName(a: EndpointSlice, b: EndpointSlice): number {
  return compareCodeUnits(a.metadata.name ?? '', b.metadata.name ?? '');
}

function sortedRecord(entries: readonly (readonly [string, string])[]): Record<string, string> {
  return Object.fromEntries([...entries].sort(([a], [b]) => compareCodeUnits(a, b)));
}
