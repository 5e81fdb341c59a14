import { describe, expect, it } from 'vitest';

import type { NodeProxyView, ProxySyncOutcome, ServiceProxyState } from '@svcsim/core';

import { createIptablesMode } from '../../src/iptables/createIptablesMode.js';
import { endpointChainName, servicePortChainName } from '../../src/iptables/hashChainName.js';
import { iptablesSyncCostMicros } from '../../src/iptables/iptablesCostModel.js';
import type { IptablesKernelState } from '../../src/iptables/IptablesKernelState.js';
import { renderIptablesSyncInput } from '../../src/iptables/renderIptablesSyncInput.js';
import { NODE_CONFIG, ready, service, slice } from './fixtures.js';
import { serviceProxyState, viewOf } from './proxyViews.js';

/**
 * Rule counts of full and partial syncs, counted by hand from section 1.12's example (Service
 * default/web, ClusterIP 10.96.45.12, endpoints 10.244.1.5 and 10.244.2.7, cluster CIDR set, localhost
 * NodePorts on):
 *   filter: KUBE-FIREWALL 1 + KUBE-FORWARD 3                                              =  4
 *   nat:    KUBE-POSTROUTING 3 + KUBE-MARK-MASQ 1 + KUBE-SERVICES (web + NodePorts tail) 2  =  6 top-level
 *           KUBE-SVC (masquerade + 2 endpoint rules) 3 + 2 SEP chains x 2 rules            =  7 web's own
 * A second Service default/api with one endpoint adds 1 capture rule to KUBE-SERVICES and 4 rules in
 * its own chains (SVC: masquerade + 1 endpoint rule; SEP: 2).
 */
const mode = createIptablesMode();

const web = (ips: readonly string[]): ServiceProxyState =>
  serviceProxyState(service('web', '10.96.45.12'), [
    slice(
      'web',
      ips.map((ip) => ready(ip)),
    ),
  ]);
const api = serviceProxyState(service('api', '10.96.0.20'), [slice('api', [ready('10.244.3.9')])]);

function sync(
  previous: IptablesKernelState | undefined,
  view: NodeProxyView,
  changed: readonly string[],
  full = false,
): ProxySyncOutcome<IptablesKernelState> {
  return mode.sync({ previous, view, config: NODE_CONFIG, full, changedServices: new Set(changed) });
}

function restoreLines(outcome: ProxySyncOutcome<IptablesKernelState>): string[] {
  return renderIptablesSyncInput(outcome.rules.rules).trimEnd().split('\n');
}

describe('createIptablesMode: rule counts (section 1.12 example)', () => {
  // The same state object while web is unchanged: a new object would mean its slices changed.
  const original = web(['10.244.1.5', '10.244.2.7']);
  const first = sync(undefined, viewOf([original]), [], true);
  const withApi = sync(first.rules, viewOf([original, api]), ['default/api']);
  const moved = web(['10.244.1.5', '10.244.4.4']);
  const webChanged = sync(withApi.rules, viewOf([moved, api]), ['default/web']);
  const idle = sync(webChanged.rules, viewOf([moved, api]), []);
  const periodicFull = sync(idle.rules, viewOf([moved, api]), [], true);
  const apiRemoved = sync(periodicFull.rules, viewOf([moved]), ['default/api']);

  it('writes every rule on the first (full) sync: 4 filter + 13 nat', () => {
    expect(first).toMatchObject({ rulesWritten: 17, rulesTotal: 17 });
  });

  it('writes the top-level chains and only the new Service`s chains when a Service is added', () => {
    // 4 filter + (6 + 1 api capture) top-level nat + api's own 4 = 15 of 17 + 5 = 22.
    expect(withApi).toMatchObject({ rulesWritten: 15, rulesTotal: 22 });
    expect(withApi.rules.rules.lastWrite).toEqual({
      full: false,
      writtenServices: ['default/api'],
      deletedChains: [],
    });
  });

  it('rewrites a changed Service`s chains and deletes the chain of its removed endpoint', () => {
    // 4 filter + 7 top-level nat + web's own 7 = 18; the total is unchanged at 22.
    expect(webChanged).toMatchObject({ rulesWritten: 18, rulesTotal: 22 });
    // KUBE-SEP-2RIJ5GIYXEFH6G4D is 10.244.2.7's chain (section 1.3).
    expect(webChanged.rules.rules.lastWrite.deletedChains).toEqual(['KUBE-SEP-2RIJ5GIYXEFH6G4D']);
    const lines = restoreLines(webChanged);
    const natChainLines = lines.slice(lines.indexOf('*nat') + 1).filter((line) => line.startsWith(':'));
    expect(natChainLines).toEqual(
      [
        'KUBE-SERVICES',
        'KUBE-NODEPORTS',
        'KUBE-POSTROUTING',
        'KUBE-MARK-MASQ',
        servicePortChainName('default/web:http', 'tcp', 'KUBE-SVC-'),
        'KUBE-SEP-AFGSLHOD2HFNCBX4',
        endpointChainName('default/web:http', 'tcp', '10.244.4.4:8080'),
        'KUBE-SEP-2RIJ5GIYXEFH6G4D',
      ].map((chain) => `:${chain} - [0:0]`),
    );
    expect(lines.filter((line) => line.startsWith('-X '))).toEqual(['-X KUBE-SEP-2RIJ5GIYXEFH6G4D']);
    // api's chains are not in the input: the kernel keeps them as they were.
    expect(
      lines.some((line) => line.includes(servicePortChainName('default/api', 'tcp', 'KUBE-SVC-') + ' -')),
    ).toBe(false);
  });

  it('still rewrites the top-level chains when nothing changed', () => {
    expect(idle).toMatchObject({ rulesWritten: 11, rulesTotal: 22 });
  });

  it('writes everything on a periodic full sync', () => {
    expect(periodicFull).toMatchObject({ rulesWritten: 22, rulesTotal: 22 });
    expect(periodicFull.rules.rules.lastWrite).toEqual({
      full: true,
      writtenServices: [],
      deletedChains: [],
    });
  });

  it('deletes every chain of a removed Service and writes none of its rules', () => {
    // 4 filter + 6 top-level nat; api's SVC and SEP chains go.
    expect(apiRemoved).toMatchObject({ rulesWritten: 10, rulesTotal: 17 });
    expect(apiRemoved.rules.rules.lastWrite.deletedChains).toEqual(
      [
        servicePortChainName('default/api:http', 'tcp', 'KUBE-SVC-'),
        endpointChainName('default/api:http', 'tcp', '10.244.3.9:8080'),
      ].sort(),
    );
  });

  it('models the sync`s duration from the lines it wrote and the rules the kernel holds', () => {
    for (const outcome of [first, withApi, webChanged, idle, periodicFull, apiRemoved]) {
      expect(outcome.costMicros).toBe(
        iptablesSyncCostMicros({
          restoreLines: restoreLines(outcome).length,
          rulesTotal: outcome.rulesTotal,
        }),
      );
    }
    expect(idle.costMicros).toBeLessThan(periodicFull.costMicros);
  });
});
