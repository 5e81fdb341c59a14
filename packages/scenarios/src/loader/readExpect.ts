import { isScalar } from 'yaml';

import type { SimTime } from '@svcsim/core';

import { AFFINITY_VERDICTS, type Comparison, type ExpectSpec, type PodTarget } from './ExpectSpec.js';
import type { ProblemCollector } from './ProblemCollector.js';
import { readComparison } from './readComparison.js';
import { DEFAULT_NAMESPACE, objectKey } from './readManifest.js';
import type { SectionWorld } from './SectionWorld.js';
import type { NamespacedName } from './TimelineAction.js';
import {
  describeNode,
  readBoolean,
  readDuration,
  readEnum,
  readMap,
  readSeq,
  readString,
  required,
  type Field,
  type Fields,
} from './yamlFields.js';

/**
 * Each kind of expectation is named by its own key (a `reaches` by its `share`, a `samePod` by its
 * verdict); the fields it takes besides `name`. A `reaches` takes exactly one of `selector` and `pod`.
 */
const EXPECT_FIELDS = {
  successRate: ['traffic', 'between'],
  endpoints: ['at', 'count'],
  reachable: ['traffic', 'at'],
  affinity: ['traffic', 'between'],
  share: ['traffic', 'between', 'selector', 'pod'],
  samePod: ['traffics', 'between'],
} as const;
type ExpectKind = keyof typeof EXPECT_FIELDS;
const EXPECT_KINDS = Object.keys(EXPECT_FIELDS) as ExpectKind[];

/**
 * Reads `spec.expect`; entries with problems are reported and left out. Traffic names must be in
 * `trafficNames`, Services in the file. Nothing is evaluated here (see ExpectSpec).
 */
export function readExpect(
  field: Field | undefined,
  trafficNames: ReadonlySet<string>,
  world: SectionWorld,
  problems: ProblemCollector,
): ExpectSpec[] {
  const specs: ExpectSpec[] = [];
  const firstPathByName = new Map<string, string>();
  for (const item of field === undefined ? [] : (readSeq(field, problems) ?? [])) {
    const before = problems.count;
    const spec = readEntry(item, { trafficNames, world, firstPathByName }, problems);
    if (spec !== undefined && problems.count === before) specs.push(spec);
  }
  return specs;
}

interface EntryContext {
  readonly trafficNames: ReadonlySet<string>;
  readonly world: SectionWorld;
  readonly firstPathByName: Map<string, string>;
}

function readEntry(item: Field, context: EntryContext, problems: ProblemCollector): ExpectSpec | undefined {
  const loose = readMap(item, problems);
  if (loose === undefined) return undefined;
  const kinds = EXPECT_KINDS.filter((kind) => loose.byKey.has(kind));
  const kind = kinds[0];
  if (kind === undefined || kinds.length > 1) {
    problems.add(
      item.node,
      item.path,
      kind === undefined
        ? `expected one of ${EXPECT_KINDS.join(', ')} (what to expect)`
        : `expected only one of ${EXPECT_KINDS.join(', ')}, got ${kinds.join(' and ')}`,
    );
    return undefined;
  }
  const fields = readMap(item, problems, ['name', kind, ...EXPECT_FIELDS[kind]]);
  if (fields === undefined) return undefined;
  const nameField = required(fields, 'name', problems);
  const name = nameField && readString(nameField, problems, 'an expectation name');
  if (nameField !== undefined && name !== undefined) {
    const first = context.firstPathByName.get(name);
    if (first === undefined) context.firstPathByName.set(name, item.path);
    else problems.add(nameField.node, nameField.path, `expectation "${name}" is already defined at ${first}`);
  }
  const need = (key: string): Field | undefined => required(fields, key, problems);
  const kindField = fields.byKey.get(kind);
  if (kindField === undefined) return undefined; // present: it is how the kind was chosen
  switch (kind) {
    case 'successRate': {
      const traffic = readTrafficName(need('traffic'), context, problems);
      const between = readBetween(need('between'), context.world, problems);
      const successRate = readComparison(kindField, problems, {
        example: '>= 0.999',
        minimum: 0,
        maximum: 1,
        integer: false,
        bareEquals: false,
      });
      return name !== undefined && traffic !== undefined && between && successRate
        ? { name, kind, traffic, between, successRate }
        : undefined;
    }
    case 'endpoints': {
      const service = readService(kindField, context.world, problems);
      const at = readInstant(need('at'), context.world, problems);
      const countField = need('count');
      const count: Comparison | undefined =
        countField &&
        readComparison(countField, problems, {
          example: '>= 2',
          minimum: 0,
          maximum: Number.MAX_SAFE_INTEGER,
          integer: true,
          bareEquals: true,
        });
      return name !== undefined && service && at !== undefined && count
        ? { name, kind, service, at, count }
        : undefined;
    }
    case 'reachable': {
      const reachable = readBoolean(kindField, problems);
      const traffic = readTrafficName(need('traffic'), context, problems);
      const at = readInstant(need('at'), context.world, problems);
      return name !== undefined && traffic !== undefined && at !== undefined && reachable !== undefined
        ? { name, kind, traffic, at, reachable }
        : undefined;
    }
    case 'affinity': {
      const affinity = readEnum(kindField, AFFINITY_VERDICTS, problems);
      const traffic = readTrafficName(need('traffic'), context, problems);
      const between = readBetween(need('between'), context.world, problems);
      return name !== undefined && traffic !== undefined && between && affinity !== undefined
        ? { name, kind, traffic, between, affinity }
        : undefined;
    }
    case 'share': {
      const traffic = readTrafficName(need('traffic'), context, problems);
      const between = readBetween(need('between'), context.world, problems);
      const target = readPodTarget(fields, problems);
      const share = readComparison(kindField, problems, {
        example: '>= 0.5',
        minimum: 0,
        maximum: 1,
        integer: false,
        bareEquals: false,
      });
      return name !== undefined && traffic !== undefined && between && target && share
        ? { name, kind: 'reaches', traffic, between, target, share }
        : undefined;
    }
    case 'samePod': {
      const samePod = readBoolean(kindField, problems);
      const traffics = readTrafficPair(need('traffics'), context, problems);
      const between = readBetween(need('between'), context.world, problems);
      return name !== undefined && traffics && between && samePod !== undefined
        ? { name, kind, traffics, between, samePod }
        : undefined;
    }
  }
}

