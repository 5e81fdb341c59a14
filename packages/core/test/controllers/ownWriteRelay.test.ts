import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  ENDPOINTSLICE_CONTROLLER,
  MANAGED_BY_LABEL,
  SERVICE_NAME_LABEL,
} from '../../src/api/EndpointSlice.js';
import type { EndpointSlice } from '../../src/api/EndpointSlice.js';
import type { Pod } from '../../src/api/Pod.js';
import { deriveEndpointSlicesFromScratch } from '../../src/apiserver/endpoints/deriveEndpointSlicesFromScratch.js';
import { deriveEndpointsObject } from '../../src/apiserver/endpoints/deriveEndpointsObject.js';
import { endpointSetOf } from '../../src/apiserver/endpoints/endpointSetOf.js';
import { getObject, listObjects, type ClusterState } from '../../src/cluster/ClusterState.js';
import type { InputEntry } from '../../src/engine/InputEntry.js';
import { run, type SimRun } from '../../src/engine/run.js';
import { resolveSimulationConfig } from '../../src/engine/SimulationConfig.js';
import type { InputEvent, SimEvent } from '../../src/events/SimEvent.js';
import type { LogEntry } from '../../src/LogEntry.js';
import type { SimTime } from '../../src/SimTime.js';
import { nodeObject, podObject, serviceObject } from '../helpers/arbitraries.js';

/**
 * The EndpointSlice and Endpoints controllers no longer sync on the informer's relay of their own writes
 * (createEndpointSliceController's `pending`/`deferred`, createEndpointsController's staleness check).
 * Skipping a sync is only safe if a sync that would have compared against a stale copy of the controller's
 * own object is put off and run once that write comes back. These tests drive whole runs and read what was
 * published, so any way of losing that sync (or of writing more than needed) shows.
 *
 * Timeline of every run here: nodes and the Service at 0, pods at 100; the kubelet starts them at 150
 * (Ready), the controllers publish them at 200 and see their own writes at 250. From SETTLED on nothing is
 * in flight.
 */
const W = 50; // watch delay
const SETTLED = 1_000;
const PODS = ['web-0', 'web-1', 'web-2', 'web-3'];

const configFor = (durationMs: SimTime) => resolveSimulationConfig({ durationMs, watchDelayMs: W });
const options = { freezeState: true } as const;

/**
 * Two nodes, Service `web` with a named targetPort, and its pods. Pods alternate between serving `http`
 * on 8080 and on 9090, so the Service has two slices and the Endpoints two subsets: a sync writes several
 * objects, and several own writes can be in flight at once.
 */
function cluster(pods: readonly string[] = PODS, app = 'web'): InputEntry[] {
  return [
    { at: 0, event: { type: 'api/applied', object: nodeObject(0, 'zone-a') } },
    { at: 0, event: { type: 'api/applied', object: nodeObject(1, 'zone-b') } },
    { at: 0, event: { type: 'api/applied', object: serviceObject('web', app, true, false) } },
    ...pods.map((name, i): InputEntry => ({
      at: 100,
      event: { type: 'api/applied', object: podObject(name, app, `node-${i % 2}`, i % 2) },
    })),
  ];
}

const readiness = (at: SimTime, name: string, ready: boolean): InputEntry => ({
  at,
  event: { type: 'pod/readinessSet', namespace: 'default', name, ready },
});

const at = (t: SimTime, event: InputEvent): InputEntry => ({ at: t, event });

interface ReadySplit {
  readonly ready: readonly string[];
  readonly notReady: readonly string[];
}

/** The pods the Service selects, split by their Ready condition. */
function podReadiness(state: ClusterState, service: string): ReadySplit {
  const selector = getObject(state, 'Service', 'default', service)?.spec.selector ?? {};
  const ready: string[] = [];
  const notReady: string[] = [];
  for (const pod of listObjects(state, 'Pod', 'default')) {
    if (!Object.entries(selector).every(([k, v]) => pod.metadata.labels?.[k] === v)) continue;
    const condition = pod.status?.conditions?.find((c) => c.type === 'Ready');
    (condition?.status === 'True' ? ready : notReady).push(pod.metadata.name ?? '');
  }
  return { ready: ready.sort(), notReady: notReady.sort() };
}

