import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  compareKubeProxyVersions,
  isKubeProxyVersionIn,
  parseKubeProxyVersion,
} from '../../src/proxy/KubeProxyVersion.js';

describe('parseKubeProxyVersion', () => {
  it.each([
    ['1.22.3', { major: 1, minor: 22, patch: 3 }],
    ['v1.22.3', { major: 1, minor: 22, patch: 3 }],
    ['1.0.0', { major: 1, minor: 0, patch: 0 }],
    ['1.31.12', { major: 1, minor: 31, patch: 12 }],
  ])('reads the release %s', (text, version) => {
    expect(parseKubeProxyVersion(text)).toEqual(version);
  });

  it.each([
    '1.22',
    '1',
    '',
    'v',
    '1.22.3-rc.0',
    '1.22.3+k3s1',
    '01.22.3',
    '1.022.3',
    '1.22.x',
    ' 1.22.3',
    'V1.22.3',
  ])('refuses %j, which is not a release version', (text) => {
    expect(parseKubeProxyVersion(text)).toBeUndefined();
  });

  it('reads back what it parsed, in either spelling', () => {
    const part = fc.integer({ min: 0, max: 999 });
    fc.assert(
      fc.property(part, part, part, fc.boolean(), (major, minor, patch, v) => {
        const text = `${v ? 'v' : ''}${major}.${minor}.${patch}`;
        expect(parseKubeProxyVersion(text)).toEqual({ major, minor, patch });
      }),
    );
  });
});

describe('compareKubeProxyVersions', () => {
  const version = (text: string) => parseKubeProxyVersion(text) ?? { major: -1, minor: -1, patch: -1 };

  it('orders by major, then minor, then patch, numerically', () => {
    const sorted = ['1.9.10', '1.22.10', '1.22.3', '2.0.0', '1.22.4', '1.23.0'].map(version);
    sorted.sort(compareKubeProxyVersions);
    expect(sorted.map((v) => `${v.major}.${v.minor}.${v.patch}`)).toEqual([
      '1.9.10',
      '1.22.3',
      '1.22.4',
      '1.22.10',
      '1.23.0',
      '2.0.0',
    ]);
  });

  it('holds a range from its first release up to, not including, its last', () => {
    const from = version('1.22.0');
    const until = version('1.22.4');
    expect(
      ['1.21.14', '1.22.0', '1.22.3', '1.22.4', '1.23.0'].map((t) =>
        isKubeProxyVersionIn(version(t), from, until),
      ),
    ).toEqual([false, true, true, false, false]);
  });
});
