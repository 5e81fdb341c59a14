import { assertNever } from '../assertNever.js';
import type { Labels, SimEvent } from '../events/SimEvent.js';

/** One human-readable line for an event, as the CLI's timelines show it. Stable: golden tests depend on it. */
export function describeEvent(event: SimEvent): string {
  switch (event.type) {
    case 'node/added':
      return `${event.name} InternalIP ${event.internalIP}, podCIDR ${event.podCIDR}`;
    case 'pod/added':
      return `${event.namespace}/${event.name} on ${event.nodeName} ${formatLabels(event.labels)}${event.ready ? '' : ' (not ready)'}`;
    case 'pod/readinessSet':
      return `${event.namespace}/${event.name} Ready=${event.ready ? 'True' : 'False'}`;
    case 'pod/removed':
    case 'service/removed':
    case 'endpoints/removed':
      return `${event.namespace}/${event.name}`;
    case 'service/added':
      return `${event.namespace}/${event.name} port ${event.port} -> targetPort ${event.targetPort}, selector ${formatLabels(event.selector)}`;
    case 'pod/ipAssigned':
      return `${event.namespace}/${event.name} ${event.ip}`;
    case 'endpoints/updated': {
      const notReady =
        event.notReadyAddresses.length > 0 ? `; not ready ${event.notReadyAddresses.join(',')}` : '';
      return `${event.namespace}/${event.name} ${event.addresses.length > 0 ? event.addresses.join(',') : '<none>'}${notReady}`;
    }
    default:
      return assertNever(event);
  }
}

/** Labels as kubectl prints them: key=value pairs, sorted by key, comma-separated. */
export function formatLabels(labels: Labels): string {
  const keys = Object.keys(labels).sort();
  return keys.length === 0 ? '<none>' : keys.map((k) => `${k}=${labels[k] ?? ''}`).join(',');
}
