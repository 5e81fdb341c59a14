import { describe, expect, it } from 'vitest';

import { PROXY_MODE_NAMES, proxyModeNamed } from '../src/index.js';

describe('proxyModeNamed', () => {
  it('finds a mode by each registered name, and the mode carries that name', () => {
    expect(PROXY_MODE_NAMES).toEqual(['iptables']);
    for (const name of PROXY_MODE_NAMES) expect(proxyModeNamed(name)?.name).toBe(name);
  });

  it('knows no other names', () => {
    for (const name of ['ipvs', 'nftables', 'userspace', 'IPTABLES', '', 'toString', '__proto__']) {
      expect(proxyModeNamed(name)).toBeUndefined();
    }
  });
});
