import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  createClusterIPAllocator,
  dnsServiceIP,
  kubernetesServiceIP,
} from '../../../src/apiserver/allocation/ClusterIPAllocator.js';
import { formatIpv4, parseIpv4 } from '../../../src/net/ipv4.js';
import { createRandomStreams } from '../../../src/random/createRandomStreams.js';

const stream = (seed: number) => createRandomStreams(seed).stream('allocation');
const ipNumber = (ip: string): number => parseIpv4(ip) ?? Number.NaN;

describe('createClusterIPAllocator', () => {
  it('defaults to 10.96.0.0/12 with 2^20 - 2 usable addresses and a static band of 256', () => {
    const allocator = createClusterIPAllocator();
    expect(allocator.cidr).toBe('10.96.0.0/12');
    expect(allocator.size).toBe(2 ** 20 - 2);
    expect(allocator.offset).toBe(256);
  });

  it.each([
    ['10.0.0.0/29', 0],
    ['10.0.0.0/28', 0],
    ['10.0.0.0/27', 16],
    ['10.0.0.0/24', 16],
    ['10.0.0.0/22', 64],
    ['10.0.0.0/20', 256],
    ['10.96.0.0/16', 256],
  ])('sizes the static band of %s as min(max(16, cidrSize/16), 256) = %i', (cidr, offset) => {
    expect(createClusterIPAllocator({ cidr }).offset).toBe(offset);
  });

  it('hands out dynamic addresses above the static band 10.96.0.1-10.96.1.0', () => {
    const allocator = createClusterIPAllocator();
    const random = stream(1);
    for (let i = 0; i < 200; i++) {
      const result = allocator.allocateNext(random);
      expect(result.ok).toBe(true);
      if (result.ok) expect(ipNumber(result.value)).toBeGreaterThan(ipNumber('10.96.1.0'));
    }
  });

  it('uses the static band only once the upper band of a /24 is full', () => {
    const allocator = createClusterIPAllocator({ cidr: '10.0.0.0/24' });
    const random = stream(2);
    const got: string[] = [];
    for (let i = 0; i < 254; i++) {
      const result = allocator.allocateNext(random);
      if (result.ok) got.push(result.value);
    }
    expect(got.slice(0, 238).every((ip) => ipNumber(ip) >= ipNumber('10.0.0.17'))).toBe(true);
    expect(got.slice(238).every((ip) => ipNumber(ip) <= ipNumber('10.0.0.16'))).toBe(true);
    expect(new Set(got).size).toBe(254);
    expect(got).not.toContain('10.0.0.0');
    expect(got).not.toContain('10.0.0.255');
    expect(allocator.allocateNext(random)).toEqual({
      ok: false,
      error: { reason: 'Full', message: 'range is full' },
    });
  });

  it('reserves requested addresses anywhere in the usable range, static band included', () => {
    const allocator = createClusterIPAllocator();
    expect(allocator.allocate('10.96.0.1')).toEqual({ ok: true, value: '10.96.0.1' });
    expect(allocator.allocate('10.96.0.10')).toEqual({ ok: true, value: '10.96.0.10' });
    expect(allocator.allocate('10.111.255.254')).toEqual({ ok: true, value: '10.111.255.254' });
    expect(allocator.has('10.96.0.10')).toBe(true);
    expect(allocator.used()).toBe(3);
  });

  it('refuses taken addresses with the apiserver text', () => {
    const allocator = createClusterIPAllocator();
    allocator.allocate('10.96.0.10');
    expect(allocator.allocate('10.96.0.10')).toEqual({
      ok: false,
      error: { reason: 'Allocated', message: 'provided IP is already allocated' },
    });
  });

  it.each(['10.0.0.5', '10.96.0.0', '10.111.255.255', '10.112.0.0', 'not-an-ip', '10.96.0.010'])(
    'refuses %s as not in the valid range, naming the range',
    (ip) => {
      const allocator = createClusterIPAllocator();
      expect(allocator.allocate(ip)).toEqual({
        ok: false,
        error: {
          reason: 'NotInRange',
          message: 'provided IP is not in the valid range. The range of valid IPs is 10.96.0.0/12',
        },
      });
      expect(allocator.used()).toBe(0);
    },
  );

  it('makes released addresses allocatable again and ignores foreign releases', () => {
    const allocator = createClusterIPAllocator({ cidr: '10.0.0.0/29' });
    const random = stream(3);
    const all = Array.from({ length: 6 }, () => allocator.allocateNext(random));
    expect(all.every((r) => r.ok)).toBe(true);
    allocator.release('10.0.0.4');
    allocator.release('192.168.0.1');
    allocator.release('10.0.0.7');
    expect(allocator.free()).toBe(1);
    expect(allocator.allocateNext(random)).toEqual({ ok: true, value: '10.0.0.4' });
  });

  it('rebuilds from toState and from a list of stored ClusterIPs', () => {
    const allocator = createClusterIPAllocator({ cidr: '10.0.0.0/24' });
    const random = stream(4);
    for (let i = 0; i < 20; i++) allocator.allocateNext(random);
    allocator.allocate('10.0.0.1');
    const state = allocator.toState();
    expect(state.allocated.map(ipNumber)).toEqual([...state.allocated.map(ipNumber)].sort((a, b) => a - b));
    const restored = createClusterIPAllocator(state);
    expect(restored.toState()).toEqual(state);
    const a = stream(9);
    const b = stream(9);
    expect(restored.allocateNext(a)).toEqual(allocator.allocateNext(b));
    expect(() => createClusterIPAllocator({ cidr: '10.0.0.0/24', allocated: ['10.0.1.1'] })).toThrow(
      RangeError,
    );
  });

  it('keeps its clone independent', () => {
    const allocator = createClusterIPAllocator({ cidr: '10.0.0.0/24', allocated: ['10.0.0.50'] });
    const copy = allocator.clone();
    copy.allocate('10.0.0.60');
    allocator.release('10.0.0.50');
    expect(allocator.allocated()).toEqual([]);
    expect(copy.allocated()).toEqual(['10.0.0.50', '10.0.0.60']);
  });

  it('refuses service CIDRs it cannot model', () => {
    expect(() => createClusterIPAllocator({ cidr: '10.96.0.1/12' })).toThrow(RangeError);
    expect(() => createClusterIPAllocator({ cidr: '10.0.0.0/8' })).toThrow(/too large/);
    expect(() => createClusterIPAllocator({ cidr: '10.0.0.0/30' })).toThrow(/too small/);
    expect(() => createClusterIPAllocator({ cidr: 'fd00::/108' })).toThrow(RangeError);
  });

  it('never hands out the same address twice while it is held (property)', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(fc.boolean(), { maxLength: 300 }), (seed, steps) => {
        const allocator = createClusterIPAllocator({ cidr: '10.0.0.0/24' });
        const random = stream(seed);
        const held: string[] = [];
        for (const allocate of steps) {
          if (allocate || held.length === 0) {
            const result = allocator.allocateNext(random);
            if (!result.ok) {
              expect(held.length).toBe(254);
              continue;
            }
            expect(held).not.toContain(result.value);
            held.push(result.value);
          } else {
            const ip = held.splice(random.nextInt(held.length), 1)[0] ?? '';
            allocator.release(ip);
          }
          expect(allocator.used()).toBe(held.length);
        }
      }),
    );
  });
});

describe('well-known ClusterIPs', () => {
  it('puts default/kubernetes at index 1 and kube-dns at index 10', () => {
    expect(kubernetesServiceIP()).toBe('10.96.0.1');
    expect(dnsServiceIP()).toBe('10.96.0.10');
    expect(kubernetesServiceIP('10.0.0.0/24')).toBe('10.0.0.1');
    expect(dnsServiceIP('172.20.0.0/16')).toBe('172.20.0.10');
  });

  it('lets callers reserve them ahead of dynamic allocation', () => {
    const allocator = createClusterIPAllocator();
    expect(allocator.allocate(kubernetesServiceIP(allocator.cidr)).ok).toBe(true);
    expect(allocator.allocate(dnsServiceIP(allocator.cidr)).ok).toBe(true);
    expect(allocator.allocate('10.96.0.10').ok).toBe(false);
  });

  it('refuses a CIDR too small for the DNS index', () => {
    expect(() => dnsServiceIP('10.0.0.0/29')).toThrow(RangeError);
    expect(formatIpv4(ipNumber(kubernetesServiceIP('10.0.0.0/29')))).toBe('10.0.0.1');
  });
});
