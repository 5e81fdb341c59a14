import {
  ENDPOINTSLICE_CONTROLLER,
  HEADLESS_LABEL,
  MANAGED_BY_LABEL,
  SERVICE_NAME_LABEL,
  type Endpoint,
  type EndpointPort,
  type EndpointSlice,
} from '../../api/EndpointSlice.js';
import type { Node } from '../../api/Node.js';
import type { ObjectMeta, OwnerReference } from '../../api/ObjectMeta.js';
import type { Pod } from '../../api/Pod.js';
import type { Service } from '../../api/Service.js';
import { compareCodeUnits } from '../../canonicalDigest.js';
import { rememberPerObject } from '../../rememberPerObject.js';
import { addressTypesForService } from './addressTypesForService.js';
import { sortEndpoints } from './compareEndpoints.js';
import { endpointKey, endpointsEqualBeyondKey } from './endpointKey.js';
import { endpointPortsKey, sortEndpointPorts } from './endpointPortsKey.js';
import type { EndpointSliceChanges } from './EndpointSliceChanges.js';
import { findPort } from './findPort.js';
import { isServiceIPSet } from './isServiceIPSet.js';
import { PodDerivationCache } from './PodDerivationCache.js';
import { podToEndpoint } from './podToEndpoint.js';
import { hasSelector, selectsPod } from './selectsPod.js';
import { shouldPodBeInEndpoints } from './shouldPodBeInEndpoints.js';

/** kube-controller-manager's default `--max-endpoints-per-slice`. */
export const DEFAULT_MAX_ENDPOINTS_PER_SLICE = 100;

/** The API's limit on endpoints per slice, and so the largest `--max-endpoints-per-slice`. */
export const MAX_ENDPOINTS_PER_SLICE_LIMIT = 1000;

/** Nodes by name. */
export interface NodeLookup {
  get(name: string): Node | undefined;
}

/** Everything one EndpointSlice controller sync of a Service reads. */
export interface ReconcileEndpointSlicesInput {
  readonly service: Service;
  /** Candidate pods; those outside the Service's namespace or selector are ignored. */
  readonly pods: readonly Pod[];
  /**
   * Nodes, for zones; a pod whose node is missing is skipped unless publishNotReadyAddresses is set.
   * Either a list or a lookup by name: the controller passes its informer's lookup, so that a sync
   * costs O(the Service's pods), not O(the cluster's nodes).
   */
  readonly nodes: readonly Node[] | NodeLookup;
  /** Current slices; only those labelled as this controller's slices of this Service are considered. */
  readonly existingSlices: readonly EndpointSlice[];
  /** `--max-endpoints-per-slice`, 1..1000; 100 by default. */
  readonly maxEndpointsPerSlice?: number;
  /** The next generated name for a new slice of the Service, e.g. `generateSliceName(name, stream)`. */
  readonly nameFor: (service: Service) => string;
  /** What earlier syncs derived per pod, to reuse for pods that did not change (the controller's own). */
  readonly cache?: EndpointSliceDerivations;
}

/** A controller's memory of what it derived per pod (see PodDerivationCache). */
export type EndpointSliceDerivations = PodDerivationCache<PodEndpoint>;

/** Creates an empty memory for one controller. */
export function createEndpointSliceDerivations(): EndpointSliceDerivations {
  return new PodDerivationCache();
}

/** endpointPortsKey of a slice's ports, remembered per ports array (a sync asks for each slice's). */
const slicePortsKey = rememberPerObject(endpointPortsKey);
const NO_PORTS_KEY = endpointPortsKey([]);

const NO_CHANGES: EndpointSliceChanges = { toCreate: [], toUpdate: [], toDelete: [] };

/** A slice being edited: the endpoints array is the reconciler's own copy. */
type WorkingSlice = Omit<EndpointSlice, 'endpoints'> & { endpoints: Endpoint[] };

/**
 * One sync of the EndpointSlice controller for a Service (staging/src/k8s.io/endpointslice Reconcile):
 * per address type and per resolved port set, keeps unchanged endpoints where they are, updates changed
 * ones in place, drops gone ones, fills the slices it is already rewriting, then the unchanged slice that
 * ends closest to full, then new slices; deletes emptied slices, turns creates into updates of slices it
 * would delete, and keeps one empty placeholder slice when a Service has no endpoints at all.
 *
 * Deterministic where Go iterates maps: slices are visited by name, port sets by key, and endpoints are
 * handed out and written in compareEndpoints order (by address). ExternalName and selectorless Services
 * get no changes (the controller leaves their slices alone). Topology hints are not modelled: they are
 * stripped, as the controller does when neither topology mode nor trafficDistribution is set. The
 * trigger-time annotation is not written.
 */
