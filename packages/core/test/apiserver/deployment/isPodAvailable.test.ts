import { describe, expect, it } from 'vitest';

import {
  isPodAvailable,
  isPodReady,
  podAvailableAt,
} from '../../../src/apiserver/deployment/isPodAvailable.js';
import { podOf, webReplicaSet } from './helpers/fixtures.js';

const rs = webReplicaSet({ hash: 'abc', replicas: 1 });

describe('isPodAvailable', () => {
  it('needs the pod to be Ready', () => {
    const pod = podOf(rs, 'p');
    expect(isPodReady(pod)).toBe(false);
    expect(isPodAvailable(pod, 0, 1_000_000)).toBe(false);
  });

  it('counts a Ready pod as available at once when minReadySeconds is 0', () => {
    expect(isPodAvailable(podOf(rs, 'p', { readySince: 5000 }), 0, 5000)).toBe(true);
  });

  it('makes a Ready pod available exactly minReadySeconds after it turned Ready', () => {
    const pod = podOf(rs, 'p', { readySince: 2000 });
    expect(isPodAvailable(pod, 10, 11_999)).toBe(false);
    expect(isPodAvailable(pod, 10, 12_000)).toBe(true);
    expect(podAvailableAt(pod, 10)).toBe(12_000);
  });

  it('treats SimTime 0 as a real transition time', () => {
    expect(isPodAvailable(podOf(rs, 'p', { readySince: 0 }), 1, 1000)).toBe(true);
  });

  it('never makes a pod without a Ready transition time available when minReadySeconds > 0', () => {
    const pod = { ...podOf(rs, 'p'), status: { conditions: [{ type: 'Ready', status: 'True' as const }] } };
    expect(isPodAvailable(pod, 1, 1e12)).toBe(false);
    expect(isPodAvailable(pod, 0, 0)).toBe(true);
  });
});
