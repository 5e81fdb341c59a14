import { describe, expect, it } from 'vitest';

import type { Pod } from '../../../src/api/Pod.js';
import { PodDerivationCache } from '../../../src/apiserver/endpoints/PodDerivationCache.js';

function pod(name: string, uid: string | undefined, ready: boolean): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', ...(uid !== undefined ? { uid } : {}) },
    spec: { containers: [] },
    status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  };
}

/** A cache plus a count of how often it had to derive. */
function counted(): {
  cache: PodDerivationCache<string>;
  derive: (p: Pod, tag: string) => string;
  calls: () => number;
} {
  const cache = new PodDerivationCache<string>();
  let calls = 0;
  return {
    cache,
    derive: (p, tag) =>
      cache.get(p, tag, undefined, undefined, () => {
        calls++;
        return `${p.metadata.name ?? ''}:${tag}:${String(p.status?.conditions?.[0]?.status)}`;
      }),
    calls: () => calls,
  };
}

describe('PodDerivationCache', () => {
  it('derives once for the same pod object and inputs', () => {
    const { derive, calls } = counted();
    const a = pod('a', 'u1', true);
    expect(derive(a, 's')).toBe('a:s:True');
    expect(derive(a, 's')).toBe('a:s:True');
    expect(calls()).toBe(1);
  });

  it('derives again for a new version of the pod, and keeps only the latest', () => {
    const { cache, derive, calls } = counted();
    const before = pod('a', 'u1', true);
    const after = pod('a', 'u1', false);
    expect(derive(before, 's')).toBe('a:s:True');
    expect(derive(after, 's')).toBe('a:s:False');
    expect(derive(before, 's')).toBe('a:s:True');
    expect(calls()).toBe(3);
    expect(cache.size).toBe(1);
  });

  it('derives again when an input changes', () => {
    const { derive, calls } = counted();
    const a = pod('a', 'u1', true);
    expect(derive(a, 's')).toBe('a:s:True');
    expect(derive(a, 't')).toBe('a:t:True');
    expect(calls()).toBe(2);
  });

  it('remembers nothing for a pod without a uid', () => {
    const { cache, derive, calls } = counted();
    const a = pod('a', undefined, true);
    derive(a, 's');
    derive(a, 's');
    expect(calls()).toBe(2);
    expect(cache.size).toBe(0);
  });

  it('forgets a deleted pod', () => {
    const { cache, derive, calls } = counted();
    const a = pod('a', 'u1', true);
    derive(a, 's');
    cache.forget('u1');
    expect(cache.size).toBe(0);
    derive(a, 's');
    expect(calls()).toBe(2);
  });
});
