import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { InputEntry } from '../../src/engine/InputEntry.js';
import { resimulate } from '../../src/engine/resimulate.js';
import { run } from '../../src/engine/run.js';
import { decodeSimLog, encodeSimLog } from '../../src/engine/simLogCodec.js';
import {
  assertSimulationConfig,
  resolveSimulationConfig,
  type SimulationConfig,
} from '../../src/engine/SimulationConfig.js';
import { DEFAULT_KUBE_PROXY_CONFIG } from '../../src/proxy/KubeProxyConfig.js';
import { createFakeProxyMode } from '../controllers/kubeProxy/fakeProxyMode.js';
import { inputsArb, nodeObject, serviceObject } from '../helpers/arbitraries.js';

/** Three delay groups: node-1 lags more, node-2 less and syncs with no rate limit. */
const config = resolveSimulationConfig({
  durationMs: 20_000,
  proxy: {
    mode: 'fake',
    nodes: { 'node-1': { watchDelayMs: 400 }, 'node-2': { watchDelayMs: 0, minSyncPeriodMs: 0 } },
  },
});

const small: InputEntry[] = [
  { at: 0, event: { type: 'api/applied', object: nodeObject(0, 'zone-a') } },
  { at: 0, event: { type: 'api/applied', object: serviceObject('web', 'web', false, false) } },
  { at: 3_000, event: { type: 'proxy/stopped', node: 'node-0' } },
  { at: 4_000, event: { type: 'proxy/started', node: 'node-0' } },
];

describe('run with a kube-proxy', () => {
  it('gives identical logs for the same inputs and seed, and re-simulation reproduces every sync', () => {
    fc.assert(
      fc.property(inputsArb(40), fc.nat(), (inputs, seed) => {
        const first = run(inputs, seed, config, { proxyMode: createFakeProxyMode() });
        const second = run(inputs, seed, config, { proxyMode: createFakeProxyMode() });
        const bytes = encodeSimLog(first.log);
        expect(encodeSimLog(second.log)).toEqual(bytes);
        const again = resimulate(decodeSimLog(bytes), { proxyMode: createFakeProxyMode() });
        expect(again.firstDifference).toBeUndefined();
        expect(again.identical).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it('records proxy syncs, stops and starts in the log, and exposes what each node programmed', () => {
    const { log, programmed } = run(small, 3, config, { proxyMode: createFakeProxyMode() });
    const types = log.entries.map((e) => e.event.type);
    expect(types).toContain('proxy/synced');
    expect(types).toContain('proxy/stopped');
    expect(types).toContain('proxy/started');
    expect(programmed?.rulesOf('node-0')).toBeDefined();
    expect(resimulate(log, { proxyMode: createFakeProxyMode() }).identical).toBe(true);
  });

  it('behaves as before without config.proxy: no syncs, nothing programmed', () => {
    const plain = resolveSimulationConfig({ durationMs: 20_000 });
    const result = run(small.slice(0, 2), 3, plain, { proxyMode: createFakeProxyMode() });
    expect(result.programmed).toBeUndefined();
    expect(result.log.entries.some((e) => e.event.type === 'proxy/synced')).toBe(false);
    expect(plain).not.toHaveProperty('proxy');
  });

  it('needs the mode config.proxy names, and says so', () => {
    expect(() => run(small, 1, config)).toThrow(
      /config\.proxy\.mode is "fake", but run\(\) was given no proxyMode/,
    );
    expect(() => run(small, 1, config, { proxyMode: createFakeProxyMode('ipvs') })).toThrow(
      'config.proxy.mode is "fake", but run() was given the "ipvs" proxy mode',
    );
    const { log } = run(small, 1, config, { proxyMode: createFakeProxyMode() });
    expect(() => resimulate(log)).toThrow(/given no proxyMode/);
  });

  it('fills proxy defaults for a partial proxy config', () => {
    expect(resolveSimulationConfig({ proxy: {} }).proxy).toEqual(DEFAULT_KUBE_PROXY_CONFIG);
    expect(resolveSimulationConfig({ proxy: { mode: 'ipvs', minSyncPeriodMs: 0 } }).proxy).toEqual({
      ...DEFAULT_KUBE_PROXY_CONFIG,
      mode: 'ipvs',
      minSyncPeriodMs: 0,
    });
  });

  it('refuses a bad proxy config, naming the field', () => {
    const withProxy = (proxy: unknown): unknown => ({ ...resolveSimulationConfig({}), proxy });
    const good = DEFAULT_KUBE_PROXY_CONFIG;
    const cases: [unknown, string][] = [
      [
        { ...good, nodes: { 'node-2': { watchDelayMs: -5 } } },
        'config.proxy.nodes.node-2.watchDelayMs: expected a non-negative integer number of milliseconds, got -5',
      ],
      [
        { ...good, nodes: { 'node-2': { watchDelay: 5 } } },
        'config.proxy.nodes.node-2.watchDelay: unknown field',
      ],
      [{ ...good, mode: '' }, 'config.proxy.mode: expected a proxy mode name'],
      [{ ...good, minSyncPeriodMs: 1.5 }, 'config.proxy.minSyncPeriodMs: expected a non-negative integer'],
      [
        { ...good, syncPeriodMs: 0 },
        'config.proxy.syncPeriodMs: expected a positive integer number of milliseconds',
      ],
      [
        { ...good, minSyncPeriodMs: 60_000 },
        'config.proxy.syncPeriodMs: syncPeriodMs (30000) must be greater than or equal to minSyncPeriodMs (60000)',
      ],
      [
        { ...good, nodes: { 'node-3': { syncPeriodMs: 10 } } },
        'config.proxy.nodes.node-3.syncPeriodMs: syncPeriodMs (10) must be greater than or equal to minSyncPeriodMs (1000)',
      ],
      [
        { ...good, nodes: { 'node-4': { minSyncPeriodMs: 40_000 } } },
        'config.proxy.nodes.node-4.minSyncPeriodMs: syncPeriodMs (30000) must be greater than or equal to minSyncPeriodMs (40000)',
      ],
      [{ ...good, clusterCIDR: '10.244.0.0' }, 'config.proxy.clusterCIDR: expected an IPv4 CIDR'],
      [{ ...good, masqueradeAll: 'yes' }, 'config.proxy.masqueradeAll: expected true or false'],
      [{ ...good, nodes: [] }, 'config.proxy.nodes: expected an object of per-node overrides'],
      [{ ...good, resyncMs: 1 }, 'config.proxy.resyncMs: unknown field'],
      ['iptables', 'config.proxy: expected an object'],
    ];
    for (const [proxy, message] of cases) {
      expect(() => {
        assertSimulationConfig(withProxy(proxy), 'config');
      }).toThrow(message);
    }
    const bad = withProxy({ ...good, watchDelayMs: -1 }) as SimulationConfig;
    expect(() => run([], 1, bad, { proxyMode: createFakeProxyMode('iptables') })).toThrow(
      'config.proxy.watchDelayMs: expected a non-negative integer number of milliseconds, got -1',
    );
    expect(() => {
      assertSimulationConfig(withProxy({ ...good, clusterCIDR: '10.244.0.0/16' }), 'config');
    }).not.toThrow();
  });
});
