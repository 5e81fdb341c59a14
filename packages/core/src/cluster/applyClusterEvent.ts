import { assertNever } from '../assertNever.js';
import type { Draft } from '../immer.js';
import type { LogEntry } from '../LogEntry.js';
import type { SimEvent } from '../events/SimEvent.js';
import { SimulationError } from '../engine/SimulationError.js';
import type { ClusterState } from './ClusterState.js';

/**
 * Applies one committed event to a draft of the cluster state. Pure apart from the draft: time and
 * sequence come from the entry, nothing from the environment. Throws SimulationError when the event
 * contradicts the state (an unknown node, a duplicate pod), because silently skipping it would make
 * every later view wrong.
 */
export function applyClusterEvent(state: Draft<ClusterState>, entry: LogEntry<SimEvent>): void {
  const { event } = entry;
  const fail = (message: string): never => {
    throw new SimulationError(message, entry.at, entry.seq);
  };
  switch (event.type) {
    case 'node/added':
      if (state.nodes[event.name] !== undefined) fail(`node ${event.name} already exists`);
      state.nodes[event.name] = { name: event.name, internalIP: event.internalIP, podCIDR: event.podCIDR };
      return;
    case 'pod/added': {
      if (state.nodes[event.nodeName] === undefined) {
        fail(`pod ${event.namespace}/${event.name} is bound to node ${event.nodeName}, which does not exist`);
      }
      const pods = (state.pods[event.namespace] ??= {});
      if (pods[event.name] !== undefined) fail(`pod ${event.namespace}/${event.name} already exists`);
      pods[event.name] = {
        namespace: event.namespace,
        name: event.name,
        nodeName: event.nodeName,
        labels: { ...event.labels },
        ready: event.ready,
        ip: null,
      };
      return;
    }
    case 'pod/readinessSet':
    case 'pod/ipAssigned': {
      const pod = state.pods[event.namespace]?.[event.name];
      if (pod === undefined) return fail(`pod ${event.namespace}/${event.name} does not exist`);
      if (event.type === 'pod/readinessSet') pod.ready = event.ready;
      else pod.ip = event.ip;
      return;
    }
    case 'pod/removed': {
      const pods = state.pods[event.namespace];
      if (pods?.[event.name] === undefined)
        return fail(`pod ${event.namespace}/${event.name} does not exist`);
      delete pods[event.name];
      if (Object.keys(pods).length === 0) delete state.pods[event.namespace];
      return;
    }
    case 'service/added': {
      const services = (state.services[event.namespace] ??= {});
      if (services[event.name] !== undefined) fail(`service ${event.namespace}/${event.name} already exists`);
      services[event.name] = {
        namespace: event.namespace,
        name: event.name,
        selector: { ...event.selector },
        port: event.port,
        targetPort: event.targetPort,
      };
      return;
    }
    case 'service/removed': {
      const services = state.services[event.namespace];
      if (services?.[event.name] === undefined) {
        return fail(`service ${event.namespace}/${event.name} does not exist`);
      }
      delete services[event.name];
      if (Object.keys(services).length === 0) delete state.services[event.namespace];
      return;
    }
    case 'endpoints/updated':
      (state.endpoints[event.namespace] ??= {})[event.name] = {
        namespace: event.namespace,
        name: event.name,
        addresses: [...event.addresses],
        notReadyAddresses: [...event.notReadyAddresses],
      };
      return;
    case 'endpoints/removed': {
      const endpoints = state.endpoints[event.namespace];
      if (endpoints === undefined) return;
      delete endpoints[event.name];
      if (Object.keys(endpoints).length === 0) delete state.endpoints[event.namespace];
      return;
    }
    default:
      return assertNever(event);
  }
}