export function reconcileEndpointSlices(input: ReconcileEndpointSlicesInput): EndpointSliceChanges {
  const { service } = input;
  const max = input.maxEndpointsPerSlice ?? DEFAULT_MAX_ENDPOINTS_PER_SLICE;
  if (!Number.isInteger(max) || max < 1 || max > MAX_ENDPOINTS_PER_SLICE_LIMIT) {
    throw new RangeError(`maxEndpointsPerSlice must be an integer in 1..1000, got ${max}`);
  }
  if (service.spec.type === 'ExternalName' || !hasSelector(service)) return NO_CHANGES;

  const managed = input.existingSlices.filter((slice) => isManagedSliceOf(slice, service)).sort(byName);
  const pods = input.pods.filter((pod) => selectsPod(service, pod));
  const nodes: NodeLookup =
    'get' in input.nodes ? input.nodes : new Map(input.nodes.map((node) => [node.metadata.name ?? '', node]));
  const addressTypes = addressTypesForService(service);

  const toCreate: WorkingSlice[] = [];
  const toUpdate: EndpointSlice[] = [];
  // Slices of an address type the Service no longer has (say, after leaving dual-stack) go entirely.
  const toDelete = managed.filter(
    (slice) => !(addressTypes as readonly string[]).includes(slice.addressType),
  );
  for (const addressType of addressTypes) {
    const existing = managed.filter((slice) => slice.addressType === addressType);
    const changes = reconcileByAddressType(service, pods, nodes, existing, addressType, max, input.cache);
    toCreate.push(...changes.toCreate);
    toUpdate.push(...changes.toUpdate);
    toDelete.push(...changes.toDelete);
  }

  // The apiserver would reject a generated name that is taken; drawing again is what the retry amounts to.
  const taken = new Set(
    toCreate.length > 0 ? input.existingSlices.map((slice) => slice.metadata.name ?? '') : [],
  );
  const created = toCreate.map((slice) => {
    let name = input.nameFor(service);
    for (let attempt = 0; taken.has(name); attempt++) {
      if (attempt >= 100) throw new Error(`nameFor keeps returning names in use, last "${name}"`);
      name = input.nameFor(service);
    }
    taken.add(name);
    return finishSlice({ ...slice, metadata: withName(slice.metadata, name) });
  });
  return { toCreate: created, toUpdate: toUpdate.sort(byName), toDelete: toDelete.sort(byName) };
}

