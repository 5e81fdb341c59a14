import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { equalIgnoreHash } from '../../../src/apiserver/deployment/equalIgnoreHash.js';
import { computePodTemplateHash, fnv32a } from '../../../src/apiserver/deployment/podTemplateHash.js';
import { SAFE_ALPHANUMS, safeEncodeString } from '../../../src/apiserver/deployment/safeEncodeString.js';
import { webTemplate } from './helpers/fixtures.js';

describe('fnv32a', () => {
  it('matches the published FNV-1a 32-bit test vectors', () => {
    const bytes = (s: string) => new TextEncoder().encode(s);
    expect(fnv32a(bytes(''))).toBe(0x811c9dc5);
    expect(fnv32a(bytes('a'))).toBe(0xe40c292c);
    expect(fnv32a(bytes('foobar'))).toBe(0xbf9cf968);
  });
});

describe('safeEncodeString', () => {
  it('maps decimal digits onto the alphabet as rand.SafeEncodeString does', () => {
    expect(SAFE_ALPHANUMS).toBe('bcdfghjklmnpqrstvwxz2456789');
    // '0' is 48, and 48 % 27 = 21, the index of '4'.
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
  });
});

describe('computePodTemplateHash', () => {
  it('is a safe-encoded uint32: 1 to 10 characters of 456789bcdf, like real pod-template-hash labels', () => {
    fc.assert(
      fc.property(fc.string(), fc.option(fc.nat(1000), { nil: undefined }), (image, collisions) => {
        expect(computePodTemplateHash(webTemplate(image), collisions)).toMatch(/^[456789bcdf]{1,10}$/);
      }),
    );
  });

  it('depends only on template content, not on key order', () => {
    const a = webTemplate('nginx:1.25');
    const b = { spec: a.spec, metadata: { labels: { app: 'web' } } };
    expect(computePodTemplateHash(b)).toBe(computePodTemplateHash(a));
  });

  it('changes with the template and with the collision count', () => {
    const base = computePodTemplateHash(webTemplate('nginx:1.25'));
    expect(computePodTemplateHash(webTemplate('nginx:1.26'))).not.toBe(base);
    expect(computePodTemplateHash(webTemplate('nginx:1.25'), 1)).not.toBe(base);
    expect(computePodTemplateHash(webTemplate('nginx:1.25'), 1)).not.toBe(
      computePodTemplateHash(webTemplate('nginx:1.25'), 2),
    );
  });

  it('treats collision count 0 differently from no collision count, as the real hasher does', () => {
    expect(computePodTemplateHash(webTemplate(), 0)).not.toBe(computePodTemplateHash(webTemplate()));
  });
});

describe('equalIgnoreHash', () => {
  it('ignores the pod-template-hash label', () => {
    const t = webTemplate();
    const hashed = { ...t, metadata: { labels: { app: 'web', 'pod-template-hash': 'abc' } } };
    expect(equalIgnoreHash(t, hashed)).toBe(true);
  });

  it('treats absent and empty maps and lists as equal, as Semantic.DeepEqual does', () => {
    const t = webTemplate();
    expect(equalIgnoreHash(t, { ...t, metadata: { labels: { app: 'web' }, annotations: {} } })).toBe(true);
  });

  it('tells different templates apart', () => {
    expect(equalIgnoreHash(webTemplate('a'), webTemplate('b'))).toBe(false);
    expect(equalIgnoreHash(webTemplate(), { ...webTemplate(), metadata: { labels: { app: 'api' } } })).toBe(
      false,
    );
  });
});
