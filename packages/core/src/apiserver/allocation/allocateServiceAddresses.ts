import {
  fieldErrors,
  fieldPath,
  formatFieldError,
  type FieldError,
  type FieldPath,
} from '../../api/FieldError.js';
import type { Service, ServicePort, ServiceSpec } from '../../api/Service.js';
import type { RandomStream } from '../../random/RandomStream.js';
import {
  toServiceAddresses,
  type ServiceAddressAllocators,
  type ServiceAddresses,
} from './ServiceAddressAllocators.js';
import {
  clusterIPsOf,
  isHeadless,
  needsClusterIP,
  needsHealthCheckNodePort,
  needsNodePort,
  nodePortsOf,
  serviceTypeOf,
  shouldAllocateNodePorts,
} from '../serviceTypeRules.js';

/** A successful allocation: the Service with its addresses filled in, and what changed hands. */
export interface ServiceAddressAllocation {
  readonly ok: true;
  readonly service: Service;
  /** Reserved by this call (already taken in the allocators); release them to undo the call. */
  readonly allocated: ServiceAddresses;
  /**
   * Held by the previous Service and no longer needed. Still taken in the allocators: like the
   * apiserver's ReleaseDeferred, they are freed only once the update is stored (releaseAddresses).
   */
  readonly release: ServiceAddresses;
}

/**
 * A refused allocation; nothing this call reserved is still reserved. `reason` is the apiserver's
 * status reason: `Invalid` (422, a requested value cannot be had) or `InternalError` (500, a range is full).
 */
export interface ServiceAddressAllocationFailure {
  readonly ok: false;
  readonly reason: 'Invalid' | 'InternalError';
  readonly errors: readonly FieldError[];
  /** The status message the apiserver returns, as kubectl prints it after "Error from server". */
  readonly message: string;
}

/** The outcome of allocateServiceAddresses. */
export type AllocateServiceAddressesResult = ServiceAddressAllocation | ServiceAddressAllocationFailure;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type PortDraft = Mutable<ServicePort>;
type SpecDraft = Omit<Mutable<ServiceSpec>, 'ports' | 'clusterIPs'> & {
  ports?: PortDraft[];
  clusterIPs?: string[];
};

interface Failure {
  readonly reason: 'Invalid' | 'InternalError';
  readonly error: FieldError;
}

const CLUSTER_IPS = fieldPath('spec').child('clusterIPs');
const HEALTH_CHECK_NODE_PORT = fieldPath('spec').child('healthCheckNodePort');
const nodePortPath = (i: number) => fieldPath('spec').child('ports').index(i).child('nodePort');

/** Tracks what one call reserves and defers, so a failure can give back exactly what it took. */
interface Journal {
  readonly allocators: ServiceAddressAllocators;
  readonly random: RandomStream;
  readonly allocatedIPs: string[];
  readonly allocatedPorts: number[];
  readonly releaseIPs: string[];
  readonly releasePorts: number[];
}

/**
 * Allocates a Service's ClusterIP, nodePorts and healthCheckNodePort the way kube-apiserver does on
 * create (`previous` undefined) and update (pkg/registry/core/service/storage/alloc.go), all or nothing.
 */
export function allocateServiceAddresses(
  previous: Service | undefined,
  service: Service,
  allocators: ServiceAddressAllocators,
  random: RandomStream,
): AllocateServiceAddressesResult {
  // A private copy to fill in: the caller's Service (possibly frozen by a replay) is never touched.
  const { ports, clusterIPs, ...rest } = service.spec;
  const spec: SpecDraft = { ...rest };
  if (clusterIPs !== undefined) spec.clusterIPs = [...clusterIPs];
  if (ports !== undefined) spec.ports = ports.map((p) => ({ ...p }));
  const journal: Journal = {
    allocators,
    random,
    allocatedIPs: [],
    allocatedPorts: [],
    releaseIPs: [],
    releasePorts: [],
  };

  const failure =
    previous === undefined ? allocateCreate(spec, journal) : allocateUpdate(spec, previous, journal);
  if (failure !== undefined) {
    for (const ip of journal.allocatedIPs) allocators.clusterIPs.release(ip);
    for (const port of journal.allocatedPorts) allocators.nodePorts.release(port);
    const message = formatFailure(failure, service.metadata.name ?? '');
    return { ok: false, reason: failure.reason, errors: [failure.error], message };
  }
  return {
    ok: true,
    service: { ...service, spec },
    allocated: toServiceAddresses(journal.allocatedIPs, journal.allocatedPorts),
    release: toServiceAddresses(journal.releaseIPs, journal.releasePorts),
  };
}

