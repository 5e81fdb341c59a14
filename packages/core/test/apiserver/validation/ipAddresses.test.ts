import { describe, expect, it } from 'vitest';

import {
  isIPv6String,
  isValidCIDR,
  isValidIP,
  isValidIPv4Address,
  isValidIPv6Address,
  nonSpecialIPErrors,
  parseIpSloppy,
} from '../../../src/apiserver/validation/ipAddresses.js';
import { MSG } from './fixtures.js';

describe('parseIpSloppy', () => {
  it('accepts IPv4 with leading zeros, as ParseIPSloppy does', () => {
    expect(parseIpSloppy('010.000.0.1')?.bytes).toEqual([10, 0, 0, 1]);
  });

  it('parses IPv6 with and without compression, and with a dotted tail', () => {
    expect(parseIpSloppy('::')?.bytes).toEqual(new Array<number>(16).fill(0));
    expect(parseIpSloppy('2001:db8::1')?.bytes).toEqual([
      0x20,
      0x01,
      0x0d,
      0xb8,
      ...new Array<number>(11).fill(0),
      1,
    ]);
    expect(parseIpSloppy('::ffff:10.0.0.1')?.bytes.slice(10)).toEqual([0xff, 0xff, 10, 0, 0, 1]);
    expect(parseIpSloppy('1:2:3:4:5:6:7:8')?.bytes).toHaveLength(16);
  });

  it('rejects malformed addresses', () => {
    for (const bad of [
      '',
      '10.0.0',
      '10.0.0.256',
      '10.0.0.1.',
      '1::2::3',
      '1:2:3:4:5:6:7:8:9',
      '1:2:3:4:5:6:7::8',
      'fe80::1%eth0',
      'x',
    ])
      expect(parseIpSloppy(bad)).toBeUndefined();
  });
});

describe('isValidIP and family checks', () => {
  it('uses the apimachinery text', () => {
    expect(isValidIP('10.0.0.1')).toEqual([]);
    expect(isValidIP('2001:db8::1')).toEqual([]);
    expect(isValidIP('not-an-ip')).toEqual([MSG.ip]);
  });

  it('treats IPv4-mapped IPv6 as IPv4, like Go To4()', () => {
    expect(isValidIPv4Address('::ffff:10.0.0.1')).toEqual([]);
    expect(isValidIPv6Address('::ffff:10.0.0.1')).toEqual(['must be a valid IPv6 address']);
    expect(isValidIPv4Address('2001:db8::1')).toEqual(['must be a valid IPv4 address']);
    expect(isIPv6String('2001:db8::1')).toBe(true);
    expect(isIPv6String('10.0.0.1')).toBe(false);
  });
});

describe('isValidCIDR', () => {
  it('accepts host bits, as the apiserver only warns about them', () => {
    expect(isValidCIDR('10.0.0.0/8')).toEqual([]);
    expect(isValidCIDR('10.0.0.1/24')).toEqual([]);
    expect(isValidCIDR('2001:db8::/64')).toEqual([]);
  });

  it('rejects a missing or oversized prefix', () => {
    for (const bad of ['10.0.0.0', '10.0.0.0/33', '10.0.0.0/', '10.0.0.0/x', '::/129'])
      expect(isValidCIDR(bad)).toEqual([MSG.cidr]);
  });
});

describe('nonSpecialIPErrors', () => {
  it('accepts ordinary unicast addresses', () => {
    expect(nonSpecialIPErrors('192.168.1.10')).toEqual([]);
    expect(nonSpecialIPErrors('2001:db8::1')).toEqual([]);
  });

  it('rejects unspecified, loopback and link-local addresses with upstream texts', () => {
    expect(nonSpecialIPErrors('0.0.0.0')).toEqual(['may not be unspecified (0.0.0.0)']);
    expect(nonSpecialIPErrors('::')).toEqual(['may not be unspecified (::)']);
    expect(nonSpecialIPErrors('127.0.0.5')).toEqual([
      'may not be in the loopback range (127.0.0.0/8, ::1/128)',
    ]);
    expect(nonSpecialIPErrors('::1')).toEqual(['may not be in the loopback range (127.0.0.0/8, ::1/128)']);
    expect(nonSpecialIPErrors('169.254.169.254')).toEqual([
      'may not be in the link-local range (169.254.0.0/16, fe80::/10)',
    ]);
    expect(nonSpecialIPErrors('fe80::1')).toEqual([
      'may not be in the link-local range (169.254.0.0/16, fe80::/10)',
    ]);
    expect(nonSpecialIPErrors('224.0.0.251')).toEqual([
      'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)',
    ]);
    expect(nonSpecialIPErrors('ff02::1')).toEqual([
      'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)',
    ]);
  });

  it('says only "must be a valid IP address" for garbage', () => {
    expect(nonSpecialIPErrors('nope')).toEqual(['must be a valid IP address']);
  });
});
