/** A string-keyed map whose contents can be frozen cheaply at any moment. */
export interface SnapshotMap<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
  delete(key: string): void;
  /**
   * The contents now, as a map later writes never change. Costs O(shards), not O(entries); two
   * snapshots with no write in between are the same object.
   */
  snapshot(): ReadonlyMap<string, V>;
}

const SHARD_BITS = 8;
const SHARDS = 1 << SHARD_BITS;

/**
 * Creates a SnapshotMap: entries are spread over 256 shards by a hash of the key, and a snapshot keeps
 * the shards as they are. The first write to a shard after a snapshot copies that shard only, so a
 * kube-proxy view of 10,000 Services can be handed to a sync after every change for the price of
 * copying about 40 entries, where copying the whole map would cost 10,000.
 */
export function createSnapshotMap<V>(): SnapshotMap<V> {
  const shards: Map<string, V>[] = Array.from({ length: SHARDS }, () => new Map<string, V>());
  /** Shard i may be written in place only while ownedIn[i] === generation (no snapshot holds it). */
  const ownedIn = new Uint32Array(SHARDS);
  let generation = 0;
  let size = 0;
  let frozen: ReadonlyMap<string, V> | undefined;

  function writable(key: string): Map<string, V> {
    const index = shardOf(key);
    frozen = undefined;
    if (ownedIn[index] !== generation) {
      shards[index] = new Map(shards[index]);
      ownedIn[index] = generation;
    }
    return shards[index] as Map<string, V>;
  }

  return {
    get: (key) => shards[shardOf(key)]?.get(key),
    set(key, value) {
      const shard = writable(key);
      if (!shard.has(key)) size++;
      shard.set(key, value);
    },
    delete(key) {
      if (!(shards[shardOf(key)] as Map<string, V>).has(key)) return;
      writable(key).delete(key);
      size--;
    },
    snapshot() {
      if (frozen === undefined) {
        frozen = new ShardedMapView([...shards], size);
        generation++;
      }
      return frozen;
    },
  };
}

/** FNV-1a over the key's UTF-16 code units, folded to a shard index. */
function shardOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return (hash ^ (hash >>> SHARD_BITS) ^ (hash >>> (2 * SHARD_BITS))) & (SHARDS - 1);
}

/** A read-only map over frozen shards, iterated shard by shard (a fixed order, so runs repeat). */
class ShardedMapView<V> implements ReadonlyMap<string, V> {
  constructor(
    private readonly shards: readonly ReadonlyMap<string, V>[],
    readonly size: number,
  ) {}

  get(key: string): V | undefined {
    return this.shards[shardOf(key)]?.get(key);
  }

  has(key: string): boolean {
    return this.shards[shardOf(key)]?.has(key) ?? false;
  }

  forEach(callback: (value: V, key: string, map: ReadonlyMap<string, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this) callback.call(thisArg, value, key, this);
  }

  *entries(): MapIterator<[string, V]> {
    for (const shard of this.shards) yield* shard.entries();
  }

  *keys(): MapIterator<string> {
    for (const shard of this.shards) yield* shard.keys();
  }

  *values(): MapIterator<V> {
    for (const shard of this.shards) yield* shard.values();
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }
}
