import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { SERVICE_NAME_LABEL } from '../../../src/api/EndpointSlice.js';
import type { Node } from '../../../src/api/Node.js';
import type { Service } from '../../../src/api/Service.js';
import { listObjects, type ClusterState } from '../../../src/cluster/ClusterState.js';
import { FULL_SYNC_PERIOD_MS } from '../../../src/controllers/kubeProxy/createNodeKubeProxy.js';
import type { InputEntry } from '../../../src/engine/InputEntry.js';
import { run } from '../../../src/engine/run.js';
import {
  resolveSimulationConfig,
  type PartialSimulationConfig,
} from '../../../src/engine/SimulationConfig.js';
import { SimulationError } from '../../../src/engine/SimulationError.js';
import type { ProxySynced } from '../../../src/events/ProxyEvents.js';
import type { SimEvent } from '../../../src/events/SimEvent.js';
import type { LogEntry } from '../../../src/LogEntry.js';
import { buildEndpointsMap } from '../../../src/proxy/EndpointInfo.js';
import type { ServiceProxyState } from '../../../src/proxy/ProxyMode.js';
import { buildServicePorts } from '../../../src/proxy/ServicePortInfo.js';
import { inputsArb, nodeObject, podObject, serviceObject } from '../../helpers/arbitraries.js';
import { createFakeProxyMode, type FakeRules } from './fakeProxyMode.js';

const MIN_SYNC = 1000;
const SYNC_PERIOD = 30_000;
const FAST = 50;
const SLOW = 500;

function proxyConfig(extra: PartialSimulationConfig = {}) {
  return resolveSimulationConfig({
    durationMs: 40_000,
    ...extra,
    proxy: {
      mode: 'fake',
      minSyncPeriodMs: MIN_SYNC,
      syncPeriodMs: SYNC_PERIOD,
      watchDelayMs: FAST,
      nodes: { 'node-1': { watchDelayMs: SLOW } },
      ...extra.proxy,
    },
  });
}

const cluster: InputEntry[] = [
  { at: 0, event: { type: 'api/applied', object: nodeObject(0, 'zone-a') } },
  { at: 0, event: { type: 'api/applied', object: nodeObject(1, 'zone-b') } },
  { at: 0, event: { type: 'api/applied', object: serviceObject('web', 'web', true, false) } },
  { at: 100, event: { type: 'api/applied', object: podObject('web-a', 'web', 'node-0', 0) } },
  { at: 100, event: { type: 'api/applied', object: podObject('web-b', 'web', 'node-1', 1) } },
];

function applied(at: number, object: Service | Node): InputEntry {
  return { at, event: { type: 'api/applied', object } };
}

/** A Service no pod backs: its slice stays empty, so only the Service itself changes anything. */
function lonelyService(name: string): Service {
  return serviceObject(name, `app-of-${name}`, false, false);
}

function syncs(
  entries: readonly LogEntry<SimEvent>[],
  node: string,
): (ProxySynced & { at: number; seq: number })[] {
  const found: (ProxySynced & { at: number; seq: number })[] = [];
  for (const { at, seq, event } of entries) {
    if (event.type === 'proxy/synced' && event.node === node) found.push({ ...event, at, seq });
  }
  return found;
}

function simulate(inputs: readonly InputEntry[], extra: PartialSimulationConfig = {}) {
  const mode = createFakeProxyMode();
  const result = run(inputs, 1, proxyConfig(extra), { proxyMode: mode });
  return { ...result, mode };
}

/** What a kube-proxy should hold for the cluster state, built from scratch from that state. */
function expectedView(state: ClusterState): Record<string, ServiceProxyState> {
  const expected: Record<string, ServiceProxyState> = {};
  for (const service of listObjects(state, 'Service')) {
    const ports = buildServicePorts(service);
    if (ports.length === 0) continue;
    const namespace = service.metadata.namespace ?? '';
    const name = service.metadata.name ?? '';
    const slices = listObjects(state, 'EndpointSlice', namespace).filter(
      (s) => s.metadata.labels?.[SERVICE_NAME_LABEL] === name,
    );
    const key = `${namespace}/${name}`;
    expected[key] = { key, ports, endpoints: buildEndpointsMap(slices, '') };
  }
  return expected;
}

