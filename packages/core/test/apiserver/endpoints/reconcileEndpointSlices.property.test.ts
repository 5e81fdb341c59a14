import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { MANAGED_BY_LABEL, SERVICE_NAME_LABEL, type EndpointSlice } from '../../../src/api/EndpointSlice.js';
import type { Node } from '../../../src/api/Node.js';
import type { Pod } from '../../../src/api/Pod.js';
import type { Service, ServicePort } from '../../../src/api/Service.js';
import { applyEndpointSliceChanges } from '../../../src/apiserver/endpoints/applyEndpointSliceChanges.js';
import { deriveEndpointsObject } from '../../../src/apiserver/endpoints/deriveEndpointsObject.js';
import { deriveEndpointSlicesFromScratch } from '../../../src/apiserver/endpoints/deriveEndpointSlicesFromScratch.js';
import { endpointKey } from '../../../src/apiserver/endpoints/endpointKey.js';
import { endpointPortsKey } from '../../../src/apiserver/endpoints/endpointPortsKey.js';
import { endpointSetOf } from '../../../src/apiserver/endpoints/endpointSetOf.js';
import { reconcileEndpointSlices } from '../../../src/apiserver/endpoints/reconcileEndpointSlices.js';
import { makeNode, makePod, makeService, seededNameFor } from './fixtures.js';

// A small world: one Service "web", pods that come, go and change, three nodes that may vanish.
interface PodModel {
  id: number;
  ipv4: number | null;
  ipv6: number | null;
  ready: boolean;
  phase: 'Running' | 'Succeeded' | 'Failed';
  deleting: boolean;
  node: number; // 3 names a node that never exists
  app: 'web' | 'api';
  httpPort: number | null;
  hostname: boolean;
}
interface World {
  pods: PodModel[];
  nextId: number;
  portsVariant: number;
  publishNotReady: boolean;
  labelsVariant: number;
  familiesVariant: number;
  headless: boolean;
  nodes: { exists: boolean; zone: number }[];
}

type Change =
  | { kind: 'addPod'; pod: Omit<PodModel, 'id' | 'deleting' | 'phase'> }
  | { kind: 'removePod'; index: number }
  | { kind: 'setReady'; index: number; ready: boolean }
  | { kind: 'terminate'; index: number }
  | { kind: 'setPhase'; index: number; phase: PodModel['phase'] }
  | { kind: 'setIps'; index: number; ipv4: number | null; ipv6: number | null }
  | { kind: 'setApp'; index: number; app: PodModel['app'] }
  | { kind: 'setHttpPort'; index: number; httpPort: number | null }
  | { kind: 'setHostname'; index: number; hostname: boolean }
  | { kind: 'moveNode'; index: number; node: number }
  | { kind: 'servicePorts'; variant: number }
  | { kind: 'publishNotReady'; value: boolean }
  | { kind: 'serviceLabels'; variant: number }
  | { kind: 'families'; variant: number }
  | { kind: 'headless'; value: boolean }
  | { kind: 'nodeZone'; node: number; zone: number }
  | { kind: 'nodeExists'; node: number; exists: boolean };