function reconcileByAddressType(
  service: Service,
  pods: readonly Pod[],
  nodes: NodeLookup,
  existingSlices: readonly EndpointSlice[],
  addressType: 'IPv4' | 'IPv6',
  max: number,
  cache: EndpointSliceDerivations | undefined,
): { toCreate: WorkingSlice[]; toUpdate: EndpointSlice[]; toDelete: EndpointSlice[] } {
  let toCreate: WorkingSlice[] = [];
  const toUpdate: WorkingSlice[] = [];
  let toDelete: EndpointSlice[] = [];

  const existingByPorts = new Map<string, EndpointSlice[]>();
  for (const slice of existingSlices) {
    // A slice with our labels but another owner belongs to an old Service of the same name.
    if (!ownedBy(slice, service)) {
      toDelete.push(slice);
      continue;
    }
    const key = slice.ports === undefined ? NO_PORTS_KEY : slicePortsKey(slice.ports);
    existingByPorts.set(key, [...(existingByPorts.get(key) ?? []), slice]);
  }

  const desiredPorts = new Map<string, readonly EndpointPort[]>();
  const desiredByPorts = new Map<string, Map<string, Endpoint>>();
  for (const pod of pods) {
    // Terminating pods stay in slices, flagged, so consumers can drain them gracefully.
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const node = nodes.get(pod.spec.nodeName ?? '');
    const {
      ports,
      key,
      endpoint,
      endpointKey: identity,
    } = cache === undefined
      ? derivePodEndpoint(pod, node, service, addressType)
      : cache.get(pod, node, service, addressType, () => derivePodEndpoint(pod, node, service, addressType));
    let desired = desiredByPorts.get(key);
    if (desired === undefined) {
      desired = new Map();
      desiredByPorts.set(key, desired);
      desiredPorts.set(key, ports);
    }
    // A pod pointing at a missing node is skipped rather than published with no zone; the pod garbage
    // collector will remove it. Publishing every address was asked for explicitly, so it wins.
    if (node === undefined && service.spec.publishNotReadyAddresses !== true) continue;
    if (endpoint.addresses.length > 0) desired.set(identity, endpoint);
  }

  for (const key of [...desiredByPorts.keys()].sort(compareCodeUnits)) {
    const changes = reconcileByPortMapping(
      service,
      existingByPorts.get(key) ?? [],
      desiredByPorts.get(key) ?? new Map<string, Endpoint>(),
      desiredPorts.get(key) ?? [],
      addressType,
      max,
    );
    toCreate.push(...changes.toCreate);
    toUpdate.push(...changes.toUpdate);
    toDelete.push(...changes.toDelete);
  }
  for (const [key, slices] of [...existingByPorts.entries()].sort(([a], [b]) => compareCodeUnits(a, b))) {
    if (!desiredByPorts.has(key)) toDelete.push(...slices);
  }

  // An empty placeholder slice tells consumers the Service has been processed and has no endpoints.
  if (existingSlices.length === toDelete.length && toCreate.length === 0) {
    const placeholder = newSlice(service, [], addressType);
    const [onlyDeleted] = toDelete;
    if (toDelete.length === 1 && onlyDeleted !== undefined && isSamePlaceholder(onlyDeleted, placeholder)) {
      toDelete = []; // the existing placeholder is already right; do not delete and recreate it
    } else {
      toCreate.push(placeholder);
    }
  }

  // No hints are wanted (no topology mode, no trafficDistribution): slices we keep untouched lose theirs too.
  const changedNames = new Set([...toUpdate, ...toDelete].map((slice) => slice.metadata.name ?? ''));
  for (const slice of existingSlices) {
    if (changedNames.has(slice.metadata.name ?? '')) continue;
    if (slice.endpoints.some((endpoint) => endpoint.hints !== undefined)) {
      toUpdate.push({ ...slice, endpoints: [...slice.endpoints] });
    }
  }

  // finalize(): rather than create one slice and delete another, rewrite the doomed one under its name.
  for (let i = 0; i < toDelete.length && toCreate.length > 0;) {
    const doomed = toDelete[i];
    const fresh = toCreate[toCreate.length - 1];
    if (
      doomed !== undefined &&
      fresh !== undefined &&
      doomed.addressType === fresh.addressType &&
      ownedBy(doomed, service)
    ) {
      toCreate = toCreate.slice(0, -1);
      toUpdate.push({ ...fresh, metadata: withName(fresh.metadata, doomed.metadata.name ?? '') });
      toDelete = [...toDelete.slice(0, i), ...toDelete.slice(i + 1)];
    } else {
      i++;
    }
  }
  // Creating slices for a Service being deleted would race the garbage collector.
  if (service.metadata.deletionTimestamp !== undefined) toCreate = [];

  return { toCreate, toUpdate: toUpdate.map(finishSlice), toDelete };
}

