/**
 * The integer codes of the probe's events. Each is a fixed record of five integers (instant, code and
 * three operands), the "integer-coded delta events" of docs/benchmarks.md: a readiness flip is a pod
 * status delta, then one slice-endpoint delta and one Endpoints-address delta, never whole objects.
 */
export const ProbeEvent = {
  /** An input was accepted: a = input index. */
  input: 1,
  nodeCreated: 2,
  serviceCreated: 3,
  /** a = deployment, b = spec.replicas. */
  deploymentUpdated: 4,
  /** a = replica set, b = spec.replicas. */
  replicaSetUpdated: 5,
  /** a = deployment, b = ready replicas. */
  deploymentStatus: 6,
  /** a = replica set, b = ready replicas. */
  replicaSetStatus: 7,
  /** a = pod, b = node (-1: not yet bound). */
  podCreated: 8,
  /** a = pod, b = node. */
  podBound: 9,
  /** a = pod, b = PodFlags, c = IPv4 address. */
  podStatus: 10,
  /** a = pod: deletionTimestamp set. */
  podTerminating: 11,
  podDeleted: 12,
  /** a = slice, b = service. The slice's sliceEndpoint deltas come just before it. */
  sliceCreated: 13,
  sliceDeleted: 14,
  /** a = slice, b = endpoint count after the update; its sliceEndpoint deltas come just before it. */
  sliceUpdated: 15,
  /** a = slice, b = pod, c = EndpointConditions bits (-1: the endpoint was removed). */
  sliceEndpoint: 16,
  /** a = service, b = ready addresses, c = not-ready addresses. */
  endpointsUpdated: 17,
  /** a = service, b = pod, c = AddressState. */
  endpointsAddress: 18,
} as const;

export type ProbeEventCode = (typeof ProbeEvent)[keyof typeof ProbeEvent];

/** A pod's state as its status and metadata show it. */
export const PodFlags = {
  exists: 1,
  running: 2,
  /** The Ready condition is True. */
  ready: 4,
  /** metadata.deletionTimestamp is set. */
  terminating: 8,
} as const;

/** An EndpointSlice endpoint's conditions. */
export const EndpointConditions = {
  ready: 1,
  serving: 2,
  terminating: 4,
} as const;

/** Where a pod's address is in its Service's Endpoints object. */
export const AddressState = {
  absent: 0,
  ready: 1,
  notReady: 2,
} as const;