const ip = fc.option(fc.nat({ max: 24 }), { nil: null });
const index = fc.nat();
const podArb = fc.record({
  ipv4: ip,
  ipv6: ip,
  ready: fc.boolean(),
  node: fc.nat({ max: 3 }),
  app: fc.constantFrom('web' as const, 'web' as const, 'api' as const),
  httpPort: fc.constantFrom(8080, 8080, 9090, null),
  hostname: fc.boolean(),
});
const changeArb: fc.Arbitrary<Change> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('addPod' as const), pod: podArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('removePod' as const), index }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('setReady' as const), index, ready: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('terminate' as const), index }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('setPhase' as const),
      index,
      phase: fc.constantFrom('Running' as const, 'Succeeded' as const, 'Failed' as const),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('setIps' as const), index, ipv4: ip, ipv6: ip }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('setApp' as const),
      index,
      app: fc.constantFrom('web' as const, 'api' as const),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('setHttpPort' as const),
      index,
      httpPort: fc.constantFrom(8080, 9090, null),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('setHostname' as const), index, hostname: fc.boolean() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('moveNode' as const), index, node: fc.nat({ max: 3 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('servicePorts' as const), variant: fc.nat({ max: 3 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('publishNotReady' as const), value: fc.boolean() }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('serviceLabels' as const), variant: fc.nat({ max: 2 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('families' as const), variant: fc.nat({ max: 3 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('headless' as const), value: fc.boolean() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('nodeZone' as const),
      node: fc.nat({ max: 2 }),
      zone: fc.nat({ max: 2 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('nodeExists' as const),
      node: fc.nat({ max: 2 }),
      exists: fc.boolean(),
    }),
  },
);

function emptyWorld(): World {
  return {
    pods: [],
    nextId: 0,
    portsVariant: 0,
    publishNotReady: false,
    labelsVariant: 0,
    familiesVariant: 0,
    headless: false,
    nodes: [0, 1, 2].map((zone) => ({ exists: true, zone })),
  };
}

function applyChange(world: World, change: Change): World {
  const pods = world.pods;
  const at = (i: number): number => i % Math.max(pods.length, 1);
  const editPod = (i: number, edit: (pod: PodModel) => PodModel): World =>
    pods.length === 0 ? world : { ...world, pods: pods.map((pod, j) => (j === at(i) ? edit(pod) : pod)) };
  switch (change.kind) {
    case 'addPod':
      return {
        ...world,
        pods: [...pods, { ...change.pod, id: world.nextId, phase: 'Running', deleting: false }],
        nextId: world.nextId + 1,
      };
    case 'removePod':
      return pods.length === 0 ? world : { ...world, pods: pods.filter((_, j) => j !== at(change.index)) };
    case 'setReady':
      return editPod(change.index, (pod) => ({ ...pod, ready: change.ready }));
    case 'terminate':
      return editPod(change.index, (pod) => ({ ...pod, deleting: true }));
    case 'setPhase':
      return editPod(change.index, (pod) => ({ ...pod, phase: change.phase }));
    case 'setIps':
      return editPod(change.index, (pod) => ({ ...pod, ipv4: change.ipv4, ipv6: change.ipv6 }));
    case 'setApp':
      return editPod(change.index, (pod) => ({ ...pod, app: change.app }));
    case 'setHttpPort':
      return editPod(change.index, (pod) => ({ ...pod, httpPort: change.httpPort }));
    case 'setHostname':
      return editPod(change.index, (pod) => ({ ...pod, hostname: change.hostname }));
    case 'moveNode':
      return editPod(change.index, (pod) => ({ ...pod, node: change.node }));
    case 'servicePorts':
      return { ...world, portsVariant: change.variant };
    case 'publishNotReady':
      return { ...world, publishNotReady: change.value };
    case 'serviceLabels':
      return { ...world, labelsVariant: change.variant };
    case 'families':
      return { ...world, familiesVariant: change.variant };
    case 'headless':
      return { ...world, headless: change.value };
    case 'nodeZone':
      return {
        ...world,
        nodes: world.nodes.map((n, j) => (j === change.node ? { ...n, zone: change.zone } : n)),
      };
    case 'nodeExists':
      return {
        ...world,
        nodes: world.nodes.map((n, j) => (j === change.node ? { ...n, exists: change.exists } : n)),
      };
  }
}

const PORT_VARIANTS: ServicePort[][] = [
  [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
  [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
  [
    { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
    { name: 'dns', port: 53, targetPort: 'dns', protocol: 'UDP' },
  ],
  [],
];
const FAMILY_VARIANTS: (('IPv4' | 'IPv6')[] | undefined)[] = [
  undefined,
  ['IPv4'],
  ['IPv4', 'IPv6'],
  ['IPv6'],
];
const LABEL_VARIANTS: (Record<string, string> | undefined)[] = [
  undefined,
  { tier: 'front' },
  { tier: 'back', team: 'a' },
];

function serviceOf(world: World): Service {
  const families = FAMILY_VARIANTS[world.familiesVariant];
  const labels = LABEL_VARIANTS[world.labelsVariant];
  return makeService({
    ports: PORT_VARIANTS[world.portsVariant] ?? [],
    publishNotReadyAddresses: world.publishNotReady,
    clusterIP: world.headless ? 'None' : '10.96.0.10',
    ...(families !== undefined ? { ipFamilies: families } : {}),
    ...(labels !== undefined ? { labels } : {}),
  });
}

function podsOf(world: World): Pod[] {
  return world.pods.map((pod) =>
    makePod({
      name: `p${pod.id}`,
      ips: [
        ...(pod.ipv4 !== null ? [`10.0.0.${pod.ipv4 + 1}`] : []),
        ...(pod.ipv6 !== null ? [`fd00::${(pod.ipv6 + 1).toString(16)}`] : []),
      ],
      ready: pod.ready,
      phase: pod.phase,
      deleting: pod.deleting,
      nodeName: `node-${pod.node}`,
      labels: { app: pod.app },
      ports: [
        ...(pod.httpPort !== null ? [{ name: 'http', containerPort: pod.httpPort }] : []),
        { name: 'dns', containerPort: 5353, protocol: 'UDP' as const },
      ],
      ...(pod.hostname ? { hostname: `h${pod.id}`, subdomain: 'web' } : {}),
    }),
  );
}

function nodesOf(world: World): Node[] {
  return world.nodes.flatMap((node, i) => (node.exists ? [makeNode(`node-${i}`, `zone-${node.zone}`)] : []));
}

/** Every endpoint with its slice's address type and port set: what must not depend on history. */
function placedEndpoints(slices: readonly EndpointSlice[]): string[] {
  return slices
    .flatMap((slice) =>
      slice.endpoints.map((endpoint) =>
        JSON.stringify([slice.addressType, endpointPortsKey(slice.ports ?? []), endpoint]),
      ),
    )
    .sort();
}

function checkInvariants(slices: readonly EndpointSlice[], max: number): void {
  const seen = new Set<string>();
  const emptyPerType = new Map<string, number>();
  for (const slice of slices) {
    expect(slice.endpoints.length).toBeLessThanOrEqual(max);
    expect(slice.metadata.labels?.[SERVICE_NAME_LABEL]).toBe('web');
    expect(slice.metadata.labels?.[MANAGED_BY_LABEL]).toBe('endpointslice-controller.k8s.io');
    if (slice.endpoints.length === 0)
      emptyPerType.set(slice.addressType, (emptyPerType.get(slice.addressType) ?? 0) + 1);
    for (const endpoint of slice.endpoints) {
      const identity = `${slice.addressType} ${endpointKey(endpoint)}`;
      expect(seen.has(identity), `endpoint ${identity} in more than one slice`).toBe(false);
      seen.add(identity);
    }
  }
  // Only the placeholder may be empty, and there is at most one per address type.
  for (const count of emptyPerType.values()) expect(count).toBeLessThanOrEqual(1);
}

describe('reconcileEndpointSlices: incremental equals from scratch', () => {
  it('after any sequence of pod, node and Service changes, reconciling after each change observes what deriving from scratch does', () => {
    fc.assert(
      fc.property(
        fc.array(changeArb, { minLength: 10, maxLength: 150, size: 'large' }),
        fc.integer({ min: 1, max: 5 }),
        (changes, max) => {
          let world = emptyWorld();
          let slices: EndpointSlice[] = [];
          const nameFor = seededNameFor(42);
          for (const change of changes) {
            world = applyChange(world, change);
            const input = {
              service: serviceOf(world),
              pods: podsOf(world),
              nodes: nodesOf(world),
              maxEndpointsPerSlice: max,
              nameFor,
            };
            const result = reconcileEndpointSlices({ ...input, existingSlices: slices });
            const currentNames = new Set(slices.map((s) => s.metadata.name));
            for (const s of [...result.toUpdate, ...result.toDelete])
              expect(currentNames.has(s.metadata.name)).toBe(true);
            for (const s of result.toCreate) expect(currentNames.has(s.metadata.name)).toBe(false);
            slices = applyEndpointSliceChanges(slices, result);
            checkInvariants(slices, max);

            const scratch = deriveEndpointSlicesFromScratch({ ...input, nameFor: seededNameFor(7) });
            expect(endpointSetOf(slices)).toEqual(endpointSetOf(scratch));
            expect(placedEndpoints(slices)).toEqual(placedEndpoints(scratch));
          }
          // Settled: one more reconcile of the same state changes nothing.
          const input = {
            service: serviceOf(world),
            pods: podsOf(world),
            nodes: nodesOf(world),
            maxEndpointsPerSlice: max,
            nameFor,
          };
          expect(reconcileEndpointSlices({ ...input, existingSlices: slices })).toEqual({
            toCreate: [],
            toUpdate: [],
            toDelete: [],
          });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('the Endpoints object and the slices agree on which (address, port) pairs are ready', () => {
    fc.assert(
      fc.property(fc.array(changeArb, { minLength: 10, maxLength: 150, size: 'large' }), (changes) => {
        let world = emptyWorld();
        for (const change of changes) world = applyChange(world, change);
        // The Endpoints controller ignores nodes, so give every pod its node; one family, as Endpoints have.
        world = { ...world, familiesVariant: 1, nodes: world.nodes.map((n) => ({ ...n, exists: true })) };
        const service = serviceOf(world);
        const pods = podsOf(world);
        const nodes = [...nodesOf(world), makeNode('node-3')];
        const endpoints = deriveEndpointsObject(service, pods, nodes);
        const fromEndpoints = new Set<string>();
        for (const subset of endpoints?.subsets ?? []) {
          for (const p of subset.ports ?? []) {
            for (const a of subset.addresses ?? [])
              fromEndpoints.add(JSON.stringify([a.ip, p.name ?? '', p.port, true]));
            for (const a of subset.notReadyAddresses ?? [])
              fromEndpoints.add(JSON.stringify([a.ip, p.name ?? '', p.port, false]));
          }
        }
        const slices = deriveEndpointSlicesFromScratch({ service, pods, nodes, nameFor: seededNameFor() });
        const fromSlices = new Set(
          endpointSetOf(slices)
            // Endpoints carry no terminating flag, so they drop terminating pods unless all are published.
            .filter((e) => !e.terminating || world.publishNotReady)
            .map((e) => JSON.stringify([e.ip, e.portName, e.port, e.ready])),
        );
        expect([...fromEndpoints].sort()).toEqual([...fromSlices].sort());
      }),
      { numRuns: 150 },
    );
  });
});