/** This controller's slices of the Service (labelled as such). */
function slicesOf(state: ClusterState, service: string): EndpointSlice[] {
  return listObjects(state, 'EndpointSlice', 'default').filter(
    (s) =>
      s.metadata.labels?.[SERVICE_NAME_LABEL] === service &&
      s.metadata.labels[MANAGED_BY_LABEL] === ENDPOINTSLICE_CONTROLLER,
  );
}

/** What the Service's slices and its Endpoints say about each pod, by pod name. */
function published(state: ClusterState, service: string): { slices: ReadySplit; endpoints: ReadySplit } {
  const sliceReady: string[] = [];
  const sliceNotReady: string[] = [];
  for (const slice of slicesOf(state, service)) {
    for (const endpoint of slice.endpoints) {
      const name = endpoint.targetRef?.name ?? `?${endpoint.addresses.join(',')}`;
      (endpoint.conditions?.ready === true ? sliceReady : sliceNotReady).push(name);
    }
  }
  const subsets = getObject(state, 'Endpoints', 'default', service)?.subsets ?? [];
  const names = (addresses: readonly { targetRef?: { name?: string }; ip: string }[] | undefined) =>
    (addresses ?? []).map((a) => a.targetRef?.name ?? `?${a.ip}`);
  return {
    slices: { ready: sliceReady.sort(), notReady: sliceNotReady.sort() },
    endpoints: {
      ready: subsets.flatMap((s) => names(s.addresses)).sort(),
      notReady: subsets.flatMap((s) => names(s.notReadyAddresses)).sort(),
    },
  };
}

/**
 * Asserts that the Service's slices and Endpoints list exactly its pods with their readiness, and equal
 * what the slice reconciler and deriveEndpointsObject give from scratch for the same pods.
 */
function expectPublishedMatchesPods(state: ClusterState, service: string, when: string): void {
  const pods = podReadiness(state, service);
  expect(published(state, service), `${when}: slices and Endpoints vs the pods' Ready`).toEqual({
    slices: pods,
    endpoints: pods,
  });
  const svc = getObject(state, 'Service', 'default', service);
  if (svc === undefined) throw new Error(`${when}: no Service ${service}`);
  const allPods: Pod[] = listObjects(state, 'Pod', 'default');
  let serial = 0;
  const scratch = deriveEndpointSlicesFromScratch({
    service: svc,
    pods: allPods,
    nodes: listObjects(state, 'Node'),
    nameFor: () => `scratch-${serial++}`,
  });
  expect(endpointSetOf(slicesOf(state, service)), `${when}: slices vs from scratch`).toEqual(
    endpointSetOf(scratch),
  );
  expect(getObject(state, 'Endpoints', 'default', service)?.subsets, `${when}: Endpoints vs derived`).toEqual(
    deriveEndpointsObject(svc, allPods)?.subsets,
  );
  // Every slice belongs to the Service as it is now, not to an earlier one of the same name.
  for (const slice of slicesOf(state, service)) {
    expect(
      slice.metadata.ownerReferences?.map((r) => r.uid),
      `${when}: owner of ${slice.metadata.name}`,
    ).toEqual([svc.metadata.uid]);
  }
}

/**
 * A pod change at T is relayed at T + W; a sync put off for an own write made at or before then runs when
 * that write is relayed, by T + 2W, from an informer that has the change. So by T + 2W the apiserver holds
 * the right objects, with no later event needed to bring them about.
 */
function expectConvergedAfter(result: SimRun, lastChange: SimTime, service = 'web'): void {
  const deadline = lastChange + 2 * W;
  expectPublishedMatchesPods(result.replay.stateAt(deadline), service, `at ${deadline}`);
  expectPublishedMatchesPods(result.finalState, service, 'at the end');
}

