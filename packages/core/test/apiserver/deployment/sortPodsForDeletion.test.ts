import { describe, expect, it } from 'vitest';

import type { Pod } from '../../../src/api/Pod.js';
import { sortPodsForDeletion } from '../../../src/apiserver/deployment/sortPodsForDeletion.js';
import { podOf, webReplicaSet } from './helpers/fixtures.js';

const rs = webReplicaSet({ hash: 'abc', replicas: 3 });
const NOW = 10_000_000;

function order(pods: readonly Pod[], related: readonly Pod[] = pods): string[] {
  return sortPodsForDeletion(pods, related, NOW).map((p) => p.metadata.name ?? '');
}

describe('sortPodsForDeletion', () => {
  it('deletes unassigned pods before assigned ones', () => {
    const assigned = podOf(rs, 'assigned', { nodeName: 'n1', phase: 'Pending' });
    const unassigned = podOf(rs, 'unassigned', { phase: 'Pending' });
    expect(order([assigned, unassigned])).toEqual(['unassigned', 'assigned']);
  });

  it('deletes Pending before Unknown before Running', () => {
    const pods = [
      podOf(rs, 'running', { nodeName: 'n1', phase: 'Running' }),
      podOf(rs, 'unknown', { nodeName: 'n1', phase: 'Unknown' }),
      podOf(rs, 'pending', { nodeName: 'n1', phase: 'Pending' }),
    ];
    expect(order(pods)).toEqual(['pending', 'unknown', 'running']);
  });

  it('deletes not-ready pods before ready ones', () => {
    const pods = [
      podOf(rs, 'ready', { nodeName: 'n1', readySince: 0 }),
      podOf(rs, 'not-ready', { nodeName: 'n1', phase: 'Running' }),
    ];
    expect(order(pods)).toEqual(['not-ready', 'ready']);
  });

  it('deletes the lower pod-deletion-cost first', () => {
    const cost = (c: string) => ({ 'controller.kubernetes.io/pod-deletion-cost': c });
    const pods = [
      podOf(rs, 'expensive', { nodeName: 'n1', readySince: 0, annotations: cost('100') }),
      podOf(rs, 'default', { nodeName: 'n1', readySince: 0 }),
      podOf(rs, 'cheap', { nodeName: 'n1', readySince: 0, annotations: cost('-5') }),
    ];
    expect(order(pods)).toEqual(['cheap', 'default', 'expensive']);
  });

  it('deletes pods doubled up on a node first', () => {
    const pods = [
      podOf(rs, 'alone', { nodeName: 'n1', readySince: 0 }),
      podOf(rs, 'crowded-1', { nodeName: 'n2', readySince: 0 }),
      podOf(rs, 'crowded-2', { nodeName: 'n2', readySince: 0 }),
    ];
    expect(order(pods)).toEqual(['crowded-1', 'crowded-2', 'alone']);
  });

  it('deletes the pod ready for less time first when their ages differ by a power of two', () => {
    const pods = [
      podOf(rs, 'old', { nodeName: 'n1', readySince: NOW - 4000 }),
      podOf(rs, 'young', { nodeName: 'n2', readySince: NOW - 1000 }),
    ];
    expect(order(pods)).toEqual(['young', 'old']);
  });

  it('orders pods ready for about the same time (same log2 bucket) by uid, not by age', () => {
    const pods = [
      podOf(rs, 'younger', { nodeName: 'n1', readySince: NOW - 1000, uid: 'uid-b' }),
      podOf(rs, 'older', { nodeName: 'n2', readySince: NOW - 1050, uid: 'uid-a' }),
    ];
    expect(order(pods)).toEqual(['older', 'younger']);
  });

  it('deletes the pod with more restarts first, then the newer one', () => {
    const pods = [
      podOf(rs, 'stable', { nodeName: 'n1', readySince: 0, createdAt: 0 }),
      podOf(rs, 'flaky', { nodeName: 'n2', readySince: 0, createdAt: 0, restarts: 3 }),
    ];
    expect(order(pods)).toEqual(['flaky', 'stable']);
    const byAge = [
      podOf(rs, 'older', { nodeName: 'n1', readySince: 0, createdAt: NOW - 8000 }),
      podOf(rs, 'newer', { nodeName: 'n2', readySince: 0, createdAt: NOW - 1000 }),
    ];
    expect(order(byAge)).toEqual(['newer', 'older']);
  });

  it('breaks complete ties by name, whatever the input order', () => {
    const a = podOf(rs, 'a', { nodeName: 'n1', readySince: 0 });
    const b = podOf(rs, 'b', { nodeName: 'n2', readySince: 0 });
    expect(order([b, a])).toEqual(['a', 'b']);
    expect(order([a, b])).toEqual(['a', 'b']);
  });
});