/** reconcileByPortMapping: the changes for the slices of one address type and one resolved port set. */
function reconcileByPortMapping(
  service: Service,
  existingSlices: readonly EndpointSlice[],
  desired: Map<string, Endpoint>,
  ports: readonly EndpointPort[],
  addressType: 'IPv4' | 'IPv6',
  max: number,
): { toCreate: WorkingSlice[]; toUpdate: WorkingSlice[]; toDelete: EndpointSlice[] } {
  const slicesByName = new Map<string, WorkingSlice>();
  const unchanged = new Set<string>();
  const toUpdateNames = new Set<string>();
  const toDelete: EndpointSlice[] = [];

  // 1. Keep desired endpoints where they are (in their desired form); drop the rest.
  for (const slice of existingSlices) {
    const name = slice.metadata.name ?? '';
    const kept: Endpoint[] = [];
    let endpointUpdated = false;
    for (const endpoint of slice.endpoints) {
      const key = endpointKey(endpoint);
      const wanted = desired.get(key);
      if (wanted === undefined) continue;
      kept.push(wanted);
      if (!endpointsEqualBeyondKey(wanted, endpoint)) endpointUpdated = true;
      // Placed once: a duplicate further on (in this or another slice) is dropped.
      desired.delete(key);
    }
    const { labels, changed: labelsChanged } = sliceLabelsFor(slice.metadata.labels, service);
    if (endpointUpdated || kept.length !== slice.endpoints.length) {
      if (kept.length === 0) {
        toDelete.push(slice);
      } else {
        slicesByName.set(name, { ...slice, metadata: { ...slice.metadata, labels }, endpoints: kept });
        toUpdateNames.add(name);
      }
    } else if (labelsChanged) {
      slicesByName.set(name, { ...slice, metadata: { ...slice.metadata, labels }, endpoints: kept });
      toUpdateNames.add(name);
    } else {
      slicesByName.set(name, { ...slice, endpoints: [...slice.endpoints] });
      unchanged.add(name);
    }
  }

  const pending = sortEndpoints([...desired.values()]);
  let next = 0;
  const remaining = (): number => pending.length - next;
  const fill = (slice: WorkingSlice): void => {
    while (remaining() > 0 && slice.endpoints.length < max) {
      const endpoint = pending[next++];
      if (endpoint !== undefined) slice.endpoints.push(endpoint);
    }
  };

  // 2. Slices being rewritten anyway take new endpoints first, fullest first, to save writes.
  if (remaining() > 0 && toUpdateNames.size > 0) {
    const updating = [...toUpdateNames]
      .map((name) => slicesByName.get(name))
      .filter((slice) => slice !== undefined)
      .sort((a, b) => b.endpoints.length - a.endpoints.length || byName(a, b));
    for (const slice of updating) fill(slice);
  }

  // 3. Then the unchanged slice that ends closest to full, if the rest fits in one; else new slices.
  const toCreate: WorkingSlice[] = [];
  while (remaining() > 0) {
    let sliceToFill: WorkingSlice | undefined;
    if (remaining() < max && unchanged.size > 0) {
      const candidates = [...unchanged].map((name) => slicesByName.get(name)).filter((s) => s !== undefined);
      sliceToFill = getSliceToFill(candidates, remaining(), max);
    }
    if (sliceToFill === undefined) {
      sliceToFill = newSlice(service, ports, addressType);
      toCreate.push(sliceToFill);
    } else {
      const name = sliceToFill.metadata.name ?? '';
      toUpdateNames.add(name);
      unchanged.delete(name);
    }
    fill(sliceToFill);
  }

  const toUpdate = [...toUpdateNames].map((name) => slicesByName.get(name)).filter((s) => s !== undefined);
  return { toCreate, toUpdate, toDelete };
}

/**
 * getSliceToFill: the slice left closest to full once `count` endpoints are added, without overflowing;
 * the first in name order on ties (Go takes the first in random order).
 */
function getSliceToFill(
  slices: readonly WorkingSlice[],
  count: number,
  max: number,
): WorkingSlice | undefined {
  let closestDiff = max;
  let closest: WorkingSlice | undefined;
  for (const slice of [...slices].sort(byName)) {
    const diff = max - (count + slice.endpoints.length);
    if (diff >= 0 && diff < closestDiff) {
      closestDiff = diff;
      closest = slice;
      if (diff === 0) break;
    }
  }
  return closest;
}

/**
 * What a pod contributes to its Service's slices of one address type: its resolved ports in canonical
 * order, the key that groups endpoints by them, and its endpoint (published only if its node exists or
 * the Service publishes every address).
 */
interface PodEndpoint {
  readonly ports: readonly EndpointPort[];
  readonly key: string;
  readonly endpoint: Endpoint;
  /** endpointKey(endpoint), kept here because every sync asks for it. */
  readonly endpointKey: string;
}

function derivePodEndpoint(
  pod: Pod,
  node: Node | undefined,
  service: Service,
  addressType: 'IPv4' | 'IPv6',
): PodEndpoint {
  const ports = sortEndpointPorts(endpointPortsFor(service, pod));
  const endpoint = podToEndpoint(pod, node, service, addressType);
  return { ports, key: endpointPortsKey(ports), endpoint, endpointKey: endpointKey(endpoint) };
}

/** getEndpointPorts: the Service ports this pod resolves, with the resolved target port as the number. */
function endpointPortsFor(service: Service, pod: Pod): EndpointPort[] {
  const servicePorts = service.spec.ports ?? [];
  const ports: EndpointPort[] = [];
  for (const servicePort of servicePorts) {
    const port = findPort(pod, servicePort);
    if (port === undefined) continue;
    ports.push({
      // Always set, even to "": kube-proxy ignores slice ports whose name is nil.
      name: servicePort.name ?? '',
      port,
      protocol: servicePort.protocol ?? 'TCP',
      ...(servicePort.appProtocol !== undefined ? { appProtocol: servicePort.appProtocol } : {}),
    });
  }
  return ports;
}

/** newEndpointSlice: an empty slice for the Service, with its labels, generateName and owner. */
function newSlice(
  service: Service,
  ports: readonly EndpointPort[],
  addressType: 'IPv4' | 'IPv6',
): WorkingSlice {
  const namespace = service.metadata.namespace;
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: `${service.metadata.name ?? ''}-`,
      ...(namespace !== undefined ? { namespace } : {}),
      labels: sliceLabelsFor(undefined, service).labels,
      ownerReferences: [serviceOwnerReference(service)],
    },
    addressType,
    endpoints: [],
    ports: [...ports],
  };
}

