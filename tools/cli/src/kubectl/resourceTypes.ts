import type { KubeKind } from '@svcsim/core';

import { UsageError } from '../CliError.js';

/** The kinds `svcsim get` and `svcsim describe` show. */
export type ShownKind = Extract<
  KubeKind,
  | 'Service'
  | 'Endpoints'
  | 'EndpointSlice'
  | 'Pod'
  | 'Node'
  | 'Namespace'
  | 'Deployment'
  | 'ReplicaSet'
  | 'Ingress'
>;

/** A resource type as kubectl's discovery names it. */
export interface ResourceType {
  readonly kind: ShownKind;
  /** The resource name, used in kubectl's messages ("services \"web\" not found"). */
  readonly plural: string;
  readonly singular: string;
  readonly shortNames: readonly string[];
  /** The plural qualified by its API group, which kubectl also accepts (core kinds have none). */
  readonly qualified?: string;
}

export const RESOURCE_TYPES: readonly ResourceType[] = [
  { kind: 'Service', plural: 'services', singular: 'service', shortNames: ['svc'] },
  { kind: 'Endpoints', plural: 'endpoints', singular: 'endpoints', shortNames: ['ep'] },
  {
    kind: 'EndpointSlice',
    plural: 'endpointslices',
    singular: 'endpointslice',
    shortNames: [],
    qualified: 'endpointslices.discovery.k8s.io',
  },
  { kind: 'Pod', plural: 'pods', singular: 'pod', shortNames: ['po'] },
  { kind: 'Node', plural: 'nodes', singular: 'node', shortNames: ['no'] },
  { kind: 'Namespace', plural: 'namespaces', singular: 'namespace', shortNames: ['ns'] },
  {
    kind: 'Deployment',
    plural: 'deployments',
    singular: 'deployment',
    shortNames: ['deploy'],
    qualified: 'deployments.apps',
  },
  {
    kind: 'ReplicaSet',
    plural: 'replicasets',
    singular: 'replicaset',
    shortNames: ['rs'],
    qualified: 'replicasets.apps',
  },
  {
    kind: 'Ingress',
    plural: 'ingresses',
    singular: 'ingress',
    shortNames: ['ing'],
    qualified: 'ingresses.networking.k8s.io',
  },
];

/**
 * The resource type a command-line name means, resolved as kubectl does: case-insensitively, by
 * plural, singular, short name, kind or group-qualified plural. Anything else is a UsageError in
 * kubectl's words, followed by the types svcsim knows.
 */
export function resolveResourceType(name: string): ResourceType {
  const wanted = name.toLowerCase();
  const found = RESOURCE_TYPES.find(
    (type) =>
      type.plural === wanted ||
      type.singular === wanted ||
      type.shortNames.includes(wanted) ||
      type.qualified === wanted,
  );
  if (found !== undefined) return found;
  const known = RESOURCE_TYPES.map((type) =>
    type.shortNames.length > 0 ? `${type.plural} (${type.shortNames.join(', ')})` : type.plural,
  );
  throw new UsageError(`the server doesn't have a resource type "${name}"; svcsim knows ${known.join(', ')}`);
}
