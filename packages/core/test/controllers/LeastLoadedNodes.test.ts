import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { schedulePod } from '../../src/apiserver/deployment/schedulePod.js';
import { LeastLoadedNodes } from '../../src/controllers/LeastLoadedNodes.js';
import { node, podOf, webReplicaSet } from '../apiserver/deployment/helpers/fixtures.js';

const pending = podOf(webReplicaSet({ hash: 'abc', replicas: 1 }), 'p');

/** A step of the property: a count change on one node, or a new node list. */
type Step =
  | { readonly kind: 'count'; readonly node: number; readonly delta: number }
  | { readonly kind: 'nodes'; readonly ready: readonly boolean[]; readonly cordoned: readonly boolean[] };

const NODE_NAMES = ['node-10', 'node-2', 'node-1', 'a', 'node-3', 'b-0'];

describe('LeastLoadedNodes', () => {
  it('picks what schedulePod picks, whatever the counts and node lists went through', () => {
    const step: fc.Arbitrary<Step> = fc.oneof(
      {
        weight: 8,
        arbitrary: fc.record({
          kind: fc.constant('count' as const),
          node: fc.nat({ max: NODE_NAMES.length - 1 }),
          delta: fc.integer({ min: -2, max: 3 }),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('nodes' as const),
          ready: fc.array(fc.boolean(), { minLength: NODE_NAMES.length, maxLength: NODE_NAMES.length }),
          cordoned: fc.array(fc.boolean(), { minLength: NODE_NAMES.length, maxLength: NODE_NAMES.length }),
        }),
      },
    );
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 300 }),
        fc.nat({ max: NODE_NAMES.length }),
        (steps, present) => {
          const counts = new Map<string, number>();
          const picker = new LeastLoadedNodes((name) => counts.get(name) ?? 0);
          let nodes = NODE_NAMES.slice(0, Math.max(1, present)).map((name) => node(name));
          picker.reset(nodes);
          for (const s of steps) {
            if (s.kind === 'count') {
              const name = NODE_NAMES[s.node] as string;
              counts.set(name, Math.max(0, (counts.get(name) ?? 0) + s.delta));
              picker.changed(name);
            } else {
              nodes = NODE_NAMES.map((name, i) =>
                node(name, { ready: s.ready[i] ?? true, unschedulable: s.cordoned[i] ?? false }),
              );
              picker.reset(nodes);
            }
            expect(picker.pick()).toBe(schedulePod(pending, nodes, counts));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('spreads pods evenly, least loaded first and ties by name', () => {
    const counts = new Map<string, number>();
    const picker = new LeastLoadedNodes((name) => counts.get(name) ?? 0);
    picker.reset([node('node-3'), node('node-1'), node('node-2')]);
    const placed: string[] = [];
    for (let i = 0; i < 7; i++) {
      const chosen = picker.pick();
      if (chosen === undefined) throw new Error('unschedulable');
      placed.push(chosen);
      counts.set(chosen, (counts.get(chosen) ?? 0) + 1);
      picker.changed(chosen);
    }
    expect(placed).toEqual(['node-1', 'node-2', 'node-3', 'node-1', 'node-2', 'node-3', 'node-1']);
  });

  it('has no answer when no node is Ready and schedulable', () => {
    const picker = new LeastLoadedNodes(() => 0);
    picker.reset([node('n1', { ready: false }), node('n2', { unschedulable: true })]);
    expect(picker.pick()).toBeUndefined();
    picker.reset([]);
    expect(picker.pick()).toBeUndefined();
  });

  it('stays small: stale entries are dropped once they outnumber the nodes', () => {
    const counts = new Map<string, number>();
    const picker = new LeastLoadedNodes((name) => counts.get(name) ?? 0);
    picker.reset([node('n1'), node('n2')]);
    for (let i = 0; i < 10_000; i++) {
      counts.set('n1', i);
      picker.changed('n1');
    }
    expect(picker.pick()).toBe('n2');
    expect((picker as unknown as { heap: unknown[] }).heap.length).toBeLessThanOrEqual(4 * 2 + 64 + 1);
  });
});
