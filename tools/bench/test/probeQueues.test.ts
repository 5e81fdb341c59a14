import { describe, expect, it } from 'vitest';

import { ProbeTables } from '../src/columnarProbe/ProbeTables.js';
import { ServicePodValues } from '../src/columnarProbe/ServicePodValues.js';
import { ServiceSyncQueue, type ChangedPods } from '../src/columnarProbe/ServiceSyncQueue.js';

/** Every Service's members, for whole-Service syncs: 100 + the Service, and 200 + it. */
const membersOf = (service: number): readonly number[] => [100 + service, 200 + service];

/** Runs the queue once, recording what each sync was given; `wrote` says which Services write. */
function runOnce(queue: ServiceSyncQueue, wrote: ReadonlySet<number> = new Set()): string[] {
  const seen: string[] = [];
  queue.run((service: number, changed: ChangedPods) => {
    const pods = Array.from({ length: changed.count }, (_, i) => changed.pods[i]);
    seen.push(`${service}:${pods.join(',')}`);
    return wrote.has(service);
  });
  return seen;
}

describe('ServiceSyncQueue', () => {
  it('syncs each touched Service once, in the order first touched, with its pods in the order touched', () => {
    const queue = new ServiceSyncQueue(membersOf);
    queue.touch(7, 1);
    queue.touch(3, 2);
    queue.touch(7, 5);
    queue.touch(7, 1);
    expect(runOnce(queue)).toEqual(['7:1,5,1', '3:2']);
    expect(runOnce(queue)).toEqual([]);
  });

  it('gives every member once a Service is touched whole, whatever was touched before or after', () => {
    const queue = new ServiceSyncQueue(membersOf);
    queue.touch(4, 9);
    queue.touchAll(4);
    queue.touch(4, 8);
    expect(runOnce(queue)).toEqual(['4:104,204']);
    queue.touch(4, 8);
    expect(runOnce(queue)).toEqual(['4:8']);
  });

  it('puts a sync off while its last write is unseen, keeping what changed meanwhile', () => {
    const queue = new ServiceSyncQueue(membersOf);
    queue.touch(1, 10);
    expect(runOnce(queue, new Set([1]))).toEqual(['1:10']);
    queue.touch(1, 11);
    queue.touch(1, 12);
    expect(runOnce(queue)).toEqual([]);
    queue.relayed(1);
    expect(runOnce(queue)).toEqual(['1:11,12']);
    // A delivered write with nothing waiting queues nothing.
    queue.relayed(1);
    expect(runOnce(queue)).toEqual([]);
  });

  it('reuses the cells of consumed lists without mixing Services', () => {
    const queue = new ServiceSyncQueue(membersOf);
    for (let round = 0; round < 50; round++) {
      for (let pod = 0; pod < 70; pod++) queue.touch(pod % 3, round * 100 + pod);
      const seen = runOnce(queue);
      expect(seen).toHaveLength(3);
      for (const line of seen) {
        const [service, pods] = line.split(':') as [string, string];
        const list = pods.split(',').map(Number);
        expect(list.every((pod) => (pod % 100) % 3 === Number(service))).toBe(true);
        expect(list).toEqual([...list].sort((a, b) => a - b));
      }
    }
  });
});

describe('ServicePodValues', () => {
  it("keeps a value per (Service, pod), for a pod's first Service and for its others alike", () => {
    const tables = new ProbeTables();
    const web = tables.addService('default', 'web', [['app', 'web']], false);
    const all = tables.addService('default', 'all', [['tier', 'front']], false);
    const pod = tables.addPod('default', 'web-1', { app: 'web', tier: 'front' }, -1, -1);
    const values = new ServicePodValues(tables);
    expect(tables.podFirstService.get(pod)).toBe(web);
    expect(values.get(web, pod)).toBe(-1);
    expect(values.get(all, pod)).toBe(-1);
    values.set(web, pod, 0);
    values.set(all, pod, 7);
    expect([values.get(web, pod), values.get(all, pod)]).toEqual([0, 7]);
    values.delete(web, pod);
    expect([values.get(web, pod), values.get(all, pod)]).toEqual([-1, 7]);
    values.delete(all, pod);
    expect(values.get(all, pod)).toBe(-1);
    expect(() => values.set(web, pod, -1)).toThrow(RangeError);
  });
});
