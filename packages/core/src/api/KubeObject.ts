import type { ConfigMap, Namespace, Secret } from './ConfigData.js';
import type { Deployment, ReplicaSet } from './Deployment.js';
import type { EndpointSlice } from './EndpointSlice.js';
import type { Endpoints } from './Endpoints.js';
import type { Ingress } from './Ingress.js';
import type { Node } from './Node.js';
import type { Pod } from './Pod.js';
import type { Service } from './Service.js';

/** Every Kubernetes object svcsim stores. */
export type KubeObject =
  | Namespace
  | Node
  | Pod
  | Deployment
  | ReplicaSet
  | Service
  | Endpoints
  | EndpointSlice
  | Ingress
  | Secret
  | ConfigMap;

export type KubeKind = KubeObject['kind'];

/** The object of a kind. */
export type KubeObjectOfKind<K extends KubeKind> = Extract<KubeObject, { kind: K }>;

/** Whether each kind is namespaced (Namespace and Node are cluster-scoped). */
export const KIND_NAMESPACED: { readonly [K in KubeKind]: boolean } = {
  Namespace: false,
  Node: false,
  Pod: true,
  Deployment: true,
  ReplicaSet: true,
  Service: true,
  Endpoints: true,
  EndpointSlice: true,
  Ingress: true,
  Secret: true,
  ConfigMap: true,
};
