import { SERVICE_NAME_LABEL, type EndpointSlice } from '../api/EndpointSlice.js';
import type { Service } from '../api/Service.js';
import type { SimEvent } from '../events/SimEvent.js';
import type { LogEntry } from '../LogEntry.js';
import { plainDataEqual } from '../plainDataEqual.js';
import { buildEndpointsMap } from '../proxy/EndpointInfo.js';
import type { ServiceProxyState } from '../proxy/ProxyMode.js';
import { buildServicePorts } from '../proxy/ServicePortInfo.js';
import type { TraceChange } from './ConnectionTrace.js';
import { describeEvent } from './describeEvent.js';

/**
 * The changes to Service `serviceKey` (the Service or its EndpointSlices) that a node's rules do not
 * reflect yet, oldest first: every change kube-proxy would notice (section 0.5 drops the rest) after
 * the last point in the log where the cluster held exactly what the node programmed (`programmed`,
 * undefined when the node's rules have no such Service). Empty when the node is up to date.
 *
 * The Service's proxy state is rebuilt from the log as kube-proxy's caches build it, after every entry
 * that touches it; the node's view equals one of those states, its watch delay in the past. If none
 * equals it (a view from before the log, which cannot happen in a run), every noticed change counts.
 *
 * Cost: one pass over `entries`, plus a rebuild of the Service's endpoints per entry touching it.
 */
export function findUnprogrammedChanges(
  entries: readonly LogEntry<SimEvent>[],
  serviceKey: string,
  programmed: ServiceProxyState | undefined,
): TraceChange[] {
  const slash = serviceKey.indexOf('/');
  const namespace = serviceKey.slice(0, slash);
  const name = serviceKey.slice(slash + 1);
  let service: Service | undefined;
  const slices = new Map<string, EndpointSlice>();

  const stateNow = (): Pick<ServiceProxyState, 'ports' | 'endpoints'> | undefined => {
    const ports = service === undefined ? [] : buildServicePorts(service);
    return ports.length === 0 ? undefined : { ports, endpoints: buildEndpointsMap([...slices.values()], '') };
  };
  const matchesNode = (state: Pick<ServiceProxyState, 'ports' | 'endpoints'> | undefined): boolean =>
    state === undefined || programmed === undefined
      ? state === programmed
      : plainDataEqual(state.ports, programmed.ports) &&
        plainDataEqual(state.endpoints, programmed.endpoints);

  const changes: TraceChange[] = [];
  let previous = stateNow();
  let programmedUpTo = matchesNode(previous) ? 0 : -1;
  for (const entry of entries) {
    if (!touches(entry.event, namespace, name, slices)) continue;
    const { event } = entry;
    if (event.type === 'object/deleted') {
      if (event.kind === 'Service') service = undefined;
      else slices.delete(event.name);
    } else if (event.type === 'object/created' || event.type === 'object/updated') {
      const object = event.object;
      if (object.kind === 'Service') service = object;
      else if (object.kind === 'EndpointSlice') {
        if (object.metadata.labels?.[SERVICE_NAME_LABEL] === name)
          slices.set(object.metadata.name ?? '', object);
        else slices.delete(object.metadata.name ?? '');
      }
    }
    const state = stateNow();
    if (plainDataEqual(state, previous)) continue;
    previous = state;
    changes.push({ at: entry.at, type: event.type, description: describeEvent(event) });
    if (matchesNode(state)) programmedUpTo = changes.length;
  }
  return programmedUpTo === -1 ? changes : changes.slice(programmedUpTo);
}

/** Whether an entry changes the Service or one of its EndpointSlices (one labelled for it, or that was). */
function touches(
  event: SimEvent,
  namespace: string,
  name: string,
  slices: ReadonlyMap<string, EndpointSlice>,
): boolean {
  switch (event.type) {
    case 'object/created':
    case 'object/updated': {
      const object = event.object;
      if (object.metadata.namespace !== namespace) return false;
      if (object.kind === 'Service') return object.metadata.name === name;
      if (object.kind !== 'EndpointSlice') return false;
      return object.metadata.labels?.[SERVICE_NAME_LABEL] === name || slices.has(object.metadata.name ?? '');
    }
    case 'object/deleted':
      if (event.namespace !== namespace) return false;
      if (event.kind === 'Service') return event.name === name;
      return event.kind === 'EndpointSlice' && slices.has(event.name);
    default:
      return false;
  }
}
