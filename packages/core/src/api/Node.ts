import type { ObjectMeta } from './ObjectMeta.js';
import type { ConditionStatus } from './Pod.js';

/** The label kube-proxy and the EndpointSlice controller read a node's zone from. */
export const ZONE_LABEL = 'topology.kubernetes.io/zone';

export interface NodeAddress {
  readonly type: 'InternalIP' | 'ExternalIP' | 'Hostname';
  readonly address: string;
}

export interface NodeCondition {
  readonly type: string;
  readonly status: ConditionStatus;
  readonly reason?: string;
}

export interface Node {
  readonly apiVersion: 'v1';
  readonly kind: 'Node';
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly podCIDR?: string;
    readonly podCIDRs?: readonly string[];
    readonly unschedulable?: boolean;
  };
  readonly status?: {
    readonly addresses?: readonly NodeAddress[];
    readonly conditions?: readonly NodeCondition[];
  };
}
