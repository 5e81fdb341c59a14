import { describe, expect, it } from 'vitest';

import { parseIpAddress } from '../../../src/apiserver/endpoints/parseIpAddress.js';

describe('parseIpAddress', () => {
  it('prints IPv4 without leading zeros and IPv6 in RFC 5952 form, as Go does', () => {
    expect(parseIpAddress('010.000.000.001')?.text).toBe('10.0.0.1');
    expect(parseIpAddress('FD00:0:0:0:0:0:0:1')?.text).toBe('fd00::1');
    expect(parseIpAddress('2001:db8:0:0:1:0:0:1')?.text).toBe('2001:db8::1:0:0:1');
    expect(parseIpAddress('2001:db8:0:1:1:1:1:1')?.text).toBe('2001:db8:0:1:1:1:1:1');
    expect(parseIpAddress('::')?.text).toBe('::');
  });

  it('treats IPv4-mapped IPv6 addresses as IPv4', () => {
    expect(parseIpAddress('::ffff:10.0.0.1')).toMatchObject({ family: 'IPv4', text: '10.0.0.1' });
  });

  it('rejects what is not an IP', () => {
    for (const text of [
      '',
      '10.0.0',
      '10.0.0.256',
      'a.b.c.d',
      'fd00::1::2',
      '1:2:3:4:5:6:7:8:9',
      'fe80::1%eth0',
      'web',
    ]) {
      expect(parseIpAddress(text), text).toBeUndefined();
    }
  });

  it('orders addresses numerically through sortKey, IPv4 before IPv6', () => {
    const sorted = ['fd00::1', '10.0.0.10', '10.0.0.9', '9.0.0.1'].sort((a, b) =>
      (parseIpAddress(a)?.sortKey ?? '') < (parseIpAddress(b)?.sortKey ?? '') ? -1 : 1,
    );
    expect(sorted).toEqual(['9.0.0.1', '10.0.0.9', '10.0.0.10', 'fd00::1']);
  });
});
