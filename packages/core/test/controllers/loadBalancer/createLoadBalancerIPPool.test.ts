import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { createLoadBalancerIPPool } from '../../../src/controllers/loadBalancer/createLoadBalancerIPPool.js';
import { formatIpv4, parseIpv4, parseIpv4Cidr } from '../../../src/net/ipv4.js';

function poolOf(text: string) {
  const cidr = parseIpv4Cidr(text);
  if (cidr === undefined) throw new Error(`bad CIDR ${text}`);
  return createLoadBalancerIPPool(cidr);
}

const ip = (text: string): number => {
  const value = parseIpv4(text);
  if (value === undefined) throw new Error(`bad IP ${text}`);
  return value;
};

describe('createLoadBalancerIPPool', () => {
  it('hands out the lowest address after the network address first', () => {
    const pool = poolOf('203.0.113.0/24');
    expect(formatIpv4(pool.lowestFree() ?? 0)).toBe('203.0.113.1');
    expect(pool.claim(ip('203.0.113.1'), 'default/a')).toBe(true);
    expect(formatIpv4(pool.lowestFree() ?? 0)).toBe('203.0.113.2');
  });

  it('leaves out the network and broadcast addresses, but not on a /31 or /32', () => {
    const wide = poolOf('203.0.113.0/24');
    expect(wide.contains(ip('203.0.113.0'))).toBe(false);
    expect(wide.contains(ip('203.0.113.255'))).toBe(false);
    expect(wide.contains(ip('203.0.113.254'))).toBe(true);
    expect(wide.contains(ip('203.0.114.1'))).toBe(false);
    const pair = poolOf('198.51.100.6/31');
    expect([pair.contains(ip('198.51.100.6')), pair.contains(ip('198.51.100.7'))]).toEqual([true, true]);
    const single = poolOf('198.51.100.9/32');
    expect(formatIpv4(single.lowestFree() ?? 0)).toBe('198.51.100.9');
  });

  it('refuses an address that is taken or outside the pool, and says who holds it', () => {
    const pool = poolOf('203.0.113.0/30');
    expect(pool.claim(ip('203.0.113.2'), 'default/a')).toBe(true);
    expect(pool.claim(ip('203.0.113.2'), 'default/b')).toBe(false);
    expect(pool.claim(ip('203.0.113.3'), 'default/b')).toBe(false); // broadcast
    expect(pool.holderOf(ip('203.0.113.2'))).toBe('default/a');
    expect(formatIpv4(pool.lowestFree() ?? 0)).toBe('203.0.113.1');
  });

  it('is exhausted when every usable address is held, until one is released', () => {
    const pool = poolOf('203.0.113.0/30');
    pool.claim(ip('203.0.113.1'), 'default/a');
    pool.claim(ip('203.0.113.2'), 'default/b');
    expect(pool.lowestFree()).toBeUndefined();
    pool.release(ip('203.0.113.1'));
    expect(formatIpv4(pool.lowestFree() ?? 0)).toBe('203.0.113.1');
    expect(pool.used()).toBe(1);
  });

  it('always offers the lowest free address, whatever was claimed and released before', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ claim: fc.boolean(), offset: fc.nat({ max: 13 }) }), { maxLength: 60 }),
        (steps) => {
          const pool = poolOf('10.200.0.0/28'); // usable .1 - .14
          const held = new Set<number>();
          for (const step of steps) {
            const address = ip('10.200.0.1') + step.offset;
            if (step.claim) {
              const lowest = pool.lowestFree();
              if (lowest !== undefined && pool.claim(lowest, 'x')) held.add(lowest);
              expect(pool.claim(address, 'y')).toBe(!held.has(address));
              held.add(address);
            } else {
              pool.release(address);
              held.delete(address);
            }
            const expected = Array.from({ length: 14 }, (_, i) => ip('10.200.0.1') + i).find(
              (a) => !held.has(a),
            );
            expect(pool.lowestFree()).toBe(expected);
            expect(pool.used()).toBe(held.size);
          }
        },
      ),
    );
  });
});
