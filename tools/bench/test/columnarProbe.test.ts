import { describe, expect, it } from 'vitest';

import { listObjects, resolveSimulationConfig, run, type ClusterState, type InputEntry } from '@svcsim/core';

import { benchNode, benchPod, benchService } from '../src/churnWorkload.js';
import { createClusterScaleInputs, type ClusterScaleWorkload } from '../src/clusterScaleWorkload.js';
import { EndpointConditions, AddressState, ProbeEvent } from '../src/columnarProbe/ProbeEvent.js';
import { runColumnarProbe, type ColumnarProbeResult } from '../src/columnarProbe/runColumnarProbe.js';

/** The scale benchmark's workload at 1/100 of issue 3's scale. */
const workload: ClusterScaleWorkload = {
  nodes: 10,
  services: 100,
  podsPerService: 10,
  deploymentEvery: 10,
  churnEvents: 1_000,
  buildMs: 15_000,
  churnMs: 10_000,
  settleMs: 35_000,
};
const WATCH_DELAY_MS = 50;

/** One Service's endpoints as both sides can state them: pods by name (or '' where names are generated). */
interface ServiceEndpoints {
  /** `pod ready serving terminating node zone`, sorted. */
  readonly sliceEndpoints: string[];
  /** Endpoint counts of the Service's slices, sorted. */
  readonly sliceSizes: number[];
  readonly readyAddresses: string[];
  readonly notReadyAddresses: string[];
}

/**
 * An endpoint as both sides can state it. A Deployment's pods are not named or placed alike (their names
 * come from differently used random streams, and the probe's scheduler goes round-robin), so theirs are
 * stated by conditions alone; bare pods are compared whole.
 */
function endpointLine(pod: string, conditions: number, node: string, zone: string): string {
  const bit = (flag: number): number => ((conditions & flag) !== 0 ? 1 : 0);
  const state = `${bit(EndpointConditions.ready)}${bit(EndpointConditions.serving)}${bit(EndpointConditions.terminating)}`;
  return pod === '' ? state : `${pod} ${state} ${node} ${zone}`;
}

/** A bare pod's name, or '' for a Deployment's. */
function comparableName(name: string): string {
  return /^app-\d+-(\d+|r\d+)$/.test(name) ? name : '';
}

function engineEndpoints(state: ClusterState): Map<string, ServiceEndpoints> {
  const out = new Map<string, ServiceEndpoints>();
  for (const service of listObjects(state, 'Service', 'default')) {
    const name = service.metadata.name ?? '';
    if (name === 'kubernetes') continue;
    const slices = listObjects(state, 'EndpointSlice', 'default').filter(
      (slice) => slice.metadata.labels?.['kubernetes.io/service-name'] === name,
    );
    const endpoints = listObjects(state, 'Endpoints', 'default').find((e) => e.metadata.name === name);
    const addresses = (field: 'addresses' | 'notReadyAddresses'): string[] =>
      (endpoints?.subsets ?? [])
        .flatMap((subset) => subset[field] ?? [])
        .map((address) => comparableName(address.targetRef?.name ?? ''))
        .sort();
    out.set(name, {
      sliceEndpoints: slices
        .flatMap((slice) => slice.endpoints)
        .map((endpoint) =>
          endpointLine(
            comparableName(endpoint.targetRef?.name ?? ''),
            (endpoint.conditions?.ready === true ? EndpointConditions.ready : 0) |
              (endpoint.conditions?.serving === true ? EndpointConditions.serving : 0) |
              (endpoint.conditions?.terminating === true ? EndpointConditions.terminating : 0),
            endpoint.nodeName ?? '',
            endpoint.zone ?? '',
          ),
        )
        .sort(),
      sliceSizes: slices.map((slice) => slice.endpoints.length).sort((a, b) => a - b),
      readyAddresses: addresses('addresses'),
      notReadyAddresses: addresses('notReadyAddresses'),
    });
  }
  return out;
}