/** errors.NewInvalid and errors.NewInternalError messages. */
function formatFailure(failure: Failure, name: string): string {
  return failure.reason === 'Invalid'
    ? `Service "${name}" is invalid: ${formatFieldError(failure.error)}`
    : `Internal error occurred: ${failure.error.detail}`;
}

function internal(path: FieldPath, detail: string): Failure {
  return { reason: 'InternalError', error: fieldErrors.internal(path, detail) };
}

function invalid(path: FieldPath, value: unknown, detail: string): Failure {
  return { reason: 'Invalid', error: fieldErrors.invalid(path, value, detail) };
}

// ---- create (allocateCreate) ----

function allocateCreate(spec: SpecDraft, journal: Journal): Failure | undefined {
  return (
    allocClusterIPs(spec, journal) ??
    (needsNodePort(spec) ? initNodePorts(spec, journal) : undefined) ??
    (needsHealthCheckNodePort(spec) ? allocHealthCheckNodePort(spec, journal) : undefined)
  );
}

/** allocClusterIPs: ExternalName and headless Services get none; "" asks for any, an IP for that one. */
function allocClusterIPs(spec: SpecDraft, journal: Journal): Failure | undefined {
  if (!needsClusterIP(spec) || isHeadless(spec)) return undefined;
  const requestedIPs = clusterIPsOf(spec);
  const requested = requestedIPs[0] ?? '';
  let ip: string;
  if (requested === '') {
    const result = journal.allocators.clusterIPs.allocateNext(journal.random);
    if (!result.ok) return internal(CLUSTER_IPS, `failed to allocate a serviceIP: ${result.error.message}`);
    ip = result.value;
  } else {
    const result = journal.allocators.clusterIPs.allocate(requested);
    // The apiserver reports the whole clusterIPs list at `spec.clusterIPs`, not the one entry.
    if (!result.ok) {
      return invalid(
        CLUSTER_IPS,
        requestedIPs,
        `failed to allocate IP ${requested}: ${result.error.message}`,
      );
    }
    ip = result.value;
  }
  journal.allocatedIPs.push(ip);
  spec.clusterIP = ip;
  spec.clusterIPs = [ip];
  return undefined;
}

/**
 * initNodePorts: ports with the same port number (53/TCP and 53/UDP) share one nodePort, and a nodePort
 * the user gave any of them is the one they share.
 */
function initNodePorts(spec: SpecDraft, journal: Journal): Failure | undefined {
  const ports = spec.ports ?? [];
  const allocateMissing = shouldAllocateNodePorts(spec);
  const byPortNumber = new Map<number, number>();
  for (const [i, port] of ports.entries()) {
    const nodePort = port.nodePort ?? 0;
    // With allocateLoadBalancerNodePorts false, only explicit requests are honoured.
    if (nodePort === 0 && !allocateMissing) continue;
    const shared = byPortNumber.get(port.port);
    if (shared === undefined) {
      // Looks forward too: a later sibling's explicit nodePort wins over a fresh allocation.
      const requested = ports.find((p) => p.port === port.port && (p.nodePort ?? 0) !== 0)?.nodePort ?? 0;
      if (requested !== 0) {
        const result = journal.allocators.nodePorts.allocate(requested);
        if (!result.ok) return invalid(nodePortPath(i), requested, result.error.message);
        journal.allocatedPorts.push(requested);
        port.nodePort = requested;
        byPortNumber.set(port.port, requested);
      } else {
        const result = journal.allocators.nodePorts.allocateNext(journal.random);
        if (!result.ok)
          return internal(nodePortPath(i), `failed to allocate a nodePort: ${result.error.message}`);
        journal.allocatedPorts.push(result.value);
        port.nodePort = result.value;
        byPortNumber.set(port.port, result.value);
      }
    } else if (nodePort !== shared) {
      if (nodePort === 0) {
        port.nodePort = shared;
      } else {
        // A sibling asked for a different nodePort than the one already shared: it gets its own.
        const result = journal.allocators.nodePorts.allocate(nodePort);
        if (!result.ok) return invalid(nodePortPath(i), nodePort, result.error.message);
        journal.allocatedPorts.push(nodePort);
      }
    }
  }
  return undefined;
}

