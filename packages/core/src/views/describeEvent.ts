import { assertNever } from '../assertNever.js';
import type { KubeObject } from '../api/KubeObject.js';
import type { Labels, SimEvent } from '../events/SimEvent.js';
import { describeObject } from './describeObject.js';

/** One human-readable line for an event, as the CLI's timelines show it. Stable: golden tests depend on it. */
export function describeEvent(event: SimEvent): string {
  switch (event.type) {
    case 'api/applied':
      return objectRef(event.object);
    case 'api/deleted':
      return `${event.kind} ${qualified(event.namespace, event.name)}${event.gracePeriodSeconds === undefined ? '' : ` (grace ${event.gracePeriodSeconds}s)`}`;
    case 'api/scaled':
      return `${event.kind} ${qualified(event.namespace, event.name)} to ${event.replicas} replicas`;
    case 'pod/readinessSet':
      return `Pod ${qualified(event.namespace, event.name)} Ready=${event.ready ? 'True' : 'False'}`;
    case 'node/readinessSet':
      return `Node ${event.name} Ready=${event.ready ? 'True' : 'False'}`;
    case 'object/created':
    case 'object/updated':
      return `${objectRef(event.object)} ${describeObject(event.object)}`.trimEnd();
    case 'object/deleted':
      return `${event.kind} ${qualified(event.namespace, event.name)}`;
    case 'api/rejected':
      return `${event.status.code} ${event.status.reason}: ${event.status.message}`;
    default:
      return assertNever(event);
  }
}

function qualified(namespace: string, name: string): string {
  return namespace === '' ? name : `${namespace}/${name}`;
}

function objectRef(object: KubeObject): string {
  const name = object.metadata.name ?? `${object.metadata.generateName ?? ''}*`;
  return `${object.kind} ${qualified(object.metadata.namespace ?? '', name)}`;
}

/** Labels as kubectl prints them: key=value pairs, sorted by key, comma-separated. */
export function formatLabels(labels: Labels): string {
  const keys = Object.keys(labels).sort();
  return keys.length === 0 ? '<none>' : keys.map((k) => `${k}=${labels[k] ?? ''}`).join(',');
}