describe('every node’s kube-proxy', () => {
  it('programs nothing until its initial lists are in, then syncs in full, one watch delay after its Node appears', () => {
    const { log, mode } = simulate(cluster);
    const [first0] = syncs(log.entries, 'node-0');
    const [first1] = syncs(log.entries, 'node-1');
    expect(first0).toMatchObject({ at: FAST, reason: 'start', full: true, services: [], mode: 'fake' });
    expect(first1).toMatchObject({ at: SLOW, reason: 'start', full: true, services: [] });
    const record = mode.syncs.find((s) => s.node === 'node-0');
    expect(first0?.servicesChanged).toBe(record?.services.size);
    expect(record?.previous).toBeUndefined();
    expect(record?.nodeIPs).toEqual(['192.168.0.1']);
    expect(record?.nodeLabels).toEqual({ 'topology.kubernetes.io/zone': 'zone-a' });
  });

  it('syncs later changes partially, naming exactly the Services that changed', () => {
    const { log } = simulate([
      ...cluster,
      applied(2_000, lonelyService('b')),
      applied(2_000, lonelyService('a')),
      applied(5_000, lonelyService('c')),
    ]);
    const later = syncs(log.entries, 'node-0').filter((s) => s.at > 1_000 && s.reason === 'change');
    expect(later.map((s) => [s.at, s.full, s.services])).toEqual([
      [2_000 + FAST, false, ['default/a', 'default/b']],
      [5_000 + FAST, false, ['default/c']],
    ]);
    expect(later[0]?.servicesChanged).toBe(2);
  });

  it('sees a change at its own watch delay, so nodes disagree for a while', () => {
    const { log } = simulate([...cluster, applied(10_000, lonelyService('late'))]);
    const firstWith = (node: string) =>
      syncs(log.entries, node).find((s) => s.services.includes('default/late'))?.at;
    expect(firstWith('node-0')).toBe(10_000 + FAST);
    expect(firstWith('node-1')).toBe(10_000 + SLOW);
  });

  it('batches a stream of changes by minSyncPeriod: two syncs at once (burst 2), then one per minSyncPeriod', () => {
    const names = Array.from({ length: 10 }, (_, i) => `s${i}`);
    const { log } = simulate([
      ...cluster,
      ...names.map((name, i) => applied(3_000 + 100 * i, lonelyService(name))),
    ]);
    const burst = syncs(log.entries, 'node-0').filter((s) => s.at >= 3_000 && s.at < 10_000);
    const keys = (from: number, to: number) => names.slice(from, to).map((n) => `default/${n}`);
    expect(burst.map((s) => [s.at, s.services])).toEqual([
      [3_000 + FAST, keys(0, 1)],
      [3_100 + FAST, keys(1, 2)],
      // Out of tokens: the rest wait for minSyncPeriod after the last sync.
      [3_100 + FAST + MIN_SYNC, keys(2, 10)],
    ]);
  });

  it('syncs every syncPeriod when nothing changes', () => {
    const { log } = simulate(cluster, { durationMs: 100_000 });
    const all = syncs(log.entries, 'node-1');
    const periodic = all.filter((s) => s.reason === 'periodic');
    const lastChange = all.filter((s) => s.reason !== 'periodic').at(-1)?.at ?? 0;
    expect(periodic.map((s) => s.at)).toEqual([1, 2, 3].map((k) => lastChange + k * SYNC_PERIOD));
    for (const sync of periodic)
      expect(sync).toMatchObject({ full: false, services: [], servicesChanged: 0 });
  });

  it('syncs in full once more than FullSyncPeriod has passed since the last full sync', () => {
    const period = 20 * 60_000;
    const { log } = simulate(cluster, {
      durationMs: 3 * FULL_SYNC_PERIOD_MS,
      proxy: { syncPeriodMs: period },
    });
    const all = syncs(log.entries, 'node-0');
    const fulls = all.filter((s) => s.full).map((s) => s.at);
    expect(fulls[0]).toBe(FAST);
    for (let i = 1; i < fulls.length; i++) {
      const gap = (fulls[i] as number) - (fulls[i - 1] as number);
      expect(gap).toBeGreaterThan(FULL_SYNC_PERIOD_MS);
      expect(gap).toBeLessThanOrEqual(FULL_SYNC_PERIOD_MS + period);
    }
    expect(fulls.length).toBeGreaterThanOrEqual(3);
    expect(all.filter((s) => s.full && s.reason !== 'start').every((s) => s.reason === 'periodic')).toBe(
      true,
    );
  });

  it('does not sync for a change kube-proxy cannot see (an annotation on a Service)', () => {
    const annotated: Service = {
      ...serviceObject('web', 'web', true, false),
      metadata: { name: 'web', namespace: 'default', annotations: { owner: 'team-a' } },
    };
    const { log } = simulate([...cluster, applied(12_000, annotated)]);
    const updated = log.entries.some(
      (e) => e.at === 12_000 && e.event.type === 'object/updated' && e.event.object.kind === 'Service',
    );
    expect(updated).toBe(true);
    for (const node of ['node-0', 'node-1']) {
      expect(syncs(log.entries, node).filter((s) => s.at >= 12_000 && s.reason !== 'periodic')).toEqual([]);
    }
  });

  it('syncs in full when its Node’s labels change (needFullSync)', () => {
    const { log } = simulate([...cluster, applied(8_000, nodeObject(0, 'zone-c'))]);
    const [atChange] = syncs(log.entries, 'node-0').filter((s) => s.at >= 8_000);
    expect(atChange).toMatchObject({ at: 8_000 + FAST, full: true, reason: 'change' });
  });

  it('stops syncing when stopped, keeps its rules in the kernel, and resyncs in full after a restart', () => {
    const { log, mode, programmed } = simulate([
      ...cluster,
      { at: 5_000, event: { type: 'proxy/stopped', node: 'node-0' } },
      applied(5_500, lonelyService('while-down')),
      { at: 6_000, event: { type: 'proxy/started', node: 'node-0' } },
      { at: 20_000, event: { type: 'proxy/stopped', node: 'node-0' } },
      applied(21_000, lonelyService('after-stop')),
    ]);
    const node0 = syncs(log.entries, 'node-0');
    expect(node0.filter((s) => s.at > 5_000 && s.at < 6_000 + FAST)).toEqual([]);
    const restart = node0.find((s) => s.at >= 6_000);
    expect(restart).toMatchObject({ at: 6_000 + FAST, reason: 'start', full: true });

    // The kernel kept the rules of the last sync before the stop: the restart's sync is handed them.
    const records = mode.syncs.filter((s) => s.node === 'node-0');
    const lastBeforeStop = node0.filter((s) => s.at <= 5_000).length - 1;
    const restartRecord = records[lastBeforeStop + 1];
    expect(restartRecord?.previous?.writtenBy).toBe(mode.syncs.indexOf(records[lastBeforeStop] as never));
    expect(restartRecord?.services.has('default/while-down')).toBe(true);

    // Stopped for good at 20 s: no more syncs, and its rules stay what the last sync wrote.
    expect(node0.filter((s) => s.at > 20_000)).toEqual([]);
    const rules0 = programmed?.rulesOf('node-0') as FakeRules;
    const rules1 = programmed?.rulesOf('node-1') as FakeRules;
    expect(rules0.writtenBy).toBe(mode.syncs.indexOf(records.at(-1) as never));
    expect(rules0.services.has('default/after-stop')).toBe(false);
    expect(rules1.services.has('default/after-stop')).toBe(true);
    expect(programmed?.rulesOf('node-9')).toBeUndefined();
    expect(programmed?.mode).toBe(mode);
  });

  it('stops with its Node’s deletion and starts again, with the old rules, when the Node is back', () => {
    const { log, mode } = simulate([
      ...cluster,
      { at: 7_000, event: { type: 'api/deleted', kind: 'Node', namespace: '', name: 'node-0' } },
      applied(9_000, nodeObject(0, 'zone-a')),
    ]);
    const node0 = syncs(log.entries, 'node-0');
    expect(node0.filter((s) => s.at > 7_000 && s.at < 9_000)).toEqual([]);
    expect(node0.find((s) => s.at >= 9_000)).toMatchObject({ at: 9_000 + FAST, reason: 'start', full: true });
    const records = mode.syncs.filter((s) => s.node === 'node-0');
    const before = node0.filter((s) => s.at < 7_000).length;
    expect(records[before]?.previous).toBeDefined();
  });

  it('refuses inputs that make no sense for a kube-proxy, naming the input', () => {
    const attempt =
      (input: InputEntry, config = proxyConfig()) =>
      () =>
        run([...cluster, input], 1, config, { proxyMode: createFakeProxyMode() });
    expect(attempt({ at: 1_000, event: { type: 'proxy/started', node: 'node-0' } })).toThrow(
      /proxy\/started for node "node-0": its kube-proxy is already running/,
    );
    expect(attempt({ at: 1_000, event: { type: 'proxy/stopped', node: 'node-7' } })).toThrow(
      /proxy\/stopped for node "node-7": there is no such Node/,
    );
    expect(() =>
      run(
        [
          ...cluster,
          { at: 1_000, event: { type: 'proxy/stopped', node: 'node-0' } },
          { at: 2_000, event: { type: 'proxy/stopped', node: 'node-0' } },
        ],
        1,
        proxyConfig(),
        { proxyMode: createFakeProxyMode() },
      ),
    ).toThrow(/at 2000 ms \(event #\d+\): proxy\/stopped for node "node-0": its kube-proxy is not running/);
    const withoutProxy = resolveSimulationConfig({ durationMs: 10_000 });
    expect(() =>
      run([...cluster, { at: 1_000, event: { type: 'proxy/stopped', node: 'node-0' } }], 1, withoutProxy),
    ).toThrow(SimulationError);
  });

  it('ends, once changes stop and syncs settle, with every node holding what the cluster state implies', () => {
    fc.assert(
      fc.property(inputsArb(40), fc.nat(), (inputs, seed) => {
        const last = inputs.at(-1)?.at ?? 0;
        const mode = createFakeProxyMode();
        const config = proxyConfig({ durationMs: last + 45_000 });
        const { finalState, log } = run(inputs, seed, config, { proxyMode: mode });
        const expected = expectedView(finalState);
        const nodes = listObjects(finalState, 'Node').map((n) => n.metadata.name ?? '');
        for (const node of nodes) {
          const lastSync = mode.syncs.filter((s) => s.node === node).at(-1);
          expect(lastSync, `node ${node} never synced`).toBeDefined();
          expect(Object.fromEntries(lastSync?.services ?? [])).toEqual(expected);
        }
        // Each partial sync names every Service whose state differs from the previous sync's, and only
        // Services whose state object was replaced since.
        for (const node of nodes) {
          const records = mode.syncs.filter((s) => s.node === node);
          const events = syncs(log.entries, node);
          records.forEach((record, i) => {
            const previous = records[i - 1];
            if (record.full || previous === undefined) return;
            const named = new Set(events[i]?.services);
            for (const key of new Set([...previous.services.keys(), ...record.services.keys()])) {
              const before = previous.services.get(key);
              const after = record.services.get(key);
              if (before !== after)
                expect(named.has(key) || JSON.stringify(before) === JSON.stringify(after)).toBe(true);
              else expect(named.has(key)).toBe(false);
            }
          });
        }
      }),
      { numRuns: 40 },
    );
  });
});
