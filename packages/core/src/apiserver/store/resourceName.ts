import type { KubeKind } from '../../api/KubeObject.js';

/**
 * The resource name the apiserver uses in messages ("services", "deployments.apps"): the plural, plus
 * the API group for kinds outside the core group, as in `deployments.apps "web" already exists`.
 */
export const RESOURCE_NAME: { readonly [K in KubeKind]: string } = {
  Namespace: 'namespaces',
  Node: 'nodes',
  Pod: 'pods',
  Deployment: 'deployments.apps',
  ReplicaSet: 'replicasets.apps',
  Service: 'services',
  Endpoints: 'endpoints',
  EndpointSlice: 'endpointslices.discovery.k8s.io',
  Ingress: 'ingresses.networking.k8s.io',
  Secret: 'secrets',
  ConfigMap: 'configmaps',
};
