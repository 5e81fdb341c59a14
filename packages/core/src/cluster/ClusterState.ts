import type { KubeKind, KubeObjectOfKind } from '../api/KubeObject.js';

/** Objects of one kind by namespace ("" for cluster-scoped kinds) and then by name. */
export type ObjectTable<T> = Readonly<Record<string, Readonly<Record<string, T>>>>;

/**
 * What the apiserver holds at one instant, as the log's fold sees it. Tables are sharded by namespace
 * so one copy-on-write batch (ClusterStateWriter) copies the tables it touches, never the whole
 * cluster; folds batch thousands of events per writer (engine/Replay.ts), which keeps even a
 * 10,000-Service namespace cheap.
 */
export type ClusterState = { readonly [K in KubeKind]: ObjectTable<KubeObjectOfKind<K>> };

/** The empty cluster a run starts from. */
export function createEmptyClusterState(): ClusterState {
  return {
    Namespace: {},
    Node: {},
    Pod: {},
    Deployment: {},
    ReplicaSet: {},
    Service: {},
    Endpoints: {},
    EndpointSlice: {},
    Ingress: {},
    Secret: {},
    ConfigMap: {},
  };
}

/** One object of the state, or undefined. */
export function getObject<K extends KubeKind>(
  state: ClusterState,
  kind: K,
  namespace: string,
  name: string,
): KubeObjectOfKind<K> | undefined {
  const table = (state[kind] as ObjectTable<KubeObjectOfKind<K>>)[namespace];
  // hasOwn: tables are plain records, and `constructor` or `toString` is a valid object name.
  return table !== undefined && Object.hasOwn(table, name) ? table[name] : undefined;
}

/** Objects of a kind (in one namespace, or all), sorted by namespace then name. */
export function listObjects<K extends KubeKind>(
  state: ClusterState,
  kind: K,
  namespace?: string,
): KubeObjectOfKind<K>[] {
  const table = state[kind] as ObjectTable<KubeObjectOfKind<K>>;
  const namespaces = namespace === undefined ? Object.keys(table).sort() : [namespace];
  const out: KubeObjectOfKind<K>[] = [];
  for (const ns of namespaces) {
    const byName = table[ns] ?? {};
    for (const name of Object.keys(byName).sort()) out.push(byName[name] as KubeObjectOfKind<K>);
  }
  return out;
}