/** allocHealthCheckNodePort: the requested port, or any; failures are internal errors upstream. */
function allocHealthCheckNodePort(spec: SpecDraft, journal: Journal): Failure | undefined {
  const requested = spec.healthCheckNodePort ?? 0;
  if (requested !== 0) {
    const result = journal.allocators.nodePorts.allocate(requested);
    if (!result.ok) {
      return internal(
        HEALTH_CHECK_NODE_PORT,
        `failed to allocate requested HealthCheck NodePort ${requested}: ${result.error.message}`,
      );
    }
    journal.allocatedPorts.push(requested);
    return undefined;
  }
  const result = journal.allocators.nodePorts.allocateNext(journal.random);
  if (!result.ok) {
    // Upstream formats the port it failed to get, which is always 0 here.
    return internal(
      HEALTH_CHECK_NODE_PORT,
      `failed to allocate a HealthCheck NodePort 0: ${result.error.message}`,
    );
  }
  journal.allocatedPorts.push(result.value);
  spec.healthCheckNodePort = result.value;
  return undefined;
}

// ---- update (allocateUpdate) ----

function allocateUpdate(spec: SpecDraft, previous: Service, journal: Journal): Failure | undefined {
  const old = previous.spec;
  dropTypeDependentFields(spec, old);
  patchAllocatedValues(spec, previous);
  return (
    updateClusterIPs(spec, old, journal) ??
    updateNodePorts(spec, previous, journal) ??
    updateHealthCheckNodePort(spec, old, journal)
  );
}

