import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { canonicalDigest } from '../../src/canonicalDigest.js';
import {
  SERVICE_NAME_LABEL,
  MANAGED_BY_LABEL,
  ENDPOINTSLICE_CONTROLLER,
} from '../../src/api/EndpointSlice.js';
import type { Pod } from '../../src/api/Pod.js';
import type { Service } from '../../src/api/Service.js';
import { deriveEndpointSlicesFromScratch } from '../../src/apiserver/endpoints/deriveEndpointSlicesFromScratch.js';
import { deriveEndpointsObject } from '../../src/apiserver/endpoints/deriveEndpointsObject.js';
import { endpointSetOf } from '../../src/apiserver/endpoints/endpointSetOf.js';
import { getObject, listObjects, type ClusterState } from '../../src/cluster/ClusterState.js';
import type { InputEntry } from '../../src/engine/InputEntry.js';
import { createReplay } from '../../src/engine/Replay.js';
import { run } from '../../src/engine/run.js';
import { resolveSimulationConfig } from '../../src/engine/SimulationConfig.js';
import type { SimEvent } from '../../src/events/SimEvent.js';
import type { LogEntry } from '../../src/LogEntry.js';
import { deploymentObject, inputsArb, nodeObject, podObject, serviceObject } from '../helpers/arbitraries.js';

const config = resolveSimulationConfig({ durationMs: 30_000, watchDelayMs: 50 });
const options = { freezeState: true } as const;

const twoNodesOneService: InputEntry[] = [
  { at: 0, event: { type: 'api/applied', object: nodeObject(0, 'zone-a') } },
  { at: 0, event: { type: 'api/applied', object: nodeObject(1, 'zone-b') } },
  { at: 0, event: { type: 'api/applied', object: serviceObject('web', 'web', true, false) } },
  { at: 100, event: { type: 'api/applied', object: podObject('web-a', 'web', 'node-0', 0) } },
  { at: 100, event: { type: 'api/applied', object: podObject('web-b', 'web', 'node-1', 1) } },
  { at: 1_000, event: { type: 'pod/readinessSet', namespace: 'default', name: 'web-b', ready: false } },
];

function sliceUpdates(entries: readonly LogEntry<SimEvent>[], service: string) {
  return entries.filter(
    (e) =>
      (e.event.type === 'object/created' || e.event.type === 'object/updated') &&
      e.event.object.kind === 'EndpointSlice' &&
      e.event.object.metadata.labels?.[SERVICE_NAME_LABEL] === service,
  );
}

/** Every selector Service's slices and Endpoints, as observed, and as derived from scratch from the same state. */
function compareWithScratch(state: ClusterState): { observed: unknown; fromScratch: unknown } {
  let serial = 0;
  const observed: Record<string, unknown> = {};
  const fromScratch: Record<string, unknown> = {};
  const nodes = listObjects(state, 'Node');
  for (const service of listObjects(state, 'Service', 'default')) {
    const name = service.metadata.name ?? '';
    const slices = listObjects(state, 'EndpointSlice', 'default').filter(
      (s) =>
        s.metadata.labels?.[SERVICE_NAME_LABEL] === name &&
        s.metadata.labels[MANAGED_BY_LABEL] === ENDPOINTSLICE_CONTROLLER,
    );
    const pods: Pod[] = listObjects(state, 'Pod', 'default');
    observed[name] = {
      slices: endpointSetOf(slices),
      endpoints: getObject(state, 'Endpoints', 'default', name)?.subsets ?? null,
    };
    fromScratch[name] = {
      slices: endpointSetOf(
        deriveEndpointSlicesFromScratch({ service, pods, nodes, nameFor: () => `scratch-${serial++}` }),
      ),
      endpoints: deriveEndpointsObject(service, pods)?.subsets ?? null,
    };
    for (const slice of slices) expect(slice.endpoints.length).toBeLessThanOrEqual(100);
  }
  return { observed, fromScratch };
}

