import type { RandomStream } from '../../random/RandomStream.js';
import { cidrContains, formatIpv4, parseIpv4, parseIpv4Cidr, type Ipv4Cidr } from '../../net/ipv4.js';
import { RANGE_FULL, type AllocationResult } from './AllocationResult.js';
import { createBitmapAllocator, type BitmapAllocator } from './BitmapAllocator.js';

/** kubeadm's default `--service-cluster-ip-range` (the apiserver's own compiled-in default is 10.0.0.0/24). */
export const DEFAULT_SERVICE_CIDR = '10.96.0.0/12';

/** The allocator's contents as plain data; createClusterIPAllocator(state) rebuilds it. */
export interface ClusterIPAllocatorState {
  readonly cidr: string;
  /** Allocated addresses, ascending. */
  readonly allocated: readonly string[];
}

/** Options of createClusterIPAllocator; a ClusterIPAllocatorState is one. */
export interface ClusterIPAllocatorOptions {
  /** The service CIDR (default 10.96.0.0/12). */
  readonly cidr?: string;
  /** Addresses already taken, e.g. the ClusterIPs of stored Services when replaying. */
  readonly allocated?: Iterable<string>;
}

/**
 * kube-apiserver's IPv4 ClusterIP allocator (pkg/registry/core/service/ipallocator/bitmap.go): a bitmap
 * over the usable addresses of the service CIDR, network and broadcast addresses excluded, so bitmap
 * slot 0 is `.1`; the first `offset` slots form the static band that dynamic allocation uses last.
 */
export interface ClusterIPAllocator {
  /** The service CIDR, e.g. "10.96.0.0/12". */
  readonly cidr: string;
  /** Number of usable addresses (the CIDR's size minus network and broadcast). */
  readonly size: number;
  /** Size of the static band: min(max(16, cidrSize/16), 256), or 0 for ranges of 16 addresses or fewer. */
  readonly offset: number;
  /** Reserves a requested address; refuses it when taken or outside the usable range. */
  allocate(ip: string): AllocationResult<string>;
  /** Reserves a random free address, upper (dynamic) band first. */
  allocateNext(random: RandomStream): AllocationResult<string>;
  /** Frees an address; a no-op for free or out-of-range addresses. */
  release(ip: string): void;
  /** Whether the address is allocated. */
  has(ip: string): boolean;
  /** Number of allocated addresses. */
  used(): number;
  /** Number of free addresses. */
  free(): number;
  /** Allocated addresses in numeric order. */
  allocated(): string[];
  /** An independent copy with the same contents. */
  clone(): ClusterIPAllocator;
  /** The contents as plain data. */
  toState(): ClusterIPAllocatorState;
}

function parseServiceCidr(text: string): Ipv4Cidr {
  const cidr = parseIpv4Cidr(text);
  if (cidr === undefined) {
    throw new RangeError(`service CIDR must be an IPv4 network address with a prefix length, got "${text}"`);
  }
  // A bitmap per address: kube-apiserver refuses IPv4 service ranges larger than /12 for the same reason.
  if (cidr.prefixLength < 12) {
    throw new RangeError(`service CIDR ${text} is too large: the prefix length must be at least 12`);
  }
  // The kubernetes Service takes index 1, and a range needs a few addresses beyond it to be of use.
  if (cidr.size < 8) {
    throw new RangeError(`service CIDR ${text} is too small: it must hold at least 8 addresses`);
  }
  return cidr;
}

/** calculateRangeOffset of ipallocator/bitmap.go: never less than 16 or more than 256, cidrSize/16 between. */
function rangeOffset(cidrSize: number): number {
  if (cidrSize <= 16) return 0;
  return Math.min(Math.max(16, Math.floor(cidrSize / 16)), 256);
}

/** The address at `index` within the CIDR (GetIndexedIP); throws when the CIDR has no such address. */
function indexedIP(cidrText: string, index: number): string {
  const cidr = parseServiceCidr(cidrText);
  if (index >= cidr.size) throw new RangeError(`service CIDR ${cidrText} has no address at index ${index}`);
  return formatIpv4(cidr.base + index);
}

/** The ClusterIP of `default/kubernetes`: the CIDR's first usable address, index 1 (10.96.0.1). */
export function kubernetesServiceIP(cidr: string = DEFAULT_SERVICE_CIDR): string {
  return indexedIP(cidr, 1);
}

/** The ClusterIP kubeadm gives `kube-system/kube-dns`: index 10 of the CIDR (10.96.0.10). */
export function dnsServiceIP(cidr: string = DEFAULT_SERVICE_CIDR): string {
  return indexedIP(cidr, 10);
}

/** Creates a ClusterIP allocator over a service CIDR (default 10.96.0.0/12). */
export function createClusterIPAllocator(options: ClusterIPAllocatorOptions = {}): ClusterIPAllocator {
  const cidrText = options.cidr ?? DEFAULT_SERVICE_CIDR;
  const cidr = parseServiceCidr(cidrText);
  // Slot 0 is the address after the network address; the broadcast address is left out of the bitmap
  // rather than allocated, so that it can never be released.
  const first = cidr.base + 1;
  const size = cidr.size - 2;
  const offset = rangeOffset(cidr.size);
  return wrap(cidrText, cidr, first, createBitmapAllocator({ size, offset }), options.allocated ?? []);
}

function wrap(
  cidrText: string,
  cidr: Ipv4Cidr,
  first: number,
  bitmap: BitmapAllocator,
  initial: Iterable<string>,
): ClusterIPAllocator {
  /** The bitmap slot of an address, or undefined when it is not a usable address of the range. */
  const slotOf = (ip: string): number | undefined => {
    const address = parseIpv4(ip);
    if (address === undefined || !cidrContains(cidr, address)) return undefined;
    const slot = address - first;
    return slot >= 0 && slot < bitmap.size ? slot : undefined;
  };

  const allocator: ClusterIPAllocator = {
    cidr: cidrText,
    size: bitmap.size,
    offset: bitmap.offset,
    allocate(ip) {
      const slot = slotOf(ip);
      if (slot === undefined) {
        return {
          ok: false,
          error: {
            reason: 'NotInRange',
            message: `provided IP is not in the valid range. The range of valid IPs is ${cidrText}`,
          },
        };
      }
      if (!bitmap.allocate(slot)) {
        return { ok: false, error: { reason: 'Allocated', message: 'provided IP is already allocated' } };
      }
      return { ok: true, value: formatIpv4(first + slot) };
    },
    allocateNext(random) {
      const slot = bitmap.allocateNext(random);
      if (slot === undefined) return { ok: false, error: RANGE_FULL };
      return { ok: true, value: formatIpv4(first + slot) };
    },
    release(ip) {
      const slot = slotOf(ip);
      if (slot !== undefined) bitmap.release(slot);
    },
    has(ip) {
      const slot = slotOf(ip);
      return slot !== undefined && bitmap.has(slot);
    },
    used: () => bitmap.count(),
    free: () => bitmap.free(),
    allocated: () => bitmap.allocated().map((slot) => formatIpv4(first + slot)),
    clone: () => wrap(cidrText, cidr, first, bitmap.clone(), []),
    toState: () => ({ cidr: cidrText, allocated: allocator.allocated() }),
  };

  for (const ip of initial) {
    const result = allocator.allocate(ip);
    if (!result.ok && result.error.reason === 'NotInRange') {
      throw new RangeError(`cannot restore ClusterIP ${ip}: ${result.error.message}`);
    }
  }
  return allocator;
}
