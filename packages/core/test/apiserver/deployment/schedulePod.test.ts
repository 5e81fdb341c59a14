import { describe, expect, it } from 'vitest';

import { schedulePod } from '../../../src/apiserver/deployment/schedulePod.js';
import { node, podOf, webReplicaSet } from './helpers/fixtures.js';

const rs = webReplicaSet({ hash: 'abc', replicas: 1 });
const pending = podOf(rs, 'p');

describe('schedulePod', () => {
  it('keeps a pod that already names its node', () => {
    const bound = podOf(rs, 'p', { nodeName: 'node-9' });
    expect(schedulePod(bound, [node('node-1')], {})).toBe('node-9');
  });

  it('spreads pods evenly, least loaded first and ties by node name', () => {
    const nodes = [node('node-3'), node('node-1'), node('node-2')];
    const counts = new Map<string, number>();
    const placed: string[] = [];
    for (let i = 0; i < 7; i++) {
      const chosen = schedulePod(pending, nodes, counts);
      if (chosen === undefined) throw new Error('unschedulable');
      placed.push(chosen);
      counts.set(chosen, (counts.get(chosen) ?? 0) + 1);
    }
    expect(placed).toEqual(['node-1', 'node-2', 'node-3', 'node-1', 'node-2', 'node-3', 'node-1']);
  });

  it('accepts counts as a plain record', () => {
    expect(schedulePod(pending, [node('node-1'), node('node-2')], { 'node-1': 2, 'node-2': 1 })).toBe(
      'node-2',
    );
  });

  it('skips NotReady and cordoned nodes', () => {
    const nodes = [node('node-1', { ready: false }), node('node-2', { unschedulable: true }), node('node-3')];
    expect(schedulePod(pending, nodes, { 'node-3': 100 })).toBe('node-3');
  });

  it('honours nodeSelector', () => {
    const pod = { ...pending, spec: { ...pending.spec, nodeSelector: { disk: 'ssd' } } };
    const nodes = [
      node('node-1'),
      node('node-2', { labels: { disk: 'ssd' } }),
      node('node-3', { labels: { disk: 'hdd' } }),
    ];
    expect(schedulePod(pod, nodes, { 'node-2': 50 })).toBe('node-2');
  });

  it('leaves the pod Pending when no node fits', () => {
    const pod = { ...pending, spec: { ...pending.spec, nodeSelector: { gpu: 'true' } } };
    expect(schedulePod(pod, [node('node-1'), node('node-2', { ready: false })], {})).toBeUndefined();
    expect(schedulePod(pending, [], {})).toBeUndefined();
  });
});
