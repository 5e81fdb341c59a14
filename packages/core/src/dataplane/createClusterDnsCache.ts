import { KIND_NAMESPACED, type KubeObject } from '../api/KubeObject.js';
import { createEmptyClusterState, type ClusterState } from '../cluster/ClusterState.js';
import { deriveClusterDns, type ClusterDns } from '../discovery/deriveClusterDns.js';
import type { SimEvent } from '../events/SimEvent.js';
import type { LogEntry } from '../LogEntry.js';
import { kubeDnsAddresses } from './resolveDestination.js';

/** The cluster DNS as of the latest committed entry, for the data plane's lookups. */
export interface ClusterDnsCache {
  /** Folds one committed entry in; only Namespace, Service and EndpointSlice changes matter. */
  apply(entry: LogEntry<SimEvent>): void;
  /** The cluster DNS now: derived on first use after a change, then reused. */
  clusterDns(): ClusterDns;
  /** The kube-dns Service's ClusterIPs now (what pods' resolv.conf names as nameserver). */
  clusterDnsAddresses(): readonly string[];
}

/** The kinds the cluster DNS answers from (with CoreDNS's default `pods insecure`, pods are not read). */
type DnsKind = 'Namespace' | 'Service' | 'EndpointSlice';

function isDnsKind(kind: string): kind is DnsKind {
  return kind === 'Namespace' || kind === 'Service' || kind === 'EndpointSlice';
}

/**
 * Keeps the objects the cluster DNS is derived from (Namespaces, Services, EndpointSlices), as
 * committed, in mutable tables shaped like a ClusterState, and derives the cluster DNS from them lazily:
 * once after each change that could alter an answer, on the first lookup that needs it. Deriving costs
 * O(EndpointSlices), so connections by name between two such changes share one derivation, and a run
 * with no connections by name never derives one. Pod changes (the most frequent kind) do not touch it.
 *
 * The tables are the truth as committed, not a watcher's view: svcsim answers DNS from the apiserver's
 * state directly, without CoreDNS's own watch lag (see resolveDestination).
 */
export function createClusterDnsCache(): ClusterDnsCache {
  const tables: Record<DnsKind, Record<string, Record<string, KubeObject>>> = {
    Namespace: {},
    Service: {},
    EndpointSlice: {},
  };
  // Only these tables are ever read by deriveClusterDns in `pods: insecure` mode; the rest stay empty.
  const state = { ...createEmptyClusterState(), ...tables } as unknown as ClusterState;
  let dns: ClusterDns | undefined;
  let addresses: readonly string[] | undefined;

  function put(object: KubeObject & { kind: DnsKind }): void {
    const namespace = KIND_NAMESPACED[object.kind] ? (object.metadata.namespace ?? '') : '';
    const byName = (tables[object.kind][namespace] ??= {});
    byName[object.metadata.name ?? ''] = object;
  }

  function remove(kind: DnsKind, namespace: string, name: string): void {
    const byName = tables[kind][namespace];
    if (byName === undefined) return;
    delete byName[name];
    if (Object.keys(byName).length === 0) delete tables[kind][namespace];
  }

  return {
    apply({ event }) {
      switch (event.type) {
        case 'object/created':
        case 'object/updated': {
          const object = event.object;
          if (!isDnsKind(object.kind)) return;
          put(object as KubeObject & { kind: DnsKind });
          break;
        }
        case 'object/deleted':
          if (!isDnsKind(event.kind)) return;
          remove(event.kind, event.namespace, event.name);
          break;
        default:
          return;
      }
      dns = undefined;
      addresses = undefined;
    },
    clusterDns: () => (dns ??= deriveClusterDns(state, { pods: 'insecure' })),
    clusterDnsAddresses: () => (addresses ??= kubeDnsAddresses(state)),
  };
}