/**
 * setEndpointSliceLabels: the Service's labels minus the reserved ones, plus the headless marker, service
 * name and managed-by; `changed` only when the copied Service labels differ, so a headless change alone
 * does not rewrite a slice. The labels object is shared by every slice of the Service: like every object
 * here, it is never changed once made.
 */
function sliceLabelsFor(
  current: Readonly<Record<string, string>> | undefined,
  service: Service,
): { labels: Readonly<Record<string, string>>; changed: boolean } {
  const fromService = service.metadata.labels ?? NO_LABELS;
  const changed = copiedLabelsText(current ?? NO_LABELS) !== copiedLabelsText(fromService);
  return { labels: desiredSliceLabels(service), changed };
}

const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});

/** The labels a slice copies from its Service, as comparable text; remembered per labels object. */
const copiedLabelsText = rememberPerObject((labels: Readonly<Record<string, string>>) =>
  JSON.stringify(withoutReserved(labels)),
);

/** The labels every slice of this Service carries; remembered per Service object, as syncs re-ask. */
const desiredSliceLabels = rememberPerObject((service: Service): Readonly<Record<string, string>> => {
  const labels: Record<string, string> = withoutReserved(service.metadata.labels ?? NO_LABELS);
  if (!isServiceIPSet(service)) labels[HEADLESS_LABEL] = '';
  labels[SERVICE_NAME_LABEL] = service.metadata.name ?? '';
  labels[MANAGED_BY_LABEL] = ENDPOINTSLICE_CONTROLLER;
  return sortedRecord(labels);
});

const RESERVED_LABELS: ReadonlySet<string> = new Set([SERVICE_NAME_LABEL, MANAGED_BY_LABEL, HEADLESS_LABEL]);

function withoutReserved(labels: Readonly<Record<string, string>>): Record<string, string> {
  return sortedRecord(
    Object.fromEntries(Object.entries(labels).filter(([key]) => !RESERVED_LABELS.has(key))),
  );
}

function serviceOwnerReference(service: Service): OwnerReference {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    name: service.metadata.name ?? '',
    uid: service.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

function ownedBy(slice: EndpointSlice, service: Service): boolean {
  return (slice.metadata.ownerReferences ?? []).some(
    (owner) =>
      owner.uid === (service.metadata.uid ?? '') && owner.kind === 'Service' && owner.apiVersion === 'v1',
  );
}

function isManagedSliceOf(slice: EndpointSlice, service: Service): boolean {
  const labels = slice.metadata.labels ?? {};
  return (
    (slice.metadata.namespace ?? '') === (service.metadata.namespace ?? '') &&
    labels[SERVICE_NAME_LABEL] === service.metadata.name &&
    labels[MANAGED_BY_LABEL] === ENDPOINTSLICE_CONTROLLER
  );
}

/**
 * placeholderSliceCompare: an existing slice counts as the placeholder when namespace, labels and address
 * type match and it has no endpoints and no ports (name and owner references are not compared).
 */
function isSamePlaceholder(slice: EndpointSlice, placeholder: WorkingSlice): boolean {
  return (
    (slice.metadata.namespace ?? '') === (placeholder.metadata.namespace ?? '') &&
    JSON.stringify(sortedRecord(slice.metadata.labels ?? {})) ===
      JSON.stringify(sortedRecord(placeholder.metadata.labels ?? {})) &&
    slice.addressType === placeholder.addressType &&
    slice.endpoints.length === 0 &&
    (slice.ports ?? []).length === 0
  );
}

function finishSlice(slice: WorkingSlice): EndpointSlice {
  return { ...slice, endpoints: sortEndpoints(slice.endpoints.map(withoutHints)) };
}

function withoutHints(endpoint: Endpoint): Endpoint {
  if (endpoint.hints === undefined) return endpoint;
  const { hints: _hints, ...rest } = endpoint;
  return rest;
}

function withName(metadata: ObjectMeta, name: string): ObjectMeta {
  const { name: _previous, ...rest } = metadata;
  return { name, ...rest };
}

function byName(a: { readonly metadata: ObjectMeta }, b: { readonly metadata: ObjectMeta }): number {
  return compareCodeUnits(a.metadata.name ?? '', b.metadata.name ?? '');
}

function sortedRecord(record: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareCodeUnits(a, b)));
}
