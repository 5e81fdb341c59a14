import { describe, expect, it } from 'vitest';

import { resolveNodeProxyConfig, ZONE_LABEL, type NodeProxyView, type ServiceProxyState } from '@svcsim/core';

import { createIptablesMode } from '../../src/iptables/createIptablesMode.js';
import type { IptablesKernelState } from '../../src/iptables/IptablesKernelState.js';
import { ready, service, slice } from './fixtures.js';
import { serviceProxyState, viewOf } from './proxyViews.js';

const mode = createIptablesMode();
const nodeConfig = (nodeName: string, ip: string) =>
  resolveNodeProxyConfig({ nodeName, nodeIPs: [ip], clusterCIDR: '10.244.0.0/16' });
const NODE_A = nodeConfig('node-a', '192.168.0.2');
const NODE_B = nodeConfig('node-b', '192.168.0.3');

const cluster = serviceProxyState(service('cluster', '10.96.0.1'), [
  slice('cluster', [ready('10.244.1.5', 'node-a'), ready('10.244.2.7', 'node-b')]),
]);
const local = serviceProxyState(service('local', '10.96.0.2', { internalTrafficPolicy: 'Local' }), [
  slice('local', [ready('10.244.1.6', 'node-a'), ready('10.244.2.8', 'node-b')]),
]);
const hinted = serviceProxyState(service('hinted', '10.96.0.3'), [
  slice('hinted', [
    { ...ready('10.244.1.7', 'node-a'), zone: 'zone-a', hints: { forZones: [{ name: 'zone-a' }] } },
    { ...ready('10.244.2.9', 'node-b'), zone: 'zone-b', hints: { forZones: [{ name: 'zone-b' }] } },
  ]),
]);

function fullSync(view: NodeProxyView, config = NODE_A): IptablesKernelState {
  return mode.sync({ previous: undefined, view, config, full: true, changedServices: new Set() }).rules;
}

function rulesOf(state: IptablesKernelState, key: string) {
  return state.rules.services.get(key)?.rules;
}

describe('createIptablesMode: compiled rules are shared and reused', () => {
  it('shares a Cluster-policy Service`s rules between nodes, but compiles Local-policy ones per node', () => {
    const view = viewOf([cluster, local]);
    const a = fullSync(view, NODE_A);
    const b = fullSync(view, NODE_B);
    expect(rulesOf(b, 'default/cluster')).toBe(rulesOf(a, 'default/cluster'));
    expect(rulesOf(b, 'default/local')).not.toBe(rulesOf(a, 'default/local'));
    // Each node's Local chain holds its own endpoint only.
    const svl = (state: IptablesKernelState) =>
      mode
        .render(state)
        .split('\n')
        .filter((line) => line.startsWith('-A KUBE-SVL-') && line.includes('-> '));
    expect(svl(a)).toEqual([expect.stringContaining('10.244.1.6:8080')]);
    expect(svl(b)).toEqual([expect.stringContaining('10.244.2.8:8080')]);
  });

  it('shares a zone-hinted Service`s rules between nodes of one zone only', () => {
    const inZone = (zone: string) => viewOf([hinted], { [ZONE_LABEL]: zone });
    const a = fullSync(inZone('zone-a'), NODE_A);
    const b = fullSync(inZone('zone-a'), NODE_B);
    const c = fullSync(inZone('zone-b'), NODE_B);
    expect(rulesOf(b, 'default/hinted')).toBe(rulesOf(a, 'default/hinted'));
    expect(rulesOf(c, 'default/hinted')).not.toBe(rulesOf(a, 'default/hinted'));
  });

  it('keeps every unchanged Service`s compiled rules through partial and full syncs', () => {
    const first = fullSync(viewOf([cluster, local, hinted]));
    const moved: ServiceProxyState = serviceProxyState(service('cluster', '10.96.0.1'), [
      slice('cluster', [ready('10.244.1.5', 'node-a'), ready('10.244.3.3', 'node-c')]),
    ]);
    const view = viewOf([moved, local, hinted]);
    const partial = mode.sync({
      previous: first,
      view,
      config: NODE_A,
      full: false,
      changedServices: new Set(['default/cluster']),
    }).rules;
    expect(rulesOf(partial, 'default/cluster')).not.toBe(rulesOf(first, 'default/cluster'));
    expect(rulesOf(partial, 'default/local')).toBe(rulesOf(first, 'default/local'));
    expect(rulesOf(partial, 'default/hinted')).toBe(rulesOf(first, 'default/hinted'));
    const periodic = mode.sync({
      previous: partial,
      view,
      config: NODE_A,
      full: true,
      changedServices: new Set(),
    });
    expect(new Map(periodic.rules.rules.services)).toEqual(new Map(partial.rules.services));
    for (const key of ['default/cluster', 'default/local', 'default/hinted']) {
      expect(rulesOf(periodic.rules, key)).toBe(rulesOf(partial, key));
    }
  });

  it('rewrites everything, comments dropped, when the endpoint total crosses largeClusterThreshold', () => {
    const config = { ...NODE_A, largeClusterThreshold: 4 };
    const first = mode.sync({
      previous: undefined,
      view: viewOf([cluster, local]),
      config,
      full: true,
      changedServices: new Set(),
    });
    expect(first.rules.rules.largeClusterMode).toBe(false);
    // hinted brings the total to 6 > 4: a partial sync of one Service becomes a full write.
    const grown = mode.sync({
      previous: first.rules,
      view: viewOf([cluster, local, hinted]),
      config,
      full: false,
      changedServices: new Set(['default/hinted']),
    });
    expect(grown.rules.rules.largeClusterMode).toBe(true);
    expect(grown.rules.rules.lastWrite.full).toBe(true);
    expect(grown.rulesWritten).toBe(grown.rulesTotal);
    expect(rulesOf(grown.rules, 'default/cluster')).not.toBe(rulesOf(first.rules, 'default/cluster'));
    expect(mode.render(grown.rules)).not.toContain('-> 10.244.1.5:8080');
    expect(mode.render(first.rules)).toContain('"default/cluster:http -> 10.244.1.5:8080"');
  });

  it('rewrites everything when the node`s labels or kube-proxy flags change', () => {
    const view = viewOf([cluster, hinted], { [ZONE_LABEL]: 'zone-a' });
    const first = fullSync(view);
    const sync = (nextView: NodeProxyView, config = NODE_A) =>
      mode.sync({ previous: first, view: nextView, config, full: false, changedServices: new Set() });
    expect(sync(view).rules.rules.lastWrite.full).toBe(false);
    expect(sync(viewOf([cluster, hinted], { [ZONE_LABEL]: 'zone-a' })).rules.rules.lastWrite.full).toBe(
      false,
    );
    expect(sync(viewOf([cluster, hinted], { [ZONE_LABEL]: 'zone-b' })).rules.rules.lastWrite.full).toBe(true);
    expect(sync(view, { ...NODE_A, masqueradeAll: true }).rules.rules.lastWrite.full).toBe(true);
  });
});
