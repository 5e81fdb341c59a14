/**
 * Names interned to dense integer ids at ingestion: an input names an object once, and everything after
 * (derived events, lag queues, controllers) carries the id.
 */
export class NameTable {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];

  /** The id of `name`, made if new. */
  intern(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
    }
    return id;
  }

  /** The id of `name`, or -1 if it was never interned. */
  find(name: string): number {
    return this.ids.get(name) ?? -1;
  }

  nameOf(id: number): string {
    const name = this.names[id];
    if (name === undefined) throw new RangeError(`no name has id ${id}`);
    return name;
  }

  get size(): number {
    return this.names.length;
  }
}
