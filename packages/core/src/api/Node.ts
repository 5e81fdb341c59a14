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
  readonly message?: string;
}

/** A node taint (v1.Taint); `timeAdded` is set for NoExecute taints, which evict. */
export interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  /** When the taint was added (virtual milliseconds). */
  readonly timeAdded?: number;
}

export interface Node {
  readonly apiVersion: 'v1';
  readonly kind: 'Node';
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly podCIDR?: string;
    readonly podCIDRs?: readonly string[];
    readonly unschedulable?: boolean;
    readonly taints?: readonly Taint[];
  };
  readonly status?: {
    readonly addresses?: readonly NodeAddress[];
    readonly conditions?: readonly NodeCondition[];
  };
}
