import { assertNever } from '../assertNever.js';
import { KIND_NAMESPACED, type KubeObject } from '../api/KubeObject.js';
import type { Draft } from '../immer.js';
import type { LogEntry } from '../LogEntry.js';
import type { SimEvent } from '../events/SimEvent.js';
import { SimulationError } from '../engine/SimulationError.js';
import type { ClusterState } from './ClusterState.js';

type Tables = Record<string, Record<string, KubeObject>>;

/**
 * Applies one committed event to a draft of the cluster state. Only the apiserver's derived events
 * change state (inputs are requests; their outcome is the derived event that follows). Throws
 * SimulationError when the log contradicts itself (a delete of an object that is not there), because
 * every later view would be wrong.
 */
export function applyClusterEvent(state: Draft<ClusterState>, entry: LogEntry<SimEvent>): void {
  const { event } = entry;
  switch (event.type) {
    case 'object/created':
    case 'object/updated': {
      const object = event.object;
      const namespace = KIND_NAMESPACED[object.kind] ? (object.metadata.namespace ?? '') : '';
      const tables = state[object.kind] as unknown as Tables;
      const byName = (tables[namespace] ??= {});
      const name = object.metadata.name ?? '';
      const exists = byName[name] !== undefined;
      if (exists !== (event.type === 'object/updated')) {
        throw new SimulationError(
          `${event.type} for ${object.kind} ${namespace}/${name}, which ${exists ? 'already exists' : 'does not exist'}`,
          entry.at,
          entry.seq,
        );
      }
      byName[name] = object;
      return;
    }
    case 'object/deleted': {
      const tables = state[event.kind] as unknown as Tables;
      const byName = tables[event.namespace];
      if (byName?.[event.name] === undefined) {
        throw new SimulationError(
          `object/deleted for ${event.kind} ${event.namespace}/${event.name}, which does not exist`,
          entry.at,
          entry.seq,
        );
      }
      delete byName[event.name];
      // A namespace's table goes when the Namespace does, not when its last object does: testing a
      // draft table for emptiness enumerates it through immer's proxy traps, which made every
      // deletion cost O(objects of that kind in the namespace) (170 ms at 100,000 pods). Tables of a
      // live namespace may therefore be empty; readers treat an empty table and none alike.
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
function dropNamespaceTables(state: Draft<ClusterState>, namespace: string): void {
  for (const kind of Object.keys(KIND_NAMESPACED) as (keyof typeof KIND_NAMESPACED)[]) {
    if (!KIND_NAMESPACED[kind]) continue;
    const tables = state[kind] as unknown as Tables;
    const byName = tables[namespace];
    if (byName === undefined) continue;
    if (Object.keys(byName).length > 0) continue;
    delete tables[namespace];
  }
}