/** Committed slice and Endpoints writes for the Service after `after`, as "kind event" strings. */
function writesAfter(entries: readonly LogEntry<SimEvent>[], service: string, after: SimTime): string[] {
  const writes: string[] = [];
  for (const { at: t, event } of entries) {
    if (t <= after) continue;
    if (event.type === 'object/created' || event.type === 'object/updated') {
      const object = event.object;
      if (object.kind === 'EndpointSlice' && object.metadata.labels?.[SERVICE_NAME_LABEL] === service)
        writes.push(`EndpointSlice ${event.type}`);
      if (object.kind === 'Endpoints' && object.metadata.name === service)
        writes.push(`Endpoints ${event.type}`);
    } else if (
      event.type === 'object/deleted' &&
      (event.kind === 'EndpointSlice' || event.kind === 'Endpoints')
    ) {
      // A deletion names no labels: every slice deletion counts (the cluster has no other churn).
      if (event.kind === 'Endpoints' ? event.name === service : true)
        writes.push(`${event.kind} ${event.type}`);
    }
  }
  return writes.sort();
}

describe('readiness flips through the own-write relay', () => {
  it("publishes each pod's final readiness within two watch delays of flips 10 ms apart", () => {
    // web-1: false, true, false, true (ends Ready); web-2: false, true, false (ends NotReady). The sync at
    // 1050 writes web-1 and web-2 NotReady; the one at 1060 sees them Ready again while the informer still
    // holds the objects from before 1050, which also say Ready: a controller comparing with those would
    // write nothing, and only its sync on the relay of its own 1050 write (at 1100) can put things right.
    const flips = [
      readiness(1_000, 'web-1', false),
      readiness(1_000, 'web-2', false),
      readiness(1_010, 'web-1', true),
      readiness(1_010, 'web-2', true),
      readiness(1_020, 'web-1', false),
      readiness(1_020, 'web-2', false),
      readiness(1_030, 'web-1', true),
    ];
    const result = run([...cluster(), ...flips], 1, configFor(3_000), options);
    expect(podReadiness(result.finalState, 'web')).toEqual({
      ready: ['web-0', 'web-1', 'web-3'],
      notReady: ['web-2'],
    });
    expectConvergedAfter(result, 1_030);
  });

  it('publishes a flip and its reversal 10 ms later (the bug: Endpoints left NotReady for good)', () => {
    const result = run(
      [...cluster(), readiness(1_000, 'web-1', false), readiness(1_010, 'web-1', true)],
      1,
      configFor(3_000),
      options,
    );
    expect(podReadiness(result.finalState, 'web').notReady).toEqual([]);
    expectConvergedAfter(result, 1_010);
    // It was published NotReady meanwhile (the flip was seen), then Ready again.
    expect(published(result.replay.stateAt(1_050), 'web').endpoints.notReady).toEqual(['web-1']);
    expect(published(result.replay.stateAt(1_050), 'web').slices.notReady).toEqual(['web-1']);
  });

  it.each([
    ['shorter than', 10],
    ['one less than', W - 1],
    ['equal to', W],
    ['one more than', W + 1],
    ['longer than', 2 * W + 7],
  ])('publishes the final readiness after flips at intervals %s the watch delay (%i ms)', (_, gap) => {
    // Several pods, each flipping a few times, interleaved; the last flip decides.
    const flips: InputEntry[] = [];
    const expected = new Map(PODS.map((p) => [p, true]));
    const sequence: [string, boolean][] = [
      ['web-0', false],
      ['web-3', false],
      ['web-0', true],
      ['web-1', false],
      ['web-3', true],
      ['web-0', false],
      ['web-3', false],
      ['web-1', true],
      ['web-2', false],
    ];
    sequence.forEach(([pod, ready], i) => {
      flips.push(readiness(SETTLED + i * gap, pod, ready));
      expected.set(pod, ready);
    });
    const last = SETTLED + (sequence.length - 1) * gap;
    const result = run([...cluster(), ...flips], 1, configFor(last + 2_000), options);
    expect(podReadiness(result.finalState, 'web')).toEqual({
      ready: PODS.filter((p) => expected.get(p)),
      notReady: PODS.filter((p) => !expected.get(p)),
    });
    expectConvergedAfter(result, last);
  });

  it('publishes the final readiness of every pod for random flip schedules', () => {
    const flipArb = fc.record({
      pod: fc.nat({ max: PODS.length - 1 }),
      ready: fc.boolean(),
      // Mostly within one watch delay of the previous flip (often the same instant), sometimes longer.
      gap: fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: 0, max: W }) },
        { weight: 1, arbitrary: fc.integer({ min: W, max: 3 * W }) },
      ),
    });
    fc.assert(
      fc.property(fc.array(flipArb, { minLength: 1, maxLength: 16 }), fc.nat(), (schedule, seed) => {
        const expected = new Map(PODS.map((p) => [p, true]));
        let t = SETTLED;
        const flips = schedule.map(({ pod, ready, gap }) => {
          t += gap;
          const name = PODS[pod] ?? 'web-0';
          expected.set(name, ready);
          return readiness(t, name, ready);
        });
        const result = run([...cluster(), ...flips], seed, configFor(t + 1_000), options);
        expect(podReadiness(result.finalState, 'web')).toEqual({
          ready: PODS.filter((p) => expected.get(p)),
          notReady: PODS.filter((p) => !expected.get(p)),
        });
        expectConvergedAfter(result, t);
      }),
      { numRuns: 150 },
    );
  });
});

