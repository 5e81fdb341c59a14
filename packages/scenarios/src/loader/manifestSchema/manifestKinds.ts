import type { KubeKind } from '@svcsim/core';

/** The kinds a scenario file may hold, with the apiVersion each is served under. */
export const MANIFEST_API_VERSIONS = {
  Namespace: 'v1',
  Node: 'v1',
  Pod: 'v1',
  Service: 'v1',
  Endpoints: 'v1',
  Secret: 'v1',
  ConfigMap: 'v1',
  Deployment: 'apps/v1',
  EndpointSlice: 'discovery.k8s.io/v1',
  Ingress: 'networking.k8s.io/v1',
} as const satisfies Partial<Record<KubeKind, string>>;

export type ManifestKind = keyof typeof MANIFEST_API_VERSIONS;

export function isManifestKind(kind: string): kind is ManifestKind {
  return Object.hasOwn(MANIFEST_API_VERSIONS, kind);
}
