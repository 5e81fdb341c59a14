import { assertNever } from '../assertNever.js';
import { KIND_NAMESPACED, type KubeObject } from '../api/KubeObject.js';
import type { LogEntry } from '../LogEntry.js';
import type { SimEvent } from '../events/SimEvent.js';
import { SimulationError } from '../engine/SimulationError.js';
import type { ClusterStateWriter } from './ClusterStateWriter.js';

/**
 * Applies one committed event to the cluster state through a copy-on-write writer. Only the apiserver's derived events
 * change state (inputs are requests; their outcome is the derived event that follows). Throws
 * SimulationError when the log contradicts itself (a delete of an object that is not there), because
 * every later view would be wrong.
 */
export function applyClusterEvent(state: ClusterStateWriter, entry: LogEntry<SimEvent>): void {
  const { event } = entry;
  switch (event.type) {
    case 'object/created':
    case 'object/updated': {
      const object: KubeObject = event.object;
      const namespace = KIND_NAMESPACED[object.kind] ? (object.metadata.namespace ?? '') : '';
      const name = object.metadata.name ?? '';
      const exists = state.has(object.kind, namespace, name);
      if (exists !== (event.type === 'object/updated')) {
        throw new SimulationError(
          `${event.type} for ${object.kind} ${namespace}/${name}, which ${exists ? 'already exists' : 'does not exist'}`,
          entry.at,
          entry.seq,
        );
      }
      state.set(object.kind, namespace, name, object);
      return;
    }
    case 'object/deleted': {
      if (!state.has(event.kind, event.namespace, event.name)) {
        throw new SimulationError(
          `object/deleted for ${event.kind} ${event.namespace}/${event.name}, which does not exist`,
          entry.at,
          entry.seq,
        );
      }
      state.delete(event.kind, event.namespace, event.name);
      // A namespace's table goes when the Namespace does, not when its last object does, so that no
      // deletion has to count what is left in its table. Tables of a live namespace may therefore be
      // empty; readers treat an empty table and none alike.
      if (event.kind === 'Namespace') dropNamespaceTables(state, event.name);
      return;
    }
    // Inputs act through the apiserver's derived events (the kubelet's through the pod status it writes);
    // probe results, the data plane's syncs and connections are not part of the apiserver's state.
    case 'api/applied':
    case 'api/deleted':
    case 'api/scaled':
    case 'pod/readinessSet':
    case 'node/readinessSet':
    case 'node/failed':
    case 'node/recovered':
    case 'app/healthSet':
    case 'app/crashed':
    case 'api/rejected':
    case 'probe/resultChanged':
    case 'proxy/stopped':
    case 'proxy/started':
    case 'proxy/synced':
    case 'connection/opened':
    case 'connection/used':
    case 'connection/closed':
    case 'connection/established':
    case 'connection/failed':
    case 'connection/served':
    case 'connection/broken':
      return;
    default:
      return assertNever(event);
  }
}

/**
 * Removes a deleted namespace's tables of every namespaced kind. The apiserver deletes the
 * namespace's objects before the Namespace itself, so each table is empty by now (one emptiness test
 * per kind, once per namespace deletion); a table that still holds objects is kept, so nothing the log
 * says exists is lost.
 */
function dropNamespaceTables(state: ClusterStateWriter, namespace: string): void {
  for (const kind of Object.keys(KIND_NAMESPACED) as (keyof typeof KIND_NAMESPACED)[]) {
    if (!KIND_NAMESPACED[kind]) continue;
    if (state.countIn(kind, namespace) > 0) continue;
    state.dropTable(kind, namespace);
  }
}
