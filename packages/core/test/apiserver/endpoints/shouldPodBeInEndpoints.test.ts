import { describe, expect, it } from 'vitest';

import { isPodReady } from '../../../src/apiserver/endpoints/isPodReady.js';
import { shouldPodBeInEndpoints } from '../../../src/apiserver/endpoints/shouldPodBeInEndpoints.js';
import { makePod } from './fixtures.js';

describe('shouldPodBeInEndpoints (§5.1)', () => {
  it('includes a running pod with an IP, ready or not', () => {
    expect(shouldPodBeInEndpoints(makePod({ name: 'a' }), false)).toBe(true);
    expect(shouldPodBeInEndpoints(makePod({ name: 'a', ready: false, phase: 'Pending' }), false)).toBe(true);
  });

  it('excludes Succeeded and Failed pods even when terminating pods are included', () => {
    expect(shouldPodBeInEndpoints(makePod({ name: 'a', phase: 'Succeeded' }), true)).toBe(false);
    expect(shouldPodBeInEndpoints(makePod({ name: 'a', phase: 'Failed' }), true)).toBe(false);
  });

  it('excludes a pod without an IP', () => {
    expect(shouldPodBeInEndpoints(makePod({ name: 'a', ip: null }), true)).toBe(false);
  });

  it('accepts a pod that reports only status.podIP', () => {
    const pod = makePod({ name: 'a', ip: null });
    expect(shouldPodBeInEndpoints({ ...pod, status: { ...pod.status, podIP: '10.0.0.9' } }, true)).toBe(true);
  });

  it('excludes a terminating pod only when terminating pods are not included', () => {
    const pod = makePod({ name: 'a', deleting: true });
    expect(shouldPodBeInEndpoints(pod, false)).toBe(false);
    expect(shouldPodBeInEndpoints(pod, true)).toBe(true);
  });
});

describe('isPodReady', () => {
  it('is true only when the Ready condition is True', () => {
    expect(isPodReady(makePod({ name: 'a', ready: true }))).toBe(true);
    expect(isPodReady(makePod({ name: 'a', ready: false }))).toBe(false);
  });

  it('treats a missing Ready condition as not ready, whatever other conditions say', () => {
    const pod = makePod({ name: 'a' });
    const withoutReady = {
      ...pod,
      status: { ...pod.status, conditions: [{ type: 'ContainersReady', status: 'True' as const }] },
    };
    expect(isPodReady(withoutReady)).toBe(false);
    expect(isPodReady({ ...pod, status: {} })).toBe(false);
  });
});
