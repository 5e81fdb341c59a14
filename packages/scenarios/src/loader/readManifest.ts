import { isMap, type Node as YamlNode } from 'yaml';

import { KIND_NAMESPACED, type KubeKind, type KubeObject } from '@svcsim/core';

import type { ProblemCollector } from './ProblemCollector.js';
import { readMap, readString, required, type Field } from './yamlFields.js';

/** The kinds a scenario file may hold, with the apiVersion each is served under. */
export const MANIFEST_API_VERSIONS: Readonly<Partial<Record<KubeKind, string>>> = {
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
};

/** Namespaced objects without one go to `default`, as kubectl does with no context namespace. */
export const DEFAULT_NAMESPACE = 'default';

/** `Kind/namespace/name` (`Kind/name` for cluster-scoped kinds): how the loader indexes objects. */
export function objectKey(kind: string, namespace: string, name: string): string {
  return namespace === '' ? `${kind}/${name}` : `${kind}/${namespace}/${name}`;
}

/**
 * Checks what the loader itself depends on (a known kind under its apiVersion, a name) and fills in
 * the namespace. Everything else is left to the simulated apiserver, which validates each object when
 * it is applied and logs a rejection as a real one would answer kubectl.
 */
export function readManifest(field: Field, problems: ProblemCollector): KubeObject | undefined {
  const before = problems.count;
  const fields = readMap(field, problems);
  if (fields === undefined || !isMap(field.node)) return undefined;
  const kindField = required(fields, 'kind', problems);
  const kind = kindField && readString(kindField, problems, 'a Kubernetes kind');
  const expectedVersion = kind === undefined ? undefined : MANIFEST_API_VERSIONS[kind as KubeKind];
  if (kindField !== undefined && kind !== undefined && expectedVersion === undefined) {
    problems.add(
      kindField.node,
      kindField.path,
      `expected one of ${Object.keys(MANIFEST_API_VERSIONS).join(', ')}, got "${kind}"`,
    );
  }
  const versionField = required(fields, 'apiVersion', problems);
  const version = versionField && readString(versionField, problems, 'an apiVersion');
  if (
    versionField !== undefined &&
    version !== undefined &&
    expectedVersion !== undefined &&
    version !== expectedVersion
  ) {
    problems.add(
      versionField.node,
      versionField.path,
      `expected ${expectedVersion} for kind ${String(kind)}, got "${version}"`,
    );
  }
  const metadataField = required(fields, 'metadata', problems);
  const metadata = metadataField && readMap(metadataField, problems);
  if (metadata !== undefined) {
    const nameField = required(metadata, 'name', problems);
    if (nameField !== undefined) readString(nameField, problems, 'an object name');
    const namespaceField = metadata.byKey.get('namespace');
    if (namespaceField !== undefined) readString(namespaceField, problems, 'a namespace name');
  }
  if (problems.count > before || kind === undefined) return undefined;
  const object = (field.node as YamlNode).toJSON() as KubeObject;
  const namespaced = KIND_NAMESPACED[kind as KubeKind];
  if (namespaced && object.metadata.namespace === undefined) {
    return { ...object, metadata: { ...object.metadata, namespace: DEFAULT_NAMESPACE } };
  }
  return object;
}

/** The index key of a manifest read by readManifest. */
export function keyOfObject(object: KubeObject): string {
  return objectKey(object.kind, object.metadata.namespace ?? '', object.metadata.name ?? '');
}
