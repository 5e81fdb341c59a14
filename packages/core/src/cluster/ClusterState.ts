import type { Labels } from '../events/SimEvent.js';

export interface NodeState {
  readonly name: string;
  readonly internalIP: string;
  readonly podCIDR: string;
}

export interface PodState {
  readonly namespace: string;
  readonly name: string;
  readonly nodeName: string;
  readonly labels: Labels;
  readonly ready: boolean;
  /** null until the pod's IP has been assigned. */
  readonly ip: string | null;
}

export interface ServiceState {
  readonly namespace: string;
  readonly name: string;
  readonly selector: Labels;
  readonly port: number;
  readonly targetPort: number;
}

export interface EndpointsState {
  readonly namespace: string;
  readonly name: string;
  readonly addresses: readonly string[];
  readonly notReadyAddresses: readonly string[];
}

/** Objects of one kind, by namespace and then by name. */
export type Namespaced<T> = Readonly<Record<string, Readonly<Record<string, T>>>>;

/**
 * What the apiserver holds at one instant. Namespaced objects are sharded by namespace so one immer
 * update copies a namespace's table, never the whole cluster's (reference/performance.md).
 */
export interface ClusterState {
  readonly nodes: Readonly<Record<string, NodeState>>;
  readonly pods: Namespaced<PodState>;
  readonly services: Namespaced<ServiceState>;
  readonly endpoints: Namespaced<EndpointsState>;
}

/** The empty cluster a run starts from. */
export function createEmptyClusterState(): ClusterState {
  return { nodes: {}, pods: {}, services: {}, endpoints: {} };
}
