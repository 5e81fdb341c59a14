import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  applyEndpointSliceChanges,
  reconcileEndpointSlices,
  type EndpointSlice,
  type Node,
  type Pod,
  type Service,
} from '@svcsim/core';

import { EndpointSliceLayout } from '../src/columnarProbe/EndpointSliceLayout.js';
import { EndpointConditions, PodFlags, ProbeEvent } from '../src/columnarProbe/ProbeEvent.js';
import { ProbeLog } from '../src/columnarProbe/ProbeLog.js';
import { ProbeTables } from '../src/columnarProbe/ProbeTables.js';

// One Service "web" and the pods it selects, changed a few at a time; after each batch both the engine's
// reconcileEndpointSlices and the probe's columnar layout sync it, and their slices must agree.
const ZONES = ['zone-a', 'zone-b', 'zone-c'];
const nodes: Node[] = ZONES.map((zone, n) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: `node-${n}`, labels: { 'topology.kubernetes.io/zone': zone } },
  spec: { podCIDR: `10.0.${n}.0/24` },
  status: { conditions: [{ type: 'Ready', status: 'True' }] },
}));
const service: Service = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'default', uid: 'uid-web' },
  spec: {
    type: 'ClusterIP',
    clusterIP: '10.96.0.20',
    clusterIPs: ['10.96.0.20'],
    ipFamilies: ['IPv4'],
    selector: { app: 'web' },
    ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }],
  },
};

interface PodModel {
  readonly id: number;
  node: number;
  running: boolean;
  ready: boolean;
  terminating: boolean;
  gone: boolean;
}

type Change =
  | { kind: 'add'; node: number; running: boolean; ready: boolean }
  | { kind: 'start' | 'remove' | 'terminate'; index: number }
  | { kind: 'ready'; index: number; ready: boolean };

const changeArb: fc.Arbitrary<Change> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      node: fc.nat({ max: 2 }),
      running: fc.boolean(),
      ready: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('start' as const), index: fc.nat() }) },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('ready' as const), index: fc.nat(), ready: fc.boolean() }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('terminate' as const), index: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), index: fc.nat() }) },
);

function podName(id: number): string {
  return `web-${id}`;
}

/** The pod's address: distinct per pod, and not in creation order, so new endpoints are sorted. */
function podIp(id: number): string {
  return `10.0.${(id * 7) % 11}.${id + 1}`;
}

function podObject(pod: PodModel): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: podName(pod.id),
      namespace: 'default',
      uid: `uid-${pod.id}`,
      labels: { app: 'web' },
      ...(pod.terminating ? { deletionTimestamp: 1 } : {}),
    },
    spec: {
      nodeName: `node-${pod.node}`,
      containers: [
        { name: 'app', image: 'app', ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }] },
      ],
    },
    status: pod.running
      ? {
          phase: 'Running',
          podIP: podIp(pod.id),
          podIPs: [{ ip: podIp(pod.id) }],
          conditions: [{ type: 'Ready', status: pod.ready ? 'True' : 'False' }],
        }
      : { phase: 'Pending' },
  };
}

function flagsOf(pod: PodModel): number {
  if (pod.gone) return 0;
  return (
    PodFlags.exists |
    (pod.running ? PodFlags.running : 0) |
    (pod.running && pod.ready ? PodFlags.ready : 0) |
    (pod.terminating ? PodFlags.terminating : 0)
  );
}

function ipNumber(text: string): number {
  return text.split('.').reduce((value, part) => value * 256 + Number(part), 0) | 0;
}

/** A slice as both sides can state it: its endpoints as `pod ready serving terminating`, sorted. */
function engineSlice(slice: EndpointSlice): string {
  return slice.endpoints
    .map((endpoint) => {
      const c = endpoint.conditions ?? {};
      return `${endpoint.targetRef?.name ?? ''} ${c.ready === true ? 1 : 0}${c.serving === true ? 1 : 0}${c.terminating === true ? 1 : 0}`;
    })
    .sort()
    .join(',');
}

function probeSlice(tables: ProbeTables, slice: { pods: number[]; conditions: number[] }): string {
  return slice.pods
    .map((pod, i) => {
      const c = slice.conditions[i] ?? 0;
      const bit = (flag: number): number => ((c & flag) !== 0 ? 1 : 0);
      return `${tables.pods.nameOf(pod)} ${bit(EndpointConditions.ready)}${bit(EndpointConditions.serving)}${bit(EndpointConditions.terminating)}`;
    })
    .sort()
    .join(',');
}

function slicesWritten(log: ProbeLog, from: number): number {
  let count = 0;
  for (let i = from; i < log.length; i++) {
    const code = log.code(i);
    if (
      code === ProbeEvent.sliceCreated ||
      code === ProbeEvent.sliceUpdated ||
      code === ProbeEvent.sliceDeleted
    )
      count++;
  }
  return count;
}

describe('the probe’s columnar EndpointSlice layout', () => {
  it('places endpoints in slices as reconcileEndpointSlices does, sync by sync, and writes as many slices', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.array(changeArb, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 40 }),
        (max, batches) => {
          let sliceSerial = 0;
          const tables = new ProbeTables();
          const log = new ProbeLog();
          const layout = new EndpointSliceLayout(max, tables, log);
          const serviceId = tables.addService('default', 'web', [['app', 'web']], false);
          const pods: PodModel[] = [];
          let slices: EndpointSlice[] = [];
          for (const [step, batch] of batches.entries()) {
            const changed: number[] = [];
            for (const change of batch) {
              const live = pods.filter((pod) => !pod.gone);
              const target =
                change.kind === 'add' ? undefined : live[change.index % Math.max(1, live.length)];
              if (change.kind === 'add') {
                const pod: PodModel = {
                  id: pods.length,
                  node: change.node,
                  running: change.running,
                  ready: change.ready,
                  terminating: false,
                  gone: false,
                };
                pods.push(pod);
                tables.addPod('', podName(pod.id), { app: 'web' }, pod.node, -1);
                changed.push(pod.id);
                continue;
              }
              if (target === undefined) continue;
              if (change.kind === 'start') target.running = true;
              else if (change.kind === 'ready') target.ready = change.ready;
              else if (change.kind === 'terminate') target.terminating = true;
              else target.gone = true;
              changed.push(target.id);
            }
            for (const pod of pods) {
              tables.seenFlags.set(pod.id, flagsOf(pod));
              tables.seenIp.set(pod.id, pod.running ? ipNumber(podIp(pod.id)) : 0);
              tables.podNode.set(pod.id, pod.node);
            }
            const changes = reconcileEndpointSlices({
              service,
              pods: pods.filter((pod) => !pod.gone).map(podObject),
              nodes,
              existingSlices: slices,
              maxEndpointsPerSlice: max,
              // Names in creation order: where the reconciler breaks ties by name (Go's order is random), the
              // layout takes the older slice, and these names make the two rules agree.
              nameFor: () => `web-${String(sliceSerial++).padStart(4, '0')}`,
            });
            slices = applyEndpointSliceChanges(slices, changes);
            const logged = log.length;
            layout.sync(step, serviceId, { pods: changed, count: changed.length });
            expect(slicesWritten(log, logged)).toBe(
              changes.toCreate.length + changes.toUpdate.length + changes.toDelete.length,
            );
            expect(
              layout
                .slicesOf(serviceId)
                .map((slice) => probeSlice(tables, slice))
                .sort(),
            ).toEqual(slices.map(engineSlice).sort());
          }
        },
      ),
      { numRuns: Number(process.env.RUNS ?? 300) },
    );
  });
});
