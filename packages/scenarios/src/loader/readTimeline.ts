import type { HealthState, KubeKind } from '@svcsim/core';

import type { ProblemCollector } from './ProblemCollector.js';
import { DEFAULT_NAMESPACE, MANIFEST_API_VERSIONS, readManifest } from './readManifest.js';
import {
  TIMELINE_ACTIONS,
  type NamespacedName,
  type TimelineAction,
  type TimelineActionName,
} from './TimelineAction.js';
import {
  readBoolean,
  readDuration,
  readEnum,
  readInteger,
  readMap,
  readSeq,
  readString,
  required,
  type Field,
  type Fields,
} from './yamlFields.js';

/** The fields each action takes besides `at` and `action`. */
const ACTION_FIELDS: Readonly<Record<TimelineActionName, readonly string[]>> = {
  apply: ['object'],
  delete: ['kind', 'name', 'namespace', 'gracePeriodSeconds'],
  scale: ['deployment', 'replicas'],
  rollout: ['deployment'],
  failNode: ['node'],
  recoverNode: ['node'],
  restartProxy: ['node', 'downtime'],
  // `readiness` is the spelling of the design brief's example; `health` is the event's own.
  setAppHealth: ['pod', 'container', 'health', 'readiness'],
  crash: ['pod', 'container', 'exitCode'],
  setPodReadiness: ['pod', 'ready'],
};
const HEALTH_STATES: readonly HealthState[] = ['healthy', 'failing', 'hanging'];

/** Reads `spec.timeline` into typed actions; steps with problems are reported and left out. */
export function readTimeline(field: Field, problems: ProblemCollector): TimelineAction[] {
  const actions: TimelineAction[] = [];
  for (const item of readSeq(field, problems) ?? []) {
    const action = readAction(item, problems);
    if (action !== undefined) actions.push(action);
  }
  return actions;
}

function readAction(item: Field, problems: ProblemCollector): TimelineAction | undefined {
  const loose = readMap(item, problems);
  if (loose === undefined) return undefined;
  const actionField = required(loose, 'action', problems);
  const name = actionField && readEnum(actionField, TIMELINE_ACTIONS, problems);
  const atField = required(loose, 'at', problems);
  const at = atField && readDuration(atField, problems);
  if (name === undefined) return undefined;
  const fields = readMap(item, problems, ['at', 'action', ...ACTION_FIELDS[name]]);
  if (fields === undefined) return undefined;
  const before = problems.count;
  const action = readActionFields(name, fields, item, problems);
  return at === undefined || action === undefined || problems.count > before
    ? undefined
    : { ...action, at, site: item };
}

/** An action before its instant and site are attached (Omit distributed over the union). */
type ActionBody = TimelineAction extends unknown ? DistributiveOmit<TimelineAction> : never;
type DistributiveOmit<T> = T extends unknown ? Omit<T, 'at' | 'site'> : never;

function readActionFields(
  name: TimelineActionName,
  fields: Fields,
  item: Field,
  problems: ProblemCollector,
): ActionBody | undefined {
  const need = (key: string): Field | undefined => required(fields, key, problems);
  const optional = (key: string): Field | undefined => fields.byKey.get(key);
  switch (name) {
    case 'apply': {
      const objectField = need('object');
      const object = objectField && readManifest(objectField, problems);
      return object && { action: name, object };
    }
    case 'delete': {
      const kindField = need('kind');
      const kind =
        kindField && readEnum(kindField, Object.keys(MANIFEST_API_VERSIONS) as KubeKind[], problems);
      const nameField = need('name');
      const objectName = nameField && readString(nameField, problems, 'an object name');
      const namespaceField = optional('namespace');
      const namespace =
        namespaceField === undefined ? DEFAULT_NAMESPACE : readString(namespaceField, problems);
      const graceField = optional('gracePeriodSeconds');
      const grace = graceField && readInteger(graceField, problems, 0);
      if (kind === undefined || objectName === undefined || namespace === undefined) return undefined;
      const clusterScoped = kind === 'Node' || kind === 'Namespace';
      return {
        action: name,
        kind,
        target: { namespace: clusterScoped ? '' : namespace, name: objectName },
        ...(grace !== undefined && { gracePeriodSeconds: grace }),
      };
    }
    case 'scale': {
      const deployment = reference(need('deployment'), problems);
      const replicasField = need('replicas');
      const replicas = replicasField && readInteger(replicasField, problems, 0);
      return deployment && replicas !== undefined ? { action: name, deployment, replicas } : undefined;
    }
    case 'rollout': {
      const deployment = reference(need('deployment'), problems);
      return deployment && { action: name, deployment };
    }
    case 'failNode':
    case 'recoverNode': {
      const nodeField = need('node');
      const node = nodeField && readString(nodeField, problems, 'a node name');
      return node === undefined ? undefined : { action: name, node };
    }
    case 'restartProxy': {
      const nodeField = need('node');
      const node = nodeField && readString(nodeField, problems, 'a node name');
      const downtimeField = optional('downtime');
      const downtimeMs = downtimeField === undefined ? 0 : readDuration(downtimeField, problems);
      return node === undefined || downtimeMs === undefined ? undefined : { action: name, node, downtimeMs };
    }
    case 'setAppHealth': {
      const pod = reference(need('pod'), problems);
      const container = optionalString(optional('container'), problems);
      const healthField = optional('health') ?? optional('readiness');
      if (healthField === undefined)
        problems.add(item.node, `${item.path}.health`, 'required field is missing');
      const health = healthField && readEnum(healthField, HEALTH_STATES, problems);
      return pod && health && { action: name, pod, health, ...(container !== undefined && { container }) };
    }
    case 'crash': {
      const pod = reference(need('pod'), problems);
      const container = optionalString(optional('container'), problems);
      const exitField = optional('exitCode');
      const exitCode = exitField && readInteger(exitField, problems, 0, 255);
      return (
        pod && {
          action: name,
          pod,
          ...(container !== undefined && { container }),
          ...(exitCode !== undefined && { exitCode }),
        }
      );
    }
    case 'setPodReadiness': {
      const pod = reference(need('pod'), problems);
      const readyField = need('ready');
      const ready = readyField && readBoolean(readyField, problems);
      return pod && ready !== undefined ? { action: name, pod, ready } : undefined;
    }
  }
}

function optionalString(field: Field | undefined, problems: ProblemCollector): string | undefined {
  return field && readString(field, problems);
}

/** `namespace/name`, or a bare `name` in the default namespace. */
function reference(field: Field | undefined, problems: ProblemCollector): NamespacedName | undefined {
  const text = field && readString(field, problems, 'namespace/name or name');
  if (field === undefined || text === undefined) return undefined;
  const parts = text.split('/');
  if (parts.length === 1) return { namespace: DEFAULT_NAMESPACE, name: text };
  if (parts.length === 2 && parts[0] !== '' && parts[1] !== '') {
    return { namespace: parts[0] ?? '', name: parts[1] ?? '' };
  }
  problems.add(field.node, field.path, `expected namespace/name or name, got "${text}"`);
  return undefined;
}