function sameStrings(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/**
 * The allocation part of the Service strategy's dropTypeDependentFields: when the type no longer uses a
 * field and the user left it as it was, clear it (it is released below) instead of failing validation.
 */
function dropTypeDependentFields(spec: SpecDraft, old: ServiceSpec): void {
  if (needsClusterIP(old) && !needsClusterIP(spec)) {
    if (old.clusterIP === spec.clusterIP && sameStrings(old.clusterIPs, spec.clusterIPs)) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (sameStrings(old.ipFamilies, spec.ipFamilies)) delete spec.ipFamilies;
    if (old.ipFamilyPolicy === spec.ipFamilyPolicy) delete spec.ipFamilyPolicy;
  }
  if (needsNodePort(old) && !needsNodePort(spec)) {
    const oldNodePorts = new Set((old.ports ?? []).map((p) => p.nodePort ?? 0));
    // Only when no net-new nodePort was asked for; otherwise validation rejects the request.
    if ((spec.ports ?? []).every((p) => (p.nodePort ?? 0) === 0 || oldNodePorts.has(p.nodePort ?? 0))) {
      for (const port of spec.ports ?? []) delete port.nodePort;
    }
  }
  if (
    needsHealthCheckNodePort(old) &&
    !needsHealthCheckNodePort(spec) &&
    old.healthCheckNodePort === spec.healthCheckNodePort
  ) {
    delete spec.healthCheckNodePort;
  }
}

/**
 * patchAllocatedValues (storage.go): resubmitting the YAML a Service was created from, without the
 * allocated values, keeps them instead of asking for new ones. NodePorts carry over by port name.
 */
function patchAllocatedValues(spec: SpecDraft, previous: Service): void {
  const old = previous.spec;
  if (needsClusterIP(old) && needsClusterIP(spec)) {
    if ((spec.clusterIP ?? '') === '' && old.clusterIP !== undefined) spec.clusterIP = old.clusterIP;
    if ((spec.clusterIPs ?? []).length === 0 && (old.clusterIPs ?? []).length > 0) {
      spec.clusterIPs = [...(old.clusterIPs ?? [])];
    }
  }
  if (needsNodePort(old) && needsNodePort(spec)) {
    const newNodePorts = new Set((spec.ports ?? []).map((p) => p.nodePort ?? 0));
    // A nodePort the new spec already uses elsewhere cannot be patched in a second time.
    const used = new Set(nodePortsOf(previous).filter((np) => newNodePorts.has(np)));
    const byName = new Map<string, number>();
    for (const port of old.ports ?? []) byName.set(port.name ?? '', port.nodePort ?? 0);
    for (const port of spec.ports ?? []) {
      if ((port.nodePort ?? 0) !== 0) continue;
      const oldValue = byName.get(port.name ?? '') ?? 0;
      if (oldValue !== 0 && !used.has(oldValue)) port.nodePort = oldValue;
    }
  }
  if (needsHealthCheckNodePort(old) && needsHealthCheckNodePort(spec)) {
    if ((spec.healthCheckNodePort ?? 0) === 0 && old.healthCheckNodePort !== undefined) {
      spec.healthCheckNodePort = old.healthCheckNodePort;
    }
  }
}

/** updateClusterIPs, single-stack: ExternalName→other allocates, other→ExternalName releases. */
function updateClusterIPs(spec: SpecDraft, old: ServiceSpec, journal: Journal): Failure | undefined {
  if (serviceTypeOf(old) === 'ExternalName' && needsClusterIP(spec)) return allocClusterIPs(spec, journal);
  if (isHeadless(old)) return undefined;
  if (needsClusterIP(old) && !needsClusterIP(spec)) {
    journal.releaseIPs.push(...clusterIPsOf(old).filter((ip) => ip !== ''));
  }
  return undefined;
}

/**
 * txnUpdateNodePorts/updateNodePorts: leaving NodePort/LoadBalancer releases every nodePort; otherwise
 * new requests are reserved, missing ones allocated (one per port: the create-time sharing by port
 * number does not apply to updates upstream), and nodePorts no port uses any more are released.
 */
function updateNodePorts(spec: SpecDraft, previous: Service, journal: Journal): Failure | undefined {
  const oldNodePorts = nodePortsOf(previous);
  if (needsNodePort(previous.spec) && !needsNodePort(spec)) journal.releasePorts.push(...oldNodePorts);
  if (!needsNodePort(spec)) return undefined;

  const allocateMissing = shouldAllocateNodePorts(spec);
  const reserved = new Set<number>();
  for (const [i, port] of (spec.ports ?? []).entries()) {
    const nodePort = port.nodePort ?? 0;
    if (nodePort === 0 && !allocateMissing) continue;
    if (nodePort !== 0) {
      // A nodePort the Service already held needs no new reservation, whichever port now uses it.
      if (!oldNodePorts.includes(nodePort) && !reserved.has(nodePort)) {
        const result = journal.allocators.nodePorts.allocate(nodePort);
        if (!result.ok) return invalid(nodePortPath(i), nodePort, result.error.message);
        journal.allocatedPorts.push(nodePort);
        reserved.add(nodePort);
      }
    } else {
      const result = journal.allocators.nodePorts.allocateNext(journal.random);
      if (!result.ok)
        return internal(nodePortPath(i), `failed to allocate a nodePort: ${result.error.message}`);
      journal.allocatedPorts.push(result.value);
      port.nodePort = result.value;
    }
  }
  // Validation already forbids two ports with the same (protocol, nodePort), so upstream's
  // "duplicate nodePort" check cannot fire here and is left out.
  const stillUsed = new Set((spec.ports ?? []).map((p) => p.nodePort ?? 0));
  journal.releasePorts.push(...oldNodePorts.filter((np) => !stillUsed.has(np)));
  return undefined;
}

/** updateHealthCheckNodePort: allocate on becoming LB+Local, release on ceasing to be. */
function updateHealthCheckNodePort(spec: SpecDraft, old: ServiceSpec, journal: Journal): Failure | undefined {
  const needed = needsHealthCheckNodePort(old);
  const needs = needsHealthCheckNodePort(spec);
  if (!needed && needs) return allocHealthCheckNodePort(spec, journal);
  if (needed && !needs && (old.healthCheckNodePort ?? 0) !== 0) {
    journal.releasePorts.push(old.healthCheckNodePort ?? 0);
  }
  return undefined;
}