/** `[a, b]`: two different traffic names, both defined in spec.traffic. */
function readTrafficPair(
  field: Field | undefined,
  context: EntryContext,
  problems: ProblemCollector,
): readonly [string, string] | undefined {
  const items = field && readSeq(field, problems);
  if (field === undefined || items === undefined) return undefined;
  if (items.length !== 2) {
    problems.add(
      field.node,
      field.path,
      `expected [a, b] (two traffic names), got ${String(items.length)} items`,
    );
    return undefined;
  }
  const first = readTrafficName(items[0], context, problems);
  const second = readTrafficName(items[1], context, problems);
  if (first === undefined || second === undefined) return undefined;
  if (first !== second) return [first, second];
  problems.add(field.node, field.path, `expected two different traffics, got "${first}" twice`);
  return undefined;
}

/** Exactly one of `selector` (a label selector) and `pod` (a pod as namespace/name or name). */
function readPodTarget(fields: Fields, problems: ProblemCollector): PodTarget | undefined {
  const selector = fields.byKey.get('selector');
  const pod = fields.byKey.get('pod');
  if (selector !== undefined && pod !== undefined) {
    problems.add(fields.map, fields.path, 'expected either selector or pod, not both');
    return undefined;
  }
  if (selector !== undefined) {
    const matchLabels = readMatchLabels(selector, problems);
    return matchLabels && { kind: 'selector', matchLabels };
  }
  if (pod !== undefined) {
    const name = readNamespacedName(pod, 'pod', problems);
    return name && { kind: 'pod', pod: name };
  }
  problems.add(
    fields.map,
    fields.path,
    'expected selector (labels such as {app: web}) or pod (namespace/name) to say which pods count',
  );
  return undefined;
}

/**
 * A non-empty map of label keys to values, each as the apiserver would accept it on a pod: an empty
 * selector would match every pod, and one no pod could carry would match none, so either is a mistake.
 */
function readMatchLabels(
  field: Field,
  problems: ProblemCollector,
): Readonly<Record<string, string>> | undefined {
  const labels = readMap(field, problems);
  if (labels === undefined) return undefined;
  if (labels.byKey.size === 0) {
    problems.add(field.node, field.path, 'expected at least one label (an empty selector matches every pod)');
    return undefined;
  }
  const before = problems.count;
  const matchLabels: Record<string, string> = {};
  for (const [key, valueField] of labels.byKey) {
    if (!isLabelKey(key)) {
      problems.add(
        valueField.node,
        valueField.path,
        `"${key}" is not a valid label key (an optional DNS subdomain prefix and "/", then a name of at most 63 characters: letters, digits, "-", "_", ".", starting and ending with a letter or digit)`,
      );
    }
    const node = valueField.node;
    if (isScalar(node) && typeof node.value === 'string' && isLabelValue(node.value)) {
      matchLabels[key] = node.value;
    } else {
      problems.add(
        node,
        valueField.path,
        `expected a label value (a string of at most 63 characters: letters, digits, "-", "_", ".", starting and ending with a letter or digit), got ${describeNode(node)}`,
      );
    }
  }
  return problems.count === before ? matchLabels : undefined;
}

