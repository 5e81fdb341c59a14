import { describe, expect, it } from 'vitest';

import {
  createRandomStreams,
  type Endpoint,
  type NodeProxyConfig,
  type ProxyPacket,
  type ServiceSpec,
} from '@svcsim/core';

import { createIptablesMode } from '../../src/iptables/createIptablesMode.js';
import { endpointChainName } from '../../src/iptables/hashChainName.js';
import { iptablesCompatOf } from '../../src/iptables/iptablesCompat.js';
import type { IptablesKernelState } from '../../src/iptables/IptablesKernelState.js';
import { rulesOfChain, type IptablesRuleset } from '../../src/iptables/IptablesRuleset.js';
import { materializeIptablesRuleset } from '../../src/iptables/materializeIptablesRuleset.js';
import { compile, NODE_CONFIG, ready, service, slice } from './fixtures.js';
import { serviceProxyState, viewOf } from './proxyViews.js';
import { createDualRouter, packet } from './route/routeFixtures.js';

const CLUSTER_IP = '10.96.45.12';
const SPN = 'default/web:http';
const A = '10.244.1.5';
const B = '10.244.2.7';
const AFFECTED = { emulateVersion: '1.22.3' } as const;
const FIXED = { emulateVersion: '1.22.4' } as const;
const affinity: ServiceSpec = {
  sessionAffinity: 'ClientIP',
  sessionAffinityConfig: { clientIP: { timeoutSeconds: 10 } },
};

function notReady(ip: string): Endpoint {
  return {
    addresses: [ip],
    nodeName: 'node-b',
    conditions: { ready: false, serving: false, terminating: false },
  };
}

function sep(ip: string): string {
  return endpointChainName(SPN, 'tcp', `${ip}:8080`);
}

/** The chain names of the nat table and the `-j` targets of one chain's rules. */
function natChains(ruleset: IptablesRuleset): string[] {
  return ruleset.nat.chains.map((chain) => chain.name);
}

function svcChainOf(ruleset: IptablesRuleset): string {
  const name = natChains(ruleset).find((chain) => chain.startsWith('KUBE-SVC-'));
  if (name === undefined) throw new Error('no KUBE-SVC chain');
  return name;
}

function rcheckTargets(ruleset: IptablesRuleset): string[] {
  return rulesOfChain(ruleset.nat, svcChainOf(ruleset))
    .filter((rule) => rule.args.includes('--rcheck'))
    .map((rule) => rule.args[rule.args.indexOf('-j') + 1] ?? '');
}

function randomTargets(ruleset: IptablesRuleset): string[] {
  return rulesOfChain(ruleset.nat, svcChainOf(ruleset))
    .filter((rule) => !rule.args.includes('--rcheck') && rule.args.includes('-j'))
    .map((rule) => rule.args[rule.args.indexOf('-j') + 1] ?? '')
    .filter((target) => target.startsWith('KUBE-SEP-'));
}

describe('iptablesCompatOf', () => {
  it.each(['1.22.0', '1.22.1', 'v1.22.2', '1.22.3'])('emulates the 1.22 regressions for %s', (version) => {
    expect(iptablesCompatOf({ emulateVersion: version }).rulesForEveryEndpoint).toBe(true);
  });

  it.each([undefined, '1.21.14', '1.22.4', '1.22.17', '1.23.0', '1.31.2'])(
    'writes today’s rules for %s (the fix, or a release before the regression)',
    (version) => {
      const config = version === undefined ? {} : { emulateVersion: version };
      expect(iptablesCompatOf(config).rulesForEveryEndpoint).toBe(false);
    },
  );

  it('refuses a version its caller should have validated', () => {
    expect(() => iptablesCompatOf({ emulateVersion: '1.22' })).toThrow(/not a release version/);
  });
});

describe('emulateVersion 1.22.3 (before kubernetes#106030)', () => {
  const web = [service('web', CLUSTER_IP, affinity)];
  const mixed = [slice('web', [ready(B), notReady(A)])];

  it('checks the affinity list of every endpoint, NotReady ones included, but balances over ready ones', () => {
    const affected = compile(web, mixed, AFFECTED);
    expect(rcheckTargets(affected)).toEqual([sep(A), sep(B)]);
    expect(randomTargets(affected)).toEqual([sep(B)]);

    const fixed = compile(web, mixed, FIXED);
    expect(rcheckTargets(fixed)).toEqual([sep(B)]);
    expect(randomTargets(fixed)).toEqual([sep(B)]);
  });

  it('writes a KUBE-SEP chain, with its DNAT and --set rule, for every endpoint', () => {
    const affected = compile(web, mixed, AFFECTED);
    expect(natChains(affected)).toContain(sep(A));
    expect(rulesOfChain(affected.nat, sep(A)).map((rule) => rule.args.join(' '))).toContainEqual(
      expect.stringContaining(`--name ${sep(A)} --set -m tcp -p tcp -j DNAT --to-destination ${A}:8080`),
    );
    expect(natChains(compile(web, mixed, FIXED))).not.toContain(sep(A));
  });

  it('captures a Service whose endpoints are all unusable instead of rejecting it, so its traffic is dropped', () => {
    const onlyNotReady = [slice('web', [notReady(A)])];
    const client = packet(CLUSTER_IP, 80);

    const affectedRules = compile([service('web', CLUSTER_IP)], onlyNotReady, AFFECTED);
    const fallsThrough = createDualRouter(affectedRules).route(client);
    // Captured into the SVC chain, which has no rule to DNAT it: the packet leaves for the ClusterIP
    // itself, which nothing answers.
    expect(fallsThrough.trace.map((step) => step.args.at(-1))).toContain(svcChainOf(affectedRules));
    expect(fallsThrough.verdict).toBe('accept');

    const fixed = createDualRouter(compile([service('web', CLUSTER_IP)], onlyNotReady, FIXED));
    expect(fixed.route(client).verdict).toBe('reject');
  });

  it('still rejects a Service with no endpoints at all', () => {
    const none = [slice('web', [])];
    const router = createDualRouter(compile([service('web', CLUSTER_IP)], none, AFFECTED));
    expect(router.route(packet(CLUSTER_IP, 80)).verdict).toBe('reject');
  });

  it('leaves a ServicePort that uses local endpoints only as today', () => {
    const itpLocal = [service('web', CLUSTER_IP, { internalTrafficPolicy: 'Local', ...affinity })];
    const local = [slice('web', [ready(B, 'node-a'), notReady(A)])];
    expect(compile(itpLocal, local, AFFECTED)).toEqual(compile(itpLocal, local, FIXED));
  });
});