describe('a Service deleted and re-created under the same name in one instant', () => {
  const RECREATE = SETTLED;
  const deleteService = at(RECREATE, {
    type: 'api/deleted',
    kind: 'Service',
    namespace: 'default',
    name: 'web',
  });

  it.each([-60, -50, -40, -10, 0, 10, 40, 50, 60])(
    'lists the pods of the new Service when they change %i ms from the re-creation',
    (offset) => {
      const change = RECREATE + offset;
      const inputs: InputEntry[] = [
        ...cluster(),
        readiness(change - 10, 'web-0', false),
        deleteService,
        at(RECREATE, { type: 'api/applied', object: serviceObject('web', 'web', true, false) }),
        readiness(change, 'web-1', false),
        readiness(change, 'web-0', true),
        at(change, { type: 'api/deleted', kind: 'Pod', namespace: 'default', name: 'web-2' }),
        at(change, { type: 'api/applied', object: podObject('web-4', 'web', 'node-0', 1) }),
      ];
      const result = run(inputs, 1, configFor(RECREATE + 3_000), options);
      const state = result.finalState;
      expect(podReadiness(state, 'web')).toEqual({ ready: ['web-0', 'web-3', 'web-4'], notReady: ['web-1'] });
      expectPublishedMatchesPods(state, 'web', 'at the end');
      expect(slicesOf(state, 'web').length).toBeGreaterThan(0);
    },
  );

  it('lists the pods of a new Service that selects other pods than the old one', () => {
    // The old `web` selected app=web; the new one selects app=api, whose pods appear meanwhile.
    const newService = serviceObject('web', 'api', true, false);
    const inputs: InputEntry[] = [
      ...cluster(),
      ...['api-0', 'api-1'].map((name, i): InputEntry =>
        at(RECREATE - 200, { type: 'api/applied', object: podObject(name, 'api', `node-${i}`, i) }),
      ),
      readiness(RECREATE - 10, 'web-1', false),
      deleteService,
      at(RECREATE, { type: 'api/applied', object: newService }),
      readiness(RECREATE, 'api-1', false),
      readiness(RECREATE + 10, 'web-0', false),
      // Later than the re-creation's relay: only a Service index that knows the new selector hears it.
      readiness(RECREATE + 2 * W + 10, 'api-0', false),
    ];
    const result = run(inputs, 1, configFor(RECREATE + 3_000), options);
    const state = result.finalState;
    expect(published(state, 'web')).toEqual({
      slices: { ready: [], notReady: ['api-0', 'api-1'] },
      endpoints: { ready: [], notReady: ['api-0', 'api-1'] },
    });
    expectPublishedMatchesPods(state, 'web', 'at the end');
  });

  it("lists the new Service's pods for random changes around the re-creation", () => {
    const changeArb = fc.record({
      offset: fc.integer({ min: -2 * W, max: 2 * W }),
      pod: fc.nat({ max: PODS.length - 1 }),
      what: fc.constantFrom('ready', 'notReady', 'delete', 'add'),
    });
    fc.assert(
      fc.property(fc.array(changeArb, { maxLength: 8 }), fc.nat(), (changes, seed) => {
        const inputs: InputEntry[] = [
          ...cluster(),
          deleteService,
          at(RECREATE, { type: 'api/applied', object: serviceObject('web', 'web', true, false) }),
        ];
        const deleted = new Set<string>();
        changes.forEach(({ offset, pod, what }, i) => {
          const name = PODS[pod] ?? 'web-0';
          const t = RECREATE + offset;
          if (what === 'add') {
            inputs.push(
              at(t, { type: 'api/applied', object: podObject(`extra-${i}`, 'web', `node-${i % 2}`, i % 2) }),
            );
          } else if (what === 'delete') {
            if (deleted.has(name)) return;
            deleted.add(name);
            inputs.push(at(t, { type: 'api/deleted', kind: 'Pod', namespace: 'default', name }));
          } else {
            // A flip of a pod already gone is refused (api/rejected), which the run takes in its stride.
            inputs.push(readiness(t, name, what === 'ready'));
          }
        });
        const result = run(inputs, seed, configFor(RECREATE + 3_000), options);
        expectPublishedMatchesPods(result.finalState, 'web', 'at the end');
      }),
      { numRuns: 60 },
    );
  });
});

