import type { SimTime } from '../SimTime.js';

/**
 * Kubernetes object metadata, as plain data. Differences from the real API, on purpose: timestamps are
 * virtual times in milliseconds (SimTime) rather than RFC 3339 strings, so they order and subtract
 * without parsing; views format them. resourceVersion is a decimal string as in the real API.
 */
export interface ObjectMeta {
  readonly name?: string;
  readonly generateName?: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly resourceVersion?: string;
  readonly generation?: number;
  readonly creationTimestamp?: SimTime;
  readonly deletionTimestamp?: SimTime;
  readonly deletionGracePeriodSeconds?: number;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly ownerReferences?: readonly OwnerReference[];
  readonly finalizers?: readonly string[];
}

export interface OwnerReference {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
  readonly controller?: boolean;
  readonly blockOwnerDeletion?: boolean;
}

/** A reference to another object, as Endpoints and EndpointSlices use for their pods. */
export interface ObjectReference {
  readonly kind?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly uid?: string;
}

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

/** An int-or-string field (targetPort, maxSurge, probe ports). */
export type IntOrString = number | string;

/** metav1.LabelSelector. */
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values?: readonly string[];
}