describe('kubernetes#110302 through the iptables mode', () => {
  const CLIENT = '10.244.9.9';
  const TIMEOUT_MS = 10_000;
  const withA = serviceProxyState(service('web', CLUSTER_IP, affinity), [slice('web', [ready(A)])]);
  const bothReady = serviceProxyState(service('web', CLUSTER_IP, affinity), [
    slice('web', [ready(A), ready(B)]),
  ]);
  const aNotReady = serviceProxyState(service('web', CLUSTER_IP, affinity), [
    slice('web', [notReady(A), ready(B)]),
  ]);
  const toWeb: ProxyPacket = { ...packet(CLUSTER_IP, 80, CLIENT), entry: 'forward' };

  /**
   * A node programmed with only web-a (the client connects at 0 s and is pinned to it), then with web-b
   * too, then with web-a NotReady; returns where the client's connections at `times` (ms) went.
   */
  function destinations(version: Partial<NodeProxyConfig>, times: readonly number[]): string[] {
    const mode = createIptablesMode();
    const config = { ...NODE_CONFIG, ...version };
    const random = createRandomStreams(7).stream('iptables');
    let state: IptablesKernelState | undefined;
    const sync = (s: typeof withA): void => {
      state = mode.sync({
        previous: state,
        view: viewOf([s]),
        config,
        full: state === undefined,
        changedServices: new Set([s.key]),
      }).rules;
    };
    const connect = (now: number): string => {
      if (state === undefined) throw new Error('not synced');
      const result = mode.route(state, toWeb, { random, now, nodeIPs: config.nodeIPs });
      return result.verdict === 'dnat' ? result.destination.ip : result.verdict;
    };
    sync(withA);
    expect(connect(0)).toBe(A);
    sync(bothReady);
    sync(aNotReady);
    return times.map(connect);
  }

  /** One connection a second from 1 s to 30 s: three times the 10 s timeout, never 10 s apart. */
  const everySecond = Array.from({ length: 30 }, (_, i) => (i + 1) * 1000);

  it('1.22.3 keeps a client that keeps connecting on its NotReady pod, well past the affinity timeout', () => {
    expect(new Set(destinations(AFFECTED, everySecond))).toEqual(new Set([A]));
  });

  it('1.22.3 lets the client go once it pauses longer than the timeout', () => {
    // 1 s after the last connection the entry is fresh; after a pause of 11 s it has expired.
    expect(destinations(AFFECTED, [1000, 1000 + TIMEOUT_MS + 1000])).toEqual([A, B]);
  });

  it('1.22.4 moves the client off the NotReady pod at the first sync that sees it', () => {
    expect(new Set(destinations(FIXED, everySecond))).toEqual(new Set([B]));
  });
});

describe('emulateVersion across nodes and restarts', () => {
  const state = serviceProxyState(service('web', CLUSTER_IP, affinity), [
    slice('web', [ready(B), notReady(A)]),
  ]);
  const view = viewOf([state]);
  const sync = (config: NodeProxyConfig, previous?: IptablesKernelState): IptablesKernelState =>
    createIptablesMode().sync({
      previous,
      view,
      config,
      full: previous === undefined,
      changedServices: new Set(),
    }).rules;
  const ruleset = (kernel: IptablesKernelState): IptablesRuleset => materializeIptablesRuleset(kernel.rules);

  it('gives nodes on different releases their own rules for the same Service state', () => {
    const old = sync({ ...NODE_CONFIG, ...AFFECTED });
    const upgraded = sync({ ...NODE_CONFIG, nodeName: 'node-c', ...FIXED });
    expect(rcheckTargets(ruleset(old))).toEqual([sep(A), sep(B)]);
    expect(rcheckTargets(ruleset(upgraded))).toEqual([sep(B)]);
  });

  it('rewrites every chain when a node restarts on another release, even if no Service changed', () => {
    const before = sync({ ...NODE_CONFIG, ...AFFECTED });
    const after = sync({ ...NODE_CONFIG, ...FIXED }, before);
    expect(after.rules.lastWrite.full).toBe(true);
    expect(ruleset(after)).toEqual(
      compile([service('web', CLUSTER_IP, affinity)], [slice('web', [ready(B), notReady(A)])], FIXED),
    );
    expect(after.rules.lastWrite.deletedChains).toEqual([sep(A)]);
  });
});