const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_SUBDOMAIN_MAX = 253;

/** A qualified name: `name` or `prefix/name`, the prefix a DNS subdomain. */
function isLabelKey(key: string): boolean {
  const slash = key.indexOf('/');
  if (slash < 0) return LABEL_NAME.test(key);
  const prefix = key.slice(0, slash);
  return (
    prefix.length <= DNS_SUBDOMAIN_MAX && DNS_SUBDOMAIN.test(prefix) && LABEL_NAME.test(key.slice(slash + 1))
  );
}

/** Empty, or a name as in a label key. */
function isLabelValue(value: string): boolean {
  return value === '' || LABEL_NAME.test(value);
}

function readTrafficName(
  field: Field | undefined,
  context: EntryContext,
  problems: ProblemCollector,
): string | undefined {
  const name = field && readString(field, problems, 'a traffic name');
  if (field === undefined || name === undefined) return undefined;
  if (context.trafficNames.has(name)) return name;
  const defined = context.trafficNames.size === 0 ? 'none' : [...context.trafficNames].join(', ');
  problems.add(
    field.node,
    field.path,
    `traffic "${name}" is not defined in spec.traffic (defined: ${defined})`,
  );
  return undefined;
}

/** An instant within the run. */
function readInstant(
  field: Field | undefined,
  world: SectionWorld,
  problems: ProblemCollector,
): SimTime | undefined {
  const at = field && readDuration(field, problems);
  if (field === undefined || at === undefined) return undefined;
  if (at <= world.durationMs) return at;
  problems.add(
    field.node,
    field.path,
    `${String(at)}ms is after the end of the run (duration ${String(world.durationMs)}ms)`,
  );
  return undefined;
}

/** `[from, to]`: two instants within the run, the first before the second. */
function readBetween(
  field: Field | undefined,
  world: SectionWorld,
  problems: ProblemCollector,
): readonly [SimTime, SimTime] | undefined {
  const items = field && readSeq(field, problems);
  if (field === undefined || items === undefined) return undefined;
  if (items.length !== 2) {
    problems.add(
      field.node,
      field.path,
      `expected [from, to] (two durations), got ${String(items.length)} items`,
    );
    return undefined;
  }
  const from = readInstant(items[0], world, problems);
  const to = readInstant(items[1], world, problems);
  if (from === undefined || to === undefined) return undefined;
  if (from < to) return [from, to];
  problems.add(field.node, field.path, `from (${String(from)}ms) must be before to (${String(to)}ms)`);
  return undefined;
}

/** `namespace/name`, or a bare `name` in the default namespace, of a Service the file defines. */
function readService(
  field: Field,
  world: SectionWorld,
  problems: ProblemCollector,
): NamespacedName | undefined {
  const service = readNamespacedName(field, 'Service', problems);
  if (service === undefined) return undefined;
  const { namespace, name } = service;
  if (world.objectKeys.has(objectKey('Service', namespace, name))) return service;
  problems.add(field.node, field.path, `Service "${namespace}/${name}" is not defined in this file`);
  return undefined;
}

/**
 * `namespace/name`, or a bare `name` in the default namespace. A pod need not be in the file: a
 * Deployment's pods are named only when the run creates them.
 */
function readNamespacedName(
  field: Field,
  what: 'Service' | 'pod',
  problems: ProblemCollector,
): NamespacedName | undefined {
  const text = readString(field, problems, `a ${what} as namespace/name or name`);
  if (text === undefined) return undefined;
  const parts = text.split('/');
  const [namespace, name] = parts.length === 1 ? [DEFAULT_NAMESPACE, text] : [parts[0] ?? '', parts[1] ?? ''];
  if (parts.length > 2 || namespace === '' || name === '') {
    problems.add(field.node, field.path, `expected a ${what} as namespace/name or name, got "${text}"`);
    return undefined;
  }
  return { namespace, name };
}