describe('run', () => {
  it('bootstraps the namespaces and the kubernetes and kube-dns Services at their well-known IPs', () => {
    const { finalState } = run([], 1, config, options);
    expect(listObjects(finalState, 'Namespace').map((n) => n.metadata.name)).toEqual([
      'default',
      'kube-node-lease',
      'kube-public',
      'kube-system',
    ]);
    expect(getObject(finalState, 'Service', 'default', 'kubernetes')?.spec.clusterIP).toBe('10.96.0.1');
    expect(getObject(finalState, 'Service', 'kube-system', 'kube-dns')?.spec.clusterIP).toBe('10.96.0.10');
  });

  it('allocates dynamic ClusterIPs from the upper band of the service CIDR, from the seed', () => {
    const ipOf = (seed: number) =>
      getObject(run(twoNodesOneService, seed, config, options).finalState, 'Service', 'default', 'web')?.spec
        .clusterIP ?? '';
    const ip = ipOf(1);
    const [, , third = 0] = ip.split('.').map(Number);
    expect(ip.startsWith('10.')).toBe(true);
    // 10.96.0.0/12: the static band is 10.96.0.1-10.96.1.0; dynamic allocations start above it.
    expect(ip === '10.96.1.0' || !ip.startsWith('10.96.0.')).toBe(true);
    expect(third).toBeGreaterThanOrEqual(0);
    expect(ipOf(1)).toBe(ip);
    expect([2, 3, 4, 5].some((seed) => ipOf(seed) !== ip)).toBe(true);
  });

  it('rewrites the EndpointSlice one watch delay after a pod changes readiness', () => {
    const updates = sliceUpdates(run(twoNodesOneService, 1, config, options).log.entries, 'web');
    const times = updates.map((e) => e.at);
    expect(times).toContain(1_050);
    expect(times.filter((t) => t > 1_000 && t < 1_050)).toEqual([]);
    // web-b serves its named port on 9090, web-a on 8080: different port sets, so different slices.
    const atChange = updates.find((e) => e.at === 1_050)?.event;
    if (atChange?.type !== 'object/updated' || atChange.object.kind !== 'EndpointSlice')
      throw new Error('no slice update');
    expect(
      atChange.object.endpoints.map((e) => [e.targetRef?.name, e.conditions?.ready, e.conditions?.serving]),
    ).toEqual([['web-b', false, false]]);
  });

  it('follows the watch delay it is configured with', () => {
    const slow = resolveSimulationConfig({ ...config, watchDelayMs: 400 });
    const times = sliceUpdates(run(twoNodesOneService, 1, slow, options).log.entries, 'web').map((e) => e.at);
    expect(times).toContain(1_400);
    expect(times.every((t) => t >= 400)).toBe(true);
  });

  it('resolves a named targetPort per pod (8080 on one pod, 9090 on the other)', () => {
    const { finalState } = run(twoNodesOneService, 1, config, options);
    const slices = listObjects(finalState, 'EndpointSlice', 'default').filter(
      (s) => s.metadata.labels?.[SERVICE_NAME_LABEL] === 'web',
    );
    expect(slices.map((s) => s.ports?.[0]?.port).sort()).toEqual([8080, 9090]);
  });

  it('refuses an invalid Service with the apiserver message, and stores nothing', () => {
    const bad: Service = { ...serviceObject('Bad_Name', 'web', false, false) };
    const { log, finalState } = run(
      [{ at: 5, event: { type: 'api/applied', object: bad } }],
      1,
      config,
      options,
    );
    const rejected = log.entries.find((e) => e.event.type === 'api/rejected');
    expect(rejected?.event).toMatchObject({
      requestSeq: rejected ? rejected.seq - 1 : -1,
      status: { code: 422, reason: 'Invalid' },
    });
    if (rejected?.event.type !== 'api/rejected') return;
    expect(rejected.event.status.message).toMatch(
      /^Service "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a DNS-1035 label must consist of/,
    );
    expect(getObject(finalState, 'Service', 'default', 'Bad_Name')).toBeUndefined();
  });

  it('rolls a Deployment out to a new template, replacing every pod', () => {
    const v1 = deploymentObject('web', 'web', 3);
    const v2 = {
      ...v1,
      spec: {
        ...v1.spec,
        template: { ...v1.spec.template, spec: { containers: [{ name: 'main', image: 'v2' }] } },
      },
    };
    const inputs: InputEntry[] = [
      ...[0, 1, 2].map((i): InputEntry => ({
        at: 0,
        event: { type: 'api/applied', object: nodeObject(i, 'zone-a') },
      })),
      { at: 10, event: { type: 'api/applied', object: v1 } },
      { at: 5_000, event: { type: 'api/applied', object: v2 } },
    ];
    const { replay, finalState } = run(inputs, 3, config, options);
    const before = listObjects(replay.stateAt(4_999), 'Pod', 'default');
    const after = listObjects(finalState, 'Pod', 'default');
    expect(before).toHaveLength(3);
    expect(after).toHaveLength(3);
    expect(new Set(before.map((p) => p.metadata.labels?.['pod-template-hash'])).size).toBe(1);
    expect(after.every((p) => p.spec.containers[0]?.image === 'v2')).toBe(true);
    expect(after.some((p) => before.some((b) => b.metadata.name === p.metadata.name))).toBe(false);
    // The first three pods spread one per node (the scheduler counts pods per node).
    expect(new Set(before.map((p) => p.spec.nodeName)).size).toBe(3);
  });

  it('commits entries in (at, seq) order with consecutive seqs', () => {
    fc.assert(
      fc.property(inputsArb(), fc.nat(), (inputs, seed) => {
        const { entries } = run(inputs, seed, config, options).log;
        entries.forEach((entry, i) => {
          expect(entry.seq).toBe(i);
          if (i > 0) expect(entry.at).toBeGreaterThanOrEqual((entries[i - 1] as { at: number }).at);
        });
      }),
      { numRuns: 40 },
    );
  });

  it('gives the same log for the same inputs and seed', () => {
    fc.assert(
      fc.property(inputsArb(30), fc.nat(), (inputs, seed) => {
        expect(canonicalDigest(run(inputs, seed, config).log)).toBe(
          canonicalDigest(run(inputs, seed, config).log),
        );
      }),
      { numRuns: 20 },
    );
  });

  it('converges: once quiet, EndpointSlices and Endpoints equal those derived from scratch from the final state', () => {
    fc.assert(
      fc.property(inputsArb(), fc.nat(), (inputs, seed) => {
        const last = inputs.reduce((max, input) => Math.max(max, input.at), 0);
        const cfg = resolveSimulationConfig({ durationMs: last + 2_000, watchDelayMs: 50 });
        const { observed, fromScratch } = compareWithScratch(run(inputs, seed, cfg, options).finalState);
        expect(observed).toEqual(fromScratch);
      }),
      { numRuns: 100 },
    );
  });

  it('rejects inputs outside the run or of derived types, naming the input', () => {
    const late: InputEntry[] = [
      { at: 40_000, event: { type: 'api/deleted', kind: 'Pod', namespace: 'default', name: 'x' } },
    ];
    expect(() => run(late, 1, config)).toThrow(
      'inputs[0].at: expected an integer number of milliseconds within the run (0..30000), got 40000',
    );
    const derived = [
      { at: 0, event: { type: 'object/deleted', kind: 'Pod', namespace: 'default', name: 'x' } },
    ];
    expect(() => run(derived as unknown as InputEntry[], 1, config)).toThrow(
      'inputs[0].event.type: object/deleted is derived by the controllers, not an input',
    );
    const shapeless = [
      { at: 0, event: { type: 'api/applied', object: { kind: 'Gadget', apiVersion: 'v1', metadata: {} } } },
    ];
    expect(() => run(shapeless as unknown as InputEntry[], 1, config)).toThrow(
      /inputs\[0\]\.event\.object\.kind: expected one of Namespace, Node, Pod/,
    );
  });
});

