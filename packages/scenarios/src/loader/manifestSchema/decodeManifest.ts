import { isAlias, isMap, isScalar, isSeq, visit, type Alias, type Node as YamlNode, type Scalar } from 'yaml';

import type { ProblemCollector } from '../ProblemCollector.js';
import { childPath, describeNode, type Field } from '../yamlFields.js';
import { closestName } from './closestName.js';
import {
  stringField,
  type FieldSchema,
  type ListSchema,
  type ObjectSchema,
  type ScalarSchema,
  type ScalarType,
} from './FieldSchema.js';

/** What each scalar type is called in "expected X, got Y". */
const EXPECTED: Readonly<Record<ScalarType, string>> = {
  string: 'a string',
  integer: 'an integer',
  boolean: 'true or false',
  intOrString: 'an integer or a string',
  timestamp: 'a time (virtual milliseconds, or an RFC 3339 string)',
};

/** Anchored nodes of one manifest, in document order, for resolving its aliases. */
type Anchors = readonly YamlNode[];

interface DecodeContext {
  readonly problems: ProblemCollector;
  readonly anchors: Anchors;
}

/**
 * Decodes a manifest against its kind's schema, as the apiserver's strict decoder does: every field
 * must be one the type has (or a real Kubernetes field svcsim accepts and ignores), and every value
 * must have its field's JSON shape. Reports each problem at its line and column and returns the
 * object as plain data: a null field is left out (JSON null leaves a field unset), RFC 3339 times are
 * dropped (virtual time has no wall clock; the server sets its own), and aliases are expanded.
 * The result is meaningful only when no problem was added.
 */
export function decodeManifest(field: Field, schema: ObjectSchema, problems: ProblemCollector): unknown {
  const anchors: YamlNode[] = [];
  visit(field.node, {
    Node(_key, node) {
      if (!isAlias(node) && node.anchor !== undefined) anchors.push(node);
    },
  });
  return decode(field.node, field.path, schema, { problems, anchors });
}

function decode(site: YamlNode | null, path: string, schema: FieldSchema, context: DecodeContext): unknown {
  if (isAlias(site)) return withAlias(site, path, context, (node) => decode(node, path, schema, context));
  switch (schema.type) {
    case 'object':
      return decodeObject(site, path, schema, context);
    case 'list':
      return decodeList(site, path, schema, context);
    case 'stringMap':
      return decodeStringMap(site, path, context);
    default:
      return decodeScalar(site, path, schema, context.problems);
  }
}

function decodeObject(
  node: YamlNode | null,
  path: string,
  schema: ObjectSchema,
  context: DecodeContext,
): Record<string, unknown> | undefined {
  if (!isMap(node)) {
    context.problems.add(node, path, `expected a mapping, got ${describeNode(node)}`);
    return undefined;
  }
  const decoded: Record<string, unknown> = {};
  for (const pair of node.items) {
    const keyNode = pair.key as YamlNode | null;
    if (!isScalar(keyNode)) {
      context.problems.add(keyNode, path, 'expected field names to be plain strings');
      continue;
    }
    const key = String(keyNode.value);
    const fieldPath = childPath(path, key);
    const valueNode = (pair.value as YamlNode | null) ?? null;
    const fieldSchema = Object.hasOwn(schema.fields, key) ? schema.fields[key] : undefined;
    let value: unknown;
    if (fieldSchema !== undefined) {
      value = isNull(valueNode, context) ? undefined : decode(valueNode, fieldPath, fieldSchema, context);
    } else if (schema.unmodelled.includes(key)) {
      value = plainValue(valueNode, fieldPath, context);
    } else {
      context.problems.add(keyNode, fieldPath, unknownFieldMessage(key, schema));
      continue;
    }
    if (value !== undefined && value !== null) setOwn(decoded, key, value);
  }
  return withRequiredFields(decoded, schema);
}

/** Gives each required field the object lacks its zero value, unless Kubernetes leaves it unset. */
function withRequiredFields(decoded: Record<string, unknown>, schema: ObjectSchema): Record<string, unknown> {
  for (const [key, fieldSchema] of Object.entries(schema.fields)) {
    if (fieldSchema.required === 'zeroValue' && !Object.hasOwn(decoded, key)) {
      setOwn(decoded, key, zeroValue(fieldSchema));
    }
  }
  return decoded;
}

/** What Go's decoder leaves in a value field the JSON does not set. */
function zeroValue(schema: FieldSchema): unknown {
  switch (schema.type) {
    case 'object':
      return withRequiredFields({}, schema);
    case 'list':
      return [];
    case 'stringMap':
      return {};
    case 'string':
      return '';
    case 'boolean':
      return false;
    case 'integer':
    case 'intOrString':
    case 'timestamp':
      return 0;
  }
}

function decodeList(
  node: YamlNode | null,
  path: string,
  schema: ListSchema,
  context: DecodeContext,
): unknown[] | undefined {
  if (!isSeq(node)) {
    context.problems.add(node, path, `expected a list, got ${describeNode(node)}`);
    return undefined;
  }
  return node.items.map((item, index) =>
    decode((item as YamlNode | null) ?? null, `${path}[${String(index)}]`, schema.items, context),
  );
}

