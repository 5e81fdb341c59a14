import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { cidrContains, formatIpv4, parseIpv4, parseIpv4Cidr } from '../../src/net/ipv4.js';

describe('parseIpv4', () => {
  it('round-trips every address through formatIpv4', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (value) => {
        expect(parseIpv4(formatIpv4(value))).toBe(value);
      }),
    );
  });

  it('agrees with the ipV4 arbitrary of fast-check', () => {
    fc.assert(
      fc.property(fc.ipV4(), (text) => {
        expect(parseIpv4(text)).toBeDefined();
        expect(formatIpv4(parseIpv4(text) as number)).toBe(text);
      }),
    );
  });

  it.each([
    '',
    '1.2.3',
    '1.2.3.4.5',
    '256.1.1.1',
    '01.2.3.4',
    '1..2.3',
    '1.2.3.',
    '.1.2.3',
    'a.b.c.d',
    ' 1.2.3.4',
    '1.2.3.-4',
  ])('refuses %j', (text) => {
    expect(parseIpv4(text)).toBeUndefined();
  });
});

describe('parseIpv4Cidr', () => {
  it('parses a block and tells what it contains', () => {
    const cidr = parseIpv4Cidr('10.96.0.0/12');
    expect(cidr).toMatchObject({ base: parseIpv4('10.96.0.0'), prefixLength: 12, size: 2 ** 20 });
    if (cidr === undefined) return;
    expect(cidrContains(cidr, parseIpv4('10.111.255.255') ?? -1)).toBe(true);
    expect(cidrContains(cidr, parseIpv4('10.112.0.0') ?? -1)).toBe(false);
  });

  it.each(['10.96.0.1/12', '10.96.0.0', '10.96.0.0/33', '10.96.0.0/012', 'x/8'])('refuses %j', (text) => {
    expect(parseIpv4Cidr(text)).toBeUndefined();
  });
});
