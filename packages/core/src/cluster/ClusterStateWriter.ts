import type { KubeKind, KubeObject } from '../api/KubeObject.js';
import type { ClusterState } from './ClusterState.js';

type Table = Record<string, KubeObject>;
type KindTables = Record<string, Table>;

/**
 * Changes a ClusterState by copy-on-write: the first change to a container (the root, a kind's
 * namespaces, a namespace's objects) in this writer's life copies it, later ones change the copy, and
 * everything unchanged is shared with the state it started from, which is never modified. One writer
 * per batch of entries, so a busy table is copied once per batch, not once per event.
 *
 * Why not immer, as before: immer reaches a draft through Proxy traps (about 1 µs per event for the
 * four or five reads and writes a fold makes) and deep-walks every plain object assigned into a draft
 * when it finalises (2 µs per object update), which made the fold alone slower than issue 2's replay
 * target. The state is three levels of plain records, so the copying immer would do is written out here.
 */
export class ClusterStateWriter {
  private root: Record<KubeKind, KindTables> | undefined;
  /** Containers this writer made (and so may change): kind tables and namespace tables. */
  private readonly owned = new Set<object>();
  /** Objects put by this writer, frozen by finish() when asked to. */
  private readonly put: KubeObject[] = [];

  constructor(private readonly base: ClusterState) {}

  /** Whether the state holds this object now. */
  has(kind: KubeKind, namespace: string, name: string): boolean {
    const table = this.current()[kind][namespace];
    return table !== undefined && Object.hasOwn(table, name);
  }

  /** Creates or replaces an object. */
  set(kind: KubeKind, namespace: string, name: string, object: KubeObject): void {
    this.ownedTable(kind, namespace)[name] = object;
    this.put.push(object);
  }

  /** Removes an object that the state holds. */
  delete(kind: KubeKind, namespace: string, name: string): void {
    delete this.ownedTable(kind, namespace)[name];
  }

  /** Objects in a namespace's table of a kind now (0 when it has none). */
  countIn(kind: KubeKind, namespace: string): number {
    const table = this.current()[kind][namespace];
    return table === undefined ? 0 : Object.keys(table).length;
  }

  /** Removes a namespace's table of a kind. */
  dropTable(kind: KubeKind, namespace: string): void {
    if (this.current()[kind][namespace] === undefined) return;
    delete this.ownedKind(kind)[namespace];
  }

  /**
   * The state after every change; the writer is spent. With `freeze`, every container it made and
   * every object it put are frozen deeply, as tests ask so that a mutation of shared state throws.
   */
  finish(freeze: boolean): ClusterState {
    const root = this.root;
    if (root === undefined) return this.base;
    if (freeze) {
      for (const container of this.owned) Object.freeze(container);
      for (const object of this.put) deepFreeze(object);
      Object.freeze(root);
    }
    return root as unknown as ClusterState;
  }

  private current(): Record<KubeKind, KindTables> {
    return this.root ?? this.base;
  }

  private ownedKind(kind: KubeKind): KindTables {
    this.root ??= { ...(this.base as unknown as Record<KubeKind, KindTables>) };
    let tables = this.root[kind];
    if (!this.owned.has(tables)) {
      tables = { ...tables };
      this.root[kind] = tables;
      this.owned.add(tables);
    }
    return tables;
  }

  private ownedTable(kind: KubeKind, namespace: string): Table {
    const tables = this.ownedKind(kind);
    let table = tables[namespace];
    if (table === undefined) {
      table = {};
      tables[namespace] = table;
      this.owned.add(table);
    } else if (!this.owned.has(table)) {
      table = { ...table };
      tables[namespace] = table;
      this.owned.add(table);
    }
    return table;
  }
}

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}
