import {
  KIND_NAMESPACED,
  getObject,
  listObjects,
  type ClusterState,
  type KubeObjectOfKind,
  type SimTime,
} from '@svcsim/core';

import { UsageError } from '../CliError.js';
import { renderTable } from '../renderTable.js';
import { resolveResourceType, type ShownKind } from './resourceTypes.js';
import { TABLE_PRINTERS } from './tablePrinters.js';
import { toKubectlYaml } from './toKubectlYaml.js';

export type GetOutput = 'table' | 'wide' | 'yaml' | 'json';

export interface GetOptions {
  /** One object by name; otherwise every object of the kind in scope. */
  readonly name?: string;
  /** The namespace of a namespaced kind (`-n`); `default` when unset. Ignored for nodes, as kubectl does. */
  readonly namespace?: string;
  /** `-A`: every namespace, with a NAMESPACE column first. */
  readonly allNamespaces: boolean;
  readonly output: GetOutput;
  /** The virtual instant the state is shown at; AGE counts from each object's creation to it. */
  readonly now: SimTime;
}

const DEFAULT_NAMESPACE = 'default';

/**
 * `kubectl get KIND [NAME]` over a cluster state: kubectl's columns for the kind (with `-o wide`'s extra
 * ones), or the objects as YAML or JSON. Objects come sorted by namespace and name. A kind svcsim does
 * not know, a missing named object, or a name with `-A` is a UsageError in kubectl's words.
 *
 * Where svcsim differs on purpose: `-o yaml` and `-o json` show objects as svcsim stores them, so
 * timestamps are virtual milliseconds rather than RFC 3339 strings; and "No resources found", which
 * kubectl writes to stderr, is returned as the output for the caller to place.
 */
export function renderGet(state: ClusterState, kindName: string, options: GetOptions): string {
  const type = resolveResourceType(kindName);
  const namespaced = KIND_NAMESPACED[type.kind];
  if (options.allNamespaces && options.name !== undefined)
    throw new UsageError('a resource cannot be retrieved by name across all namespaces');
  const allNamespaces = namespaced && options.allNamespaces;
  const namespace = namespaced ? (options.namespace ?? DEFAULT_NAMESPACE) : '';

  let objects: KubeObjectOfKind<ShownKind>[];
  if (options.name !== undefined) {
    const object = getObject(state, type.kind, namespace, options.name);
    if (object === undefined)
      throw new UsageError(`Error from server (NotFound): ${type.plural} "${options.name}" not found`);
    objects = [object];
  } else {
    objects = listObjects(state, type.kind, allNamespaces || !namespaced ? undefined : namespace);
  }

  if (options.output === 'yaml' || options.output === 'json') {
    const document = options.name !== undefined ? objects[0] : asList(objects);
    return options.output === 'json'
      ? `${JSON.stringify(sortKeys(document), null, 4)}\n`
      : toKubectlYaml(document);
  }

  if (objects.length === 0)
    return namespaced && !allNamespaces
      ? `No resources found in ${namespace} namespace.\n`
      : 'No resources found\n';

  const wide = options.output === 'wide';
  const printer = TABLE_PRINTERS[type.kind] as {
    headers: readonly string[];
    wideHeaders: readonly string[];
    row(object: KubeObjectOfKind<ShownKind>, now: SimTime, wide: boolean): string[];
  };
  const columns = printer.headers.length + (wide ? printer.wideHeaders.length : 0);
  const headers = [...printer.headers, ...(wide ? printer.wideHeaders : [])];
  const rows = objects.map((object) => {
    const cells = printer.row(object, options.now, wide).slice(0, columns);
    return allNamespaces ? [object.metadata.namespace ?? '', ...cells] : cells;
  });
  return renderTable(allNamespaces ? ['NAMESPACE', ...headers] : headers, rows);
}

/** A list as kubectl prints several objects: a `v1` `List` with the items in order. */
function asList(items: readonly unknown[]): unknown {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}

/** kubectl's JSON comes from Go maps, so every object's keys are sorted. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  return value;
}
