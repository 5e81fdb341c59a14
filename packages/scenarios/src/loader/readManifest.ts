import { isMap, isScalar, type Node as YamlNode, type YAMLMap } from 'yaml';

import { KIND_NAMESPACED, type KubeObject } from '@svcsim/core';

import { closestName } from './manifestSchema/closestName.js';
import { decodeManifest } from './manifestSchema/decodeManifest.js';
import { MANIFEST_API_VERSIONS, isManifestKind, type ManifestKind } from './manifestSchema/manifestKinds.js';
import { MANIFEST_SCHEMAS } from './manifestSchema/manifestSchemas.js';
import type { ProblemCollector } from './ProblemCollector.js';
import { childPath, describeNode, readString, required, type Field, type Fields } from './yamlFields.js';

// Re-exported for the loader's other readers (readTimeline).
export { MANIFEST_API_VERSIONS, type ManifestKind };

const MANIFEST_KINDS = Object.keys(MANIFEST_API_VERSIONS) as ManifestKind[];

/** Namespaced objects without one go to `default`, as kubectl does with no context namespace. */
export const DEFAULT_NAMESPACE = 'default';

/** `Kind/namespace/name` (`Kind/name` for cluster-scoped kinds): how the loader indexes objects. */
export function objectKey(kind: string, namespace: string, name: string): string {
  return namespace === '' ? `${kind}/${name}` : `${kind}/${namespace}/${name}`;
}

/**
 * Reads one manifest as the apiserver decodes it for `kubectl apply --validate=strict`: a known kind
 * under its apiVersion, with a name, decoded strictly against the kind's schema (unknown fields and
 * values of the wrong shape are problems at their line and column; see docs/manifest-fields.md), with
 * the namespace filled in. Validation proper (ranges, enums, required values) is left to the simulated
 * apiserver, which checks each object when it is applied and logs a rejection as a real one answers.
 */
export function readManifest(field: Field, problems: ProblemCollector): KubeObject | undefined {
  const before = problems.count;
  if (!isMap(field.node)) {
    problems.add(field.node, field.path, `expected a mapping, got ${describeNode(field.node)}`);
    return undefined;
  }
  const fields = topLevelFields(field.node, field.path);
  const kind = readKind(fields, problems);
  checkApiVersion(fields, kind, problems);
  checkNames(fields, problems);
  // An unknown kind has no schema: its fields are not checked until the kind is fixed.
  const decoded = kind && decodeManifest(field, MANIFEST_SCHEMAS[kind], problems);
  if (problems.count > before || decoded === undefined) return undefined;
  const object = decoded as KubeObject;
  if (KIND_NAMESPACED[object.kind] && object.metadata.namespace === undefined) {
    return { ...object, metadata: { ...object.metadata, namespace: DEFAULT_NAMESPACE } };
  }
  return object;
}

/** The manifest's fields by name, unreported: the decoder reports what is wrong with its keys. */
function topLevelFields(map: YAMLMap, path: string): Fields {
  const byKey = new Map<string, Field>();
  for (const pair of map.items) {
    if (!isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    byKey.set(key, { node: (pair.value as YamlNode | null) ?? null, path: childPath(path, key) });
  }
  return { map, path, byKey };
}

function readKind(fields: Fields, problems: ProblemCollector): ManifestKind | undefined {
  const kindField = required(fields, 'kind', problems);
  const kind = kindField && readString(kindField, problems, 'a Kubernetes kind');
  if (kindField === undefined || kind === undefined) return undefined;
  if (isManifestKind(kind)) return kind;
  const suggestion = closestName(kind, MANIFEST_KINDS);
  problems.add(
    kindField.node,
    kindField.path,
    `expected one of ${MANIFEST_KINDS.join(', ')}, got "${kind}"` +
      (suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`),
  );
  return undefined;
}

/** The apiVersion must be present and, for a known kind, the one it is served under. */
function checkApiVersion(fields: Fields, kind: ManifestKind | undefined, problems: ProblemCollector): void {
  const versionField = required(fields, 'apiVersion', problems);
  // Any other shape is the decoder's to report (as for every string field).
  if (versionField === undefined || !isScalar(versionField.node) || kind === undefined) return;
  const version = versionField.node.value;
  const expected = MANIFEST_API_VERSIONS[kind];
  if (typeof version === 'string' && version !== expected) {
    problems.add(
      versionField.node,
      versionField.path,
      `expected ${expected} for kind ${kind}, got "${version}"`,
    );
  }
}

/**
 * The loader indexes objects by name and namespace, so a manifest needs a name and neither may be
 * empty. Shapes (a name that is not a string, metadata that is not a mapping) are the decoder's to
 * report; null metadata is reported here, since the decoder drops null fields.
 */
function checkNames(fields: Fields, problems: ProblemCollector): void {
  const metadataField = required(fields, 'metadata', problems);
  if (metadataField === undefined) return;
  const metadata = metadataField.node;
  if (isScalar(metadata) && metadata.value === null) {
    problems.add(metadata, metadataField.path, 'expected a mapping, got null');
    return;
  }
  if (!isMap(metadata)) return;
  const name: unknown = metadata.get('name', true);
  if (name === undefined) {
    problems.add(metadata, childPath(metadataField.path, 'name'), 'required field is missing');
  }
  for (const key of ['name', 'namespace']) {
    const value: unknown = metadata.get(key, true);
    if (isScalar(value) && (value.value === '' || value.value === null)) {
      const what = key === 'name' ? 'an object name' : 'a namespace name';
      problems.add(value, childPath(metadataField.path, key), `expected ${what}, got ${describeNode(value)}`);
    }
  }
}

/** The index key of a manifest read by readManifest. */
export function keyOfObject(object: KubeObject): string {
  return objectKey(object.kind, object.metadata.namespace ?? '', object.metadata.name ?? '');
}
