import { isMap, isScalar, isSeq, type Node as YamlNode, type YAMLMap } from 'yaml';

import { parseDuration, type SimTime } from '@svcsim/core';

import type { ProblemCollector, ProblemSite } from './ProblemCollector.js';

/** A value in the YAML tree with its field path, so every reader can say where a problem is. */
export interface Field {
  readonly node: YamlNode | null;
  readonly path: string;
}

/** A mapping's fields by key, with the mapping itself for problems about missing fields. */
export interface Fields {
  readonly map: YAMLMap;
  readonly path: string;
  readonly byKey: ReadonlyMap<string, Field>;
}

/** The JSON type name of a node's value, for "expected X, got Y" messages. */
export function describeNode(node: YamlNode | null): string {
  if (node === null) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return node.value === null ? 'null' : JSON.stringify(node.value);
  return 'an alias';
}

export function childPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

/**
 * Reads a mapping's fields; with `known`, any other key is reported as an unknown field (a misspelt
 * field silently ignored would change the run without a word).
 */
export function readMap(
  field: Field,
  problems: ProblemCollector,
  known?: readonly string[],
): Fields | undefined {
  if (!isMap(field.node)) {
    problems.add(field.node, field.path, `expected a mapping, got ${describeNode(field.node)}`);
    return undefined;
  }
  const byKey = new Map<string, Field>();
  for (const pair of field.node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key === undefined) {
      problems.add(pair.key as ProblemSite, field.path, 'expected field names to be plain strings');
      continue;
    }
    const path = childPath(field.path, key);
    if (known !== undefined && !known.includes(key)) {
      problems.add(pair.key as ProblemSite, path, `unknown field (expected one of ${known.join(', ')})`);
      continue;
    }
    byKey.set(key, { node: (pair.value as YamlNode | null) ?? null, path });
  }
  return { map: field.node, path: field.path, byKey };
}

/** A field that must be present; reports it missing at the mapping that lacks it. */
export function required(fields: Fields, key: string, problems: ProblemCollector): Field | undefined {
  const field = fields.byKey.get(key);
  if (field === undefined) problems.add(fields.map, childPath(fields.path, key), 'required field is missing');
  return field;
}

export function readSeq(field: Field, problems: ProblemCollector): Field[] | undefined {
  if (!isSeq(field.node)) {
    problems.add(field.node, field.path, `expected a list, got ${describeNode(field.node)}`);
    return undefined;
  }
  return field.node.items.map((item, index) => ({
    node: (item as YamlNode | null) ?? null,
    path: `${field.path}[${String(index)}]`,
  }));
}

export function readString(
  field: Field,
  problems: ProblemCollector,
  expected = 'a string',
): string | undefined {
  const node = field.node;
  if (isScalar(node) && typeof node.value === 'string' && node.value !== '') return node.value;
  problems.add(node, field.path, `expected ${expected}, got ${describeNode(node)}`);
  return undefined;
}

export function readEnum<T extends string>(
  field: Field,
  choices: readonly T[],
  problems: ProblemCollector,
): T | undefined {
  const node = field.node;
  if (
    isScalar(node) &&
    typeof node.value === 'string' &&
    (choices as readonly string[]).includes(node.value)
  ) {
    return node.value as T;
  }
  problems.add(node, field.path, `expected one of ${choices.join(', ')}, got ${describeNode(node)}`);
  return undefined;
}

export function readInteger(
  field: Field,
  problems: ProblemCollector,
  minimum: number,
  maximum = Number.MAX_SAFE_INTEGER,
): number | undefined {
  const node = field.node;
  if (isScalar(node) && typeof node.value === 'number' && Number.isSafeInteger(node.value)) {
    if (node.value >= minimum && node.value <= maximum) return node.value;
  }
  const range =
    maximum === Number.MAX_SAFE_INTEGER ? `>= ${String(minimum)}` : `${String(minimum)}..${String(maximum)}`;
  problems.add(node, field.path, `expected an integer ${range}, got ${describeNode(node)}`);
  return undefined;
}

export function readBoolean(field: Field, problems: ProblemCollector): boolean | undefined {
  const node = field.node;
  if (isScalar(node) && typeof node.value === 'boolean') return node.value;
  problems.add(node, field.path, `expected true or false, got ${describeNode(node)}`);
  return undefined;
}

/** A Go-style duration ("250ms", "1m30s"); a bare number is refused, as parseDuration explains. */
export function readDuration(field: Field, problems: ProblemCollector): SimTime | undefined {
  const node = field.node;
  const parsed = isScalar(node) && typeof node.value === 'string' ? parseDuration(node.value) : undefined;
  if (parsed !== undefined) return parsed;
  problems.add(
    node,
    field.path,
    `expected a duration such as 250ms, 30s or 1m30s, got ${describeNode(node)}`,
  );
  return undefined;
}
