import type { RandomStream } from '../../random/RandomStream.js';
import { RANGE_FULL, type AllocationResult } from './AllocationResult.js';
import { createBitmapAllocator, type BitmapAllocator } from './BitmapAllocator.js';
import { DEFAULT_NODE_PORT_RANGE, formatPortRange, parsePortRange, type PortRange } from './PortRange.js';

/** The allocator's contents as plain data; createNodePortAllocator(state) rebuilds it. */
export interface NodePortAllocatorState {
  readonly range: string;
  /** Allocated ports, ascending. */
  readonly allocated: readonly number[];
}

/** Options of createNodePortAllocator; a NodePortAllocatorState is one. */
export interface NodePortAllocatorOptions {
  /** The `--service-node-port-range` (default "30000-32767"). */
  readonly range?: string;
  /** Ports already taken, e.g. the nodePorts of stored Services when replaying. */
  readonly allocated?: Iterable<number>;
}

/**
 * kube-apiserver's NodePort allocator (pkg/registry/core/service/portallocator/allocator.go): a bitmap
 * over the port range whose first `offset` ports form the static band that dynamic allocation uses last.
 */
export interface NodePortAllocator {
  /** The range as PortRange.String prints it, e.g. "30000-32767". */
  readonly range: string;
  readonly base: number;
  readonly size: number;
  /** Size of the static band: min(max(16, size/32), 128), so 86 for 30000-32767; 0 for ranges of 16 or fewer. */
  readonly offset: number;
  /** Reserves a requested port; refuses it when taken or outside the range. */
  allocate(port: number): AllocationResult<number>;
  /** Reserves a random free port, upper (dynamic) band first. */
  allocateNext(random: RandomStream): AllocationResult<number>;
  /** Frees a port; a no-op for free or out-of-range ports. */
  release(port: number): void;
  /** Whether the port is allocated. */
  has(port: number): boolean;
  /** Number of allocated ports. */
  used(): number;
  /** Number of free ports. */
  free(): number;
  /** Allocated ports, ascending. */
  allocated(): number[];
  /** An independent copy with the same contents. */
  clone(): NodePortAllocator;
  /** The contents as plain data. */
  toState(): NodePortAllocatorState;
}

/** calculateRangeOffset of portallocator/allocator.go: never less than 16 or more than 128, size/32 between. */
function rangeOffset(rangeSize: number): number {
  if (rangeSize <= 16) return 0;
  return Math.min(Math.max(16, Math.floor(rangeSize / 32)), 128);
}

/** Creates a NodePort allocator over a port range (default 30000-32767). */
export function createNodePortAllocator(options: NodePortAllocatorOptions = {}): NodePortAllocator {
  const text = options.range ?? DEFAULT_NODE_PORT_RANGE;
  const range = parsePortRange(text);
  if (range === undefined) {
    throw new RangeError(`node port range must look like "30000-32767", got "${text}"`);
  }
  const bitmap = createBitmapAllocator({ size: range.size, offset: rangeOffset(range.size) });
  return wrap(range, bitmap, options.allocated ?? []);
}

function wrap(range: PortRange, bitmap: BitmapAllocator, initial: Iterable<number>): NodePortAllocator {
  const rangeText = formatPortRange(range);
  const slotOf = (port: number): number | undefined => {
    const slot = port - range.base;
    return Number.isInteger(port) && slot >= 0 && slot < range.size ? slot : undefined;
  };

  const allocator: NodePortAllocator = {
    range: rangeText,
    base: range.base,
    size: range.size,
    offset: bitmap.offset,
    allocate(port) {
      const slot = slotOf(port);
      if (slot === undefined) {
        return {
          ok: false,
          error: {
            reason: 'NotInRange',
            message: `provided port is not in the valid range. The range of valid ports is ${rangeText}`,
          },
        };
      }
      if (!bitmap.allocate(slot)) {
        return { ok: false, error: { reason: 'Allocated', message: 'provided port is already allocated' } };
      }
      return { ok: true, value: port };
    },
    allocateNext(random) {
      const slot = bitmap.allocateNext(random);
      if (slot === undefined) return { ok: false, error: RANGE_FULL };
      return { ok: true, value: range.base + slot };
    },
    release(port) {
      const slot = slotOf(port);
      if (slot !== undefined) bitmap.release(slot);
    },
    has(port) {
      const slot = slotOf(port);
      return slot !== undefined && bitmap.has(slot);
    },
    used: () => bitmap.count(),
    free: () => bitmap.free(),
    allocated: () => bitmap.allocated().map((slot) => range.base + slot),
    clone: () => wrap(range, bitmap.clone(), []),
    toState: () => ({ range: rangeText, allocated: allocator.allocated() }),
  };

  for (const port of initial) {
    const result = allocator.allocate(port);
    if (!result.ok && result.error.reason === 'NotInRange') {
      throw new RangeError(`cannot restore nodePort ${port}: ${result.error.message}`);
    }
  }
  return allocator;
}