describe('writes no more than needed', () => {
  it('commits one slice update and one Endpoints update for a single readiness flip', () => {
    const result = run([...cluster(), readiness(SETTLED, 'web-1', false)], 1, configFor(5_000), options);
    expect(writesAfter(result.log.entries, 'web', SETTLED - 1)).toEqual([
      'EndpointSlice object/updated',
      'Endpoints object/updated',
    ]);
    expectPublishedMatchesPods(result.finalState, 'web', 'at the end');
  });

  it('commits one more of each when the flip is reversed much later', () => {
    const result = run(
      [...cluster(), readiness(SETTLED, 'web-1', false), readiness(SETTLED + 1_000, 'web-1', true)],
      1,
      configFor(5_000),
      options,
    );
    expect(writesAfter(result.log.entries, 'web', SETTLED + 999)).toEqual([
      'EndpointSlice object/updated',
      'Endpoints object/updated',
    ]);
  });

  it('commits two of each for a flip reversed within the watch delay: one per state the informer saw', () => {
    const result = run(
      [...cluster(), readiness(SETTLED, 'web-1', false), readiness(SETTLED + 10, 'web-1', true)],
      1,
      configFor(5_000),
      options,
    );
    expect(writesAfter(result.log.entries, 'web', SETTLED - 1)).toEqual([
      'EndpointSlice object/updated',
      'EndpointSlice object/updated',
      'Endpoints object/updated',
      'Endpoints object/updated',
    ]);
  });

  it('commits nothing for a pod change that changes nothing published', () => {
    // A new label on a selected pod: both controllers sync the Service, and find nothing to write.
    const relabelled = podObject('web-1', 'web', 'node-1', 1);
    const pod = { ...relabelled, metadata: { ...relabelled.metadata, labels: { app: 'web', tier: 'x' } } };
    const result = run(
      [...cluster(), at(SETTLED, { type: 'api/applied', object: pod })],
      1,
      configFor(5_000),
      options,
    );
    expect(getObject(result.finalState, 'Pod', 'default', 'web-1')?.metadata.labels).toEqual({
      app: 'web',
      tier: 'x',
    });
    expect(
      result.log.entries.filter(
        (e) => e.at > SETTLED && e.event.type === 'object/updated' && e.event.object.kind === 'Pod',
      ),
      'the kubelet writes nothing either',
    ).toEqual([]);
    expect(writesAfter(result.log.entries, 'web', 250)).toEqual([]);
    expectPublishedMatchesPods(result.finalState, 'web', 'at the end');
  });

  it('commits nothing once settled, and nothing for a readiness set to what it already is', () => {
    const result = run([...cluster(), readiness(SETTLED, 'web-1', true)], 1, configFor(5_000), options);
    expect(writesAfter(result.log.entries, 'web', 250)).toEqual([]);
  });
});
