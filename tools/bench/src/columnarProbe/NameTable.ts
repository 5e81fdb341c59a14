/**
 * Names interned to dense integer ids at ingestion: an input names an object once, and everything after
 * (derived events, lag queues, controllers) carries the id. Names are kept per namespace (cluster-scoped
 * kinds use the namespace ''), so a lookup hashes the input's own name string, whose hash V8 keeps once
 * computed, instead of a `namespace/name` key built afresh for every input.
 */
export class NameTable {
  private readonly byNamespace = new Map<string, Map<string, number>>();
  private readonly namespaces: string[] = [];
  private readonly names: string[] = [];

  /** The id of `name` in `namespace`, made if new. */
  intern(namespace: string, name: string): number {
    let ids = this.byNamespace.get(namespace);
    if (ids === undefined) {
      ids = new Map();
      this.byNamespace.set(namespace, ids);
    }
    let id = ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      ids.set(name, id);
      this.namespaces.push(namespace);
      this.names.push(name);
    }
    return id;
  }

  /** The id of `name` in `namespace`, or -1 if it was never interned. */
  find(namespace: string, name: string): number {
    return this.byNamespace.get(namespace)?.get(name) ?? -1;
  }

  /** The name, prefixed with `namespace/` for namespaced kinds. */
  nameOf(id: number): string {
    const namespace = this.namespaceOf(id);
    return namespace === '' ? this.localNameOf(id) : `${namespace}/${this.localNameOf(id)}`;
  }

  namespaceOf(id: number): string {
    const namespace = this.namespaces[id];
    if (namespace === undefined) throw new RangeError(`no name has id ${id}`);
    return namespace;
  }

  /** The name without its namespace. */
  localNameOf(id: number): string {
    const name = this.names[id];
    if (name === undefined) throw new RangeError(`no name has id ${id}`);
    return name;
  }

  get size(): number {
    return this.names.length;
  }
}