function decodeStringMap(
  node: YamlNode | null,
  path: string,
  context: DecodeContext,
): Record<string, string> | undefined {
  if (!isMap(node)) {
    context.problems.add(node, path, `expected a mapping of strings, got ${describeNode(node)}`);
    return undefined;
  }
  const decoded: Record<string, string> = {};
  for (const pair of node.items) {
    const keyNode = pair.key as YamlNode | null;
    if (!isScalar(keyNode)) {
      context.problems.add(keyNode, path, 'expected keys to be plain strings');
      continue;
    }
    const key = String(keyNode.value);
    const valueNode = (pair.value as YamlNode | null) ?? null;
    // A null value decodes to "" (Go leaves the map element its zero value), as `app:` means app="".
    const value = isNull(valueNode, context)
      ? ''
      : decode(valueNode, `${path}[${key}]`, stringField, context);
    if (typeof value === 'string') setOwn(decoded, key, value);
  }
  return decoded;
}

function decodeScalar(
  node: YamlNode | null,
  path: string,
  schema: ScalarSchema,
  problems: ProblemCollector,
): unknown {
  const value: unknown = isScalar(node) ? node.value : undefined;
  const isInteger = typeof value === 'number' && Number.isSafeInteger(value);
  switch (schema.type) {
    case 'string':
      if (typeof value === 'string') return value;
      break;
    case 'integer':
      if (isInteger) return value;
      break;
    case 'boolean':
      if (typeof value === 'boolean') return value;
      break;
    case 'intOrString':
      if (isInteger || typeof value === 'string') return value;
      break;
    case 'timestamp':
      if (isInteger) return value;
      // Deliberate difference: a wall-clock time means nothing in a virtual run, so it is dropped.
      if (typeof value === 'string') return undefined;
      break;
  }
  const quoteHint =
    schema.type === 'string' && (typeof value === 'number' || typeof value === 'boolean')
      ? ` (quote it: "${(node as Scalar).source ?? String(value)}")`
      : '';
  problems.add(node, path, `expected ${EXPECTED[schema.type]}, got ${describeNode(node)}${quoteHint}`);
  return undefined;
}

/** The value of a field svcsim does not model, unchecked, as plain data (null fields left out). */
function plainValue(node: YamlNode | null, path: string, context: DecodeContext): unknown {
  if (isAlias(node)) return withAlias(node, path, context, (target) => plainValue(target, path, context));
  if (isMap(node)) {
    const value: Record<string, unknown> = {};
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const item = plainValue((pair.value as YamlNode | null) ?? null, childPath(path, key), context);
      if (item !== undefined && item !== null) setOwn(value, key, item);
    }
    return value;
  }
  if (isSeq(node)) {
    return node.items.map((item, index) =>
      plainValue((item as YamlNode | null) ?? null, `${path}[${String(index)}]`, context),
    );
  }
  return isScalar(node) ? node.value : null;
}

/** Whether a value is null (an alias with no anchor is not: decoding it reports the alias). */
function isNull(node: YamlNode | null, context: DecodeContext): boolean {
  const target = isAlias(node) ? anchorOf(node, context.anchors) : node;
  return target === null || (isScalar(target) && target.value === null);
}

/** Expands an alias through its anchor, reporting one that is recursive or not in this manifest. */
function withAlias(
  alias: Alias,
  path: string,
  context: DecodeContext,
  decodeTarget: (node: YamlNode) => unknown,
): unknown {
  const target = anchorOf(alias, context.anchors);
  if (target === undefined) {
    context.problems.add(
      alias,
      path,
      `the alias *${alias.source} has no anchor in this manifest (aliases are expanded within one manifest)`,
    );
    return undefined;
  }
  // Aliases point back, so one inside the node it names is the only way to loop.
  const aliasAt = alias.range?.[0] ?? 0;
  if (
    target.range !== undefined &&
    target.range !== null &&
    target.range[0] <= aliasAt &&
    aliasAt < target.range[1]
  ) {
    context.problems.add(alias, path, `the alias *${alias.source} contains itself`);
    return undefined;
  }
  return decodeTarget(target);
}

/** The last node anchored with the alias's name before it, as YAML resolves aliases. */
function anchorOf(alias: Alias, anchors: Anchors): YamlNode | undefined {
  const at = alias.range?.[0] ?? Number.MAX_SAFE_INTEGER;
  let found: YamlNode | undefined;
  for (const node of anchors) {
    if (node.anchor === alias.source && (node.range?.[0] ?? 0) < at) found = node;
  }
  return found;
}

function unknownFieldMessage(key: string, schema: ObjectSchema): string {
  const suggestion = closestName(key, [...Object.keys(schema.fields), ...schema.unmodelled]);
  return suggestion === undefined
    ? `unknown field "${key}"`
    : `unknown field "${key}" (did you mean "${suggestion}"?)`;
}

/** Sets a key as an own data property, so a key such as `__proto__` is data rather than a prototype. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