function probeEndpoints(result: ColumnarProbeResult): Map<string, ServiceEndpoints> {
  const { tables, slices, endpoints } = result;
  const podName = (pod: number): string => comparableName(tables.pods.nameOf(pod).replace(/^default\//, ''));
  const out = new Map<string, ServiceEndpoints>();
  for (let service = 0; service < tables.services.size; service++) {
    if (!tables.services.nameOf(service).startsWith('default/')) continue;
    const layout = slices.slicesOf(service);
    const lines: string[] = [];
    for (const slice of layout) {
      slice.pods.forEach((pod, i) => {
        const node = tables.podNode.get(pod);
        lines.push(
          endpointLine(
            podName(pod),
            slice.conditions[i] ?? 0,
            tables.nodes.nameOf(node),
            tables.zones.nameOf(tables.nodeZone.get(node)),
          ),
        );
      });
    }
    const addresses = [...endpoints.addressesOf(service)];
    const named = (state: number): string[] =>
      addresses
        .filter(([, s]) => s === state)
        .map(([pod]) => podName(pod))
        .sort();
    out.set(tables.services.nameOf(service).replace(/^default\//, ''), {
      sliceEndpoints: lines.sort(),
      sliceSizes: layout.map((slice) => slice.pods.length).sort((a, b) => a - b),
      readyAddresses: named(AddressState.ready),
      notReadyAddresses: named(AddressState.notReady),
    });
  }
  return out;
}

/** Writes of a kind in the engine's log between two instants (exclusive, inclusive). */
function engineWrites(
  entries: readonly { at: number; event: { type: string } }[],
  kind: string,
  from: number,
  to: number,
): number {
  let count = 0;
  for (const { at, event } of entries) {
    if (at <= from || at > to) continue;
    const object =
      (event as { object?: { kind?: string }; previous?: { kind?: string } }).object ??
      (event as { previous?: { kind?: string } }).previous;
    if (event.type.startsWith('object/') && object?.kind === kind) count++;
  }
  return count;
}

function probeWrites(
  result: ColumnarProbeResult,
  codes: readonly number[],
  from: number,
  to: number,
): number {
  let count = 0;
  for (let i = 0; i < result.log.length; i++) {
    const at = result.log.at(i);
    if (at > from && at <= to && codes.includes(result.log.code(i))) count++;
  }
  return count;
}

const SLICE_WRITES = [ProbeEvent.sliceCreated, ProbeEvent.sliceUpdated, ProbeEvent.sliceDeleted];

describe('the columnar design probe', () => {
  const { inputs, durationMs } = createClusterScaleInputs(workload);
  const engine = run(inputs, 1, resolveSimulationConfig({ durationMs, watchDelayMs: WATCH_DELAY_MS }));
  const probe = (until: number, max?: number): ColumnarProbeResult =>
    runColumnarProbe(inputs, {
      seed: 1,
      watchDelayMs: WATCH_DELAY_MS,
      durationMs: until,
      ...(max === undefined ? {} : { maxEndpointsPerSlice: max }),
    });

  // Instants in the build, at its end, in the churn (one of them between a commit and its delivery) and
  // after the settling: the probe's watch lag and the engine's must agree at each.
  const checkpoints = [600, workload.buildMs, workload.buildMs + 4_020, workload.buildMs + 7_777, durationMs];
  it.each(checkpoints)('derives the engine’s EndpointSlices and Endpoints at %i ms', (at) => {
    expect(probeEndpoints(probe(at))).toEqual(engineEndpoints(engine.replay.stateAt(at)));
  });

  it('writes slices and Endpoints objects as often as the engine does, phase by phase', () => {
    const result = probe(durationMs);
    const phases: [number, number][] = [
      [-1, workload.buildMs],
      [workload.buildMs, durationMs],
    ];
    for (const [from, to] of phases) {
      expect(probeWrites(result, SLICE_WRITES, from, to)).toBe(
        engineWrites(engine.log.entries, 'EndpointSlice', from, to),
      );
      expect(probeWrites(result, [ProbeEvent.endpointsUpdated], from, to)).toBe(
        engineWrites(engine.log.entries, 'Endpoints', from, to),
      );
    }
  });

  it('leaves selectorless and ExternalName Services without slices or Endpoints, as the engine does', () => {
    const selected = benchService('app-1');
    const inputs: InputEntry[] = [
      { at: 0, event: { type: 'api/applied', object: benchNode(0) } },
      { at: 1, event: { type: 'api/applied', object: benchPod('app-1-0', 'app-1', 'node-0') } },
      { at: 2, event: { type: 'api/applied', object: selected } },
      {
        at: 3,
        event: {
          type: 'api/applied',
          object: {
            ...selected,
            metadata: { name: 'app-2', namespace: 'default' },
            spec: { ...selected.spec, selector: {} },
          },
        },
      },
      {
        at: 4,
        event: {
          type: 'api/applied',
          object: {
            ...selected,
            metadata: { name: 'app-3', namespace: 'default' },
            spec: { type: 'ExternalName', externalName: 'example.com', selector: { app: 'app-1' } },
          },
        },
      },
    ];
    const until = 1_000;
    const engineRun = run(
      inputs,
      1,
      resolveSimulationConfig({ durationMs: until, watchDelayMs: WATCH_DELAY_MS }),
    );
    const expected = engineEndpoints(engineRun.replay.stateAt(until));
    const probed = runColumnarProbe(inputs, { seed: 1, watchDelayMs: WATCH_DELAY_MS, durationMs: until });
    expect(probeEndpoints(probed)).toEqual(expected);
    expect([...expected.values()].map((service) => service.sliceSizes)).toEqual([[1], [], []]);
  });
});