describe('replay', () => {
  it('gives, at any instant, the state folded from scratch up to that instant', () => {
    fc.assert(
      fc.property(
        inputsArb(),
        fc.nat(),
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.nat({ max: 20_000 }), { maxLength: 8 }),
        (inputs, seed, snapshotEvery, times) => {
          const cfg = resolveSimulationConfig({ durationMs: 20_000, watchDelayMs: 50 });
          const { log, replay } = run(inputs, seed, cfg, { snapshotEvery, freezeState: true });
          for (const t of times) {
            const upTo = log.entries.filter((e) => e.at <= t);
            const fromScratch = createReplay(upTo, { snapshotEvery: 1_000_000 }).finalState;
            expect(canonicalDigest(replay.stateAt(t))).toBe(canonicalDigest(fromScratch));
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('keeps snapshots so seeking does not fold from zero', () => {
    const inputs: InputEntry[] = [
      { at: 0, event: { type: 'api/applied', object: nodeObject(0, 'zone-a') } },
      ...Array.from({ length: 300 }, (_, i): InputEntry => ({
        at: 10 + i,
        event: { type: 'api/applied', object: podObject(`p${i}`, 'x', 'node-0', 0) },
      })),
    ];
    const { replay } = run(inputs, 3, config, { snapshotEvery: 100 });
    expect(replay.snapshotCount).toBeGreaterThanOrEqual(5);
    expect(listObjects(replay.stateAt(159), 'Pod', 'default')).toHaveLength(150);
  });
});
