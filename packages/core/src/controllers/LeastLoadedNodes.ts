import type { Node } from '../api/Node.js';
import { compareCodeUnits } from '../canonicalDigest.js';
import { isNodeSchedulable } from '../apiserver/deployment/schedulePod.js';

interface Entry {
  readonly count: number;
  readonly name: string;
}

/**
 * The scheduler's everyday question, "which schedulable node has the fewest pods, the first by name on a
 * tie?", answered in O(log nodes) instead of a scan of every node per pod (schedulePod, which stays the
 * definition and still answers for pods with a nodeSelector). A binary heap of (count, name) entries; a
 * count change pushes a new entry and leaves the old one to be dropped when it surfaces, so an entry is
 * current when the node is still schedulable and its count is still the entry's.
 */
export class LeastLoadedNodes {
  private heap: Entry[] = [];
  private readonly schedulable = new Set<string>();

  constructor(private readonly countOf: (node: string) => number) {}

  /** Starts over from this node list (after any node change). */
  reset(nodes: readonly Node[]): void {
    this.schedulable.clear();
    for (const node of nodes) {
      const name = node.metadata.name;
      if (name !== undefined && isNodeSchedulable(node)) this.schedulable.add(name);
    }
    this.rebuild();
  }

  /** The node's pod count changed. */
  changed(node: string): void {
    if (!this.schedulable.has(node)) return;
    if (this.heap.length > 4 * this.schedulable.size + 64) {
      this.rebuild(); // mostly stale entries: start from the current counts
      return;
    }
    this.push({ count: this.countOf(node), name: node });
  }

  /** The schedulable node with the fewest pods (the first by name among equals), or undefined if none. */
  pick(): string | undefined {
    for (;;) {
      const top = this.heap[0];
      if (top === undefined) return undefined;
      if (this.schedulable.has(top.name) && this.countOf(top.name) === top.count) return top.name;
      this.pop();
    }
  }

  private rebuild(): void {
    this.heap = [...this.schedulable].map((name) => ({ count: this.countOf(name), name }));
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private push(entry: Entry): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(entry, heap[parent] as Entry)) break;
      heap[i] = heap[parent] as Entry;
      i = parent;
    }
    heap[i] = entry;
  }

  private pop(): void {
    const last = this.heap.pop();
    if (last === undefined || this.heap.length === 0) return;
    this.heap[0] = last;
    this.siftDown(0);
  }

  private siftDown(start: number): void {
    const heap = this.heap;
    const entry = heap[start] as Entry;
    let i = start;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= heap.length) break;
      const right = child + 1;
      if (right < heap.length && before(heap[right] as Entry, heap[child] as Entry)) child = right;
      if (!before(heap[child] as Entry, entry)) break;
      heap[i] = heap[child] as Entry;
      i = child;
    }
    heap[i] = entry;
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.count < b.count || (a.count === b.count && compareCodeUnits(a.name, b.name) < 0);
}
