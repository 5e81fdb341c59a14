import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  createRandomStreams,
  resolveNodeProxyConfig,
  ZONE_LABEL,
  type NodeProxyConfig,
  type ProxyPacket,
  type ServiceProxyState,
} from '@svcsim/core';

import { createIptablesMode } from '../../src/iptables/createIptablesMode.js';
import { iptablesSyncCostMicros } from '../../src/iptables/iptablesCostModel.js';
import type { IptablesKernelState } from '../../src/iptables/IptablesKernelState.js';
import type { IptablesRuleset } from '../../src/iptables/IptablesRuleset.js';
import { materializeIptablesRuleset } from '../../src/iptables/materializeIptablesRuleset.js';
import { renderIptablesRestore } from '../../src/iptables/renderIptablesRestore.js';
import { renderIptablesSyncInput } from '../../src/iptables/renderIptablesSyncInput.js';
import {
  addressesOf,
  compileView,
  endpointsFor,
  rawEndpointsArb,
  ruleCount,
  SERVICE_KEYS,
  serviceStateArb,
  viewOf,
  type RawEndpoint,
} from './proxyViews.js';

/**
 * Model-based check of the iptables mode: random sequences of Service and endpoint changes, node label
 * changes (some of them unreported), full and partial syncs and new connections, on two nodes, each
 * synced by a mode that routes through its index and one that walks every rule. After every sync each
 * kernel state must be exactly what one full compileIptablesRules gives of the view (a full sync) or of
 * the previous view updated with the reported changes (a partial one), the counts must be those of
 * section 1.10, and the two routers must agree on everything (verdicts, traces, costs, random draws,
 * xt_recent lists).
 */

const TOP_LEVEL_NAT = new Set(['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ']);

type Op =
  | { readonly kind: 'set'; readonly state: ServiceProxyState }
  | {
      readonly kind: 'endpoints';
      readonly key: string;
      readonly raw: readonly RawEndpoint[];
      readonly reported: boolean;
    }
  | { readonly kind: 'touch'; readonly key: string }
  | { readonly kind: 'remove'; readonly key: string }
  | { readonly kind: 'labels'; readonly zone: string | undefined }
  | { readonly kind: 'sync'; readonly full: boolean }
  | { readonly kind: 'route'; readonly packets: readonly (ProxyPacket & { readonly advanceMs: number })[] };

const keyArb = fc.constantFrom(...SERVICE_KEYS);

const packetArb = fc.record({
  srcIP: fc.constantFrom(
    '10.244.1.1',
    '10.244.2.5',
    '10.244.0.9',
    '192.168.0.2',
    '203.0.113.5',
    '198.18.0.7',
  ),
  srcPort: fc.constant(40000),
  dstIP: fc.oneof(
    keyArb.map((key) => addressesOf(key).clusterIP),
    keyArb.map((key) => addressesOf(key).lbIP),
    keyArb.map((key) => addressesOf(key).externalIP),
    fc.constantFrom('192.168.0.2', '192.168.1.3', '127.0.0.1', '10.96.9.9'),
  ),
  dstPort: fc.oneof(
    fc.constantFrom(80, 53, 8080),
    keyArb.chain((key) => fc.constantFrom(addressesOf(key).nodePort, addressesOf(key).nodePort + 1)),
  ),
  protocol: fc.constantFrom('TCP' as const, 'TCP' as const, 'UDP' as const),
  entry: fc.constantFrom('local' as const, 'forward' as const),
  advanceMs: fc.constantFrom(0, 1000, 5000, 5001),
});

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: keyArb.chain(serviceStateArb).map((state) => ({ kind: 'set' as const, state })) },
  {
    weight: 4,
    arbitrary: fc
      .record({
        key: keyArb,
        raw: rawEndpointsArb,
        reported: fc.oneof(
          { weight: 9, arbitrary: fc.constant(true) },
          { weight: 1, arbitrary: fc.constant(false) },
        ),
      })
      .map((o) => ({ kind: 'endpoints' as const, ...o })),
  },
  { weight: 1, arbitrary: keyArb.map((key) => ({ kind: 'touch' as const, key })) },
  { weight: 2, arbitrary: keyArb.map((key) => ({ kind: 'remove' as const, key })) },
  {
    weight: 1,
    arbitrary: fc
      .option(fc.constantFrom('zone-a', 'zone-b'), { nil: undefined })
      .map((zone) => ({ kind: 'labels' as const, zone })),
  },
  {
    weight: 5,
    arbitrary: fc
      .oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) })
      .map((full) => ({ kind: 'sync' as const, full })),
  },
  {
    weight: 5,
    arbitrary: fc.array(packetArb, { minLength: 1, maxLength: 6 }).map((packets) => ({
      kind: 'route' as const,
      packets,
    })),
  },
);

const flagsArb = fc
  .record({
    clusterCIDR: fc.option(fc.constant('10.244.0.0/16'), { nil: undefined }),
    masqueradeAll: fc.oneof(
      { weight: 4, arbitrary: fc.constant(false) },
      { weight: 1, arbitrary: fc.constant(true) },
    ),
    localhostNodePorts: fc.boolean(),
    nfacct: fc.oneof(
      { weight: 4, arbitrary: fc.constant(false) },
      { weight: 1, arbitrary: fc.constant(true) },
    ),
    // Small thresholds make largeClusterMode flip back and forth within a sequence.
    largeClusterThreshold: fc.constantFrom(3, 6, 1000),
    // 1.22.0-1.22.3 write rules for every endpoint (iptablesCompat.ts); 1.22.4 is today's rules.
    emulateVersion: fc.option(fc.constantFrom('1.22.0', 'v1.22.3', '1.22.4'), { nil: undefined }),
  })
  .map(({ clusterCIDR, emulateVersion, ...flags }) => ({
    ...flags,
    ...(clusterCIDR === undefined ? {} : { clusterCIDR }),
    ...(emulateVersion === undefined ? {} : { emulateVersion }),
  }));

/** One node's two kube-proxies (index and literal walk) and what the previous sync left. */
interface NodeUnderTest {
  readonly config: NodeProxyConfig;
  indexed: IptablesKernelState | undefined;
  literal: IptablesKernelState | undefined;
  oracle: IptablesRuleset | undefined;
  labelsAtLastSync: string | undefined;
}

const indexedMode = createIptablesMode();
const literalMode = createIptablesMode({ literalWalk: true });

/** The Service key a ServicePortName belongs to (namespaces and names cannot contain ':'). */
function serviceKeyOf(servicePortName: string): string {
  return servicePortName.split(':')[0] ?? servicePortName;
}

/** Section 1.10, counted on the oracle: every filter rule, every top-level nat rule, and the written Services' chains. */
function expectedPartialWrite(oracle: IptablesRuleset, written: ReadonlySet<string>): number {
  let count = 0;
  for (const chain of oracle.filter.chains) count += chain.rules.length;
  for (const chain of oracle.nat.chains) {
    for (const rule of chain.rules) {
      if (TOP_LEVEL_NAT.has(chain.name) || written.has(serviceKeyOf(rule.servicePortName ?? ''))) count++;
    }
  }
  return count;
}

function serviceChains(ruleset: IptablesRuleset | undefined): Set<string> {
  return new Set((ruleset?.nat.chains ?? []).map((c) => c.name).filter((name) => !TOP_LEVEL_NAT.has(name)));
}

describe('createIptablesMode: partial syncs', () => {
  it('always leave the kernel equal to a full compile, write what section 1.10 says, and route as the literal walk does', () => {
    fc.assert(
      fc.property(
        flagsArb,
        fc.array(opArb, { minLength: 1, maxLength: 40, size: 'max' }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (flags, ops, seed) => {
          const nodes: NodeUnderTest[] = [
            { name: 'node-a', ip: '192.168.0.2' },
            // Outside 192.168.0.0/24, so loadBalancerSourceRanges rules differ between the two nodes.
            { name: 'node-b', ip: '192.168.1.3' },
          ].map(({ name, ip }) => ({
            config: resolveNodeProxyConfig({ nodeName: name, nodeIPs: [ip], ...flags }),
            indexed: undefined,
            literal: undefined,
            oracle: undefined,
            labelsAtLastSync: undefined,
          }));
          const services = new Map<string, ServiceProxyState>();
          let zone: string | undefined;
          /** Services changed since the last sync, as the change trackers report them. */
          const reported = new Set<string>();
          /**
           * The states the kernels were last programmed from. A change the trackers missed stays
           * unprogrammed until a full sync, which compares every state (upstream repairs it the same way).
           */
          let programmed = new Map<string, ServiceProxyState>();
          const random = {
            indexed: createRandomStreams(seed).stream('iptables'),
            literal: createRandomStreams(seed).stream('iptables'),
          };
          let now = 0;

          for (const op of ops) {
            switch (op.kind) {
              case 'set':
                services.set(op.state.key, op.state);
                reported.add(op.state.key);
                break;
              case 'endpoints': {
                const state = services.get(op.key);
                if (state === undefined) break;
                services.set(op.key, { ...state, endpoints: endpointsFor(state.ports, op.raw) });
                if (op.reported) reported.add(op.key);
                break;
              }
              case 'touch': {
                const state = services.get(op.key);
                if (state === undefined) break;
                services.set(op.key, { ...state });
                reported.add(op.key);
                break;
              }
              case 'remove':
                if (services.delete(op.key)) reported.add(op.key);
                break;
              case 'labels':
                zone = op.zone;
                break;
              case 'sync': {
                const labels = zone === undefined ? {} : { [ZONE_LABEL]: zone };
                const view = viewOf(services.values(), labels);
                // A partial sync programs the reported Services only; it turns into a full write (of the
                // whole view) on the first sync, new node labels, or a largeClusterMode flip.
                const partialView = new Map(programmed);
                for (const key of reported) {
                  const state = services.get(key);
                  if (state === undefined) partialView.delete(key);
                  else partialView.set(key, state);
                }
                const first = nodes[0];
                const forcedFull =
                  first?.oracle === undefined ||
                  first.labelsAtLastSync !== zone ||
                  first.oracle.largeClusterMode !==
                    compileView(viewOf(partialView.values(), labels), first.config).largeClusterMode;
                const writesAll = op.full || forcedFull;
                const expected = writesAll ? view : viewOf(partialView.values(), labels);
                for (const node of nodes) {
                  const input = {
                    view,
                    config: node.config,
                    full: op.full,
                    changedServices: new Set(reported),
                  };
                  const indexed = indexedMode.sync({ ...input, previous: node.indexed });
                  const literal = literalMode.sync({ ...input, previous: node.literal });
                  const oracle = compileView(expected, node.config);
                  const where = `${node.config.nodeName}, sync ${op.full ? 'full' : 'partial'}`;

                  // The kernel after the sync is the full compile of what it was told.
                  expect(materializeIptablesRuleset(indexed.rules.rules), where).toEqual(oracle);
                  expect(renderIptablesRestore(materializeIptablesRuleset(literal.rules.rules)), where).toBe(
                    renderIptablesRestore(oracle),
                  );
                  expect(indexed.rulesTotal, where).toBe(ruleCount(oracle));

                  // What was written: everything on a full write, else the top-level chains plus the
                  // chains of the reported Services.
                  const written = new Set([...reported].filter((key) => expected.services.has(key)));
                  expect(indexed.rules.rules.lastWrite.full, where).toBe(writesAll);
                  expect(indexed.rulesWritten, where).toBe(
                    writesAll ? ruleCount(oracle) : expectedPartialWrite(oracle, written),
                  );
                  const restore = renderIptablesSyncInput(indexed.rules.rules);
                  const restoreLines = restore.trimEnd().split('\n');
                  expect(restoreLines.filter((l) => l.startsWith('-A ')).length, where).toBe(
                    indexed.rulesWritten,
                  );
                  expect(indexed.costMicros, where).toBe(
                    iptablesSyncCostMicros({
                      restoreLines: restoreLines.length,
                      rulesTotal: indexed.rulesTotal,
                    }),
                  );
                  const before = serviceChains(node.oracle);
                  const stale = [...before].filter((chain) => !serviceChains(oracle).has(chain)).sort();
                  expect(indexed.rules.rules.lastWrite.deletedChains, where).toEqual(stale);
                  expect(
                    restoreLines.filter((l) => l.startsWith('-X ')),
                    where,
                  ).toEqual(stale.map((chain) => `-X ${chain}`));
                  expect({ ...literal, rules: undefined }, where).toEqual({ ...indexed, rules: undefined });
                  expect(literal.rules.recent, where).toEqual(indexed.rules.recent);

                  node.indexed = indexed.rules;
                  node.literal = literal.rules;
                  node.oracle = oracle;
                  node.labelsAtLastSync = zone;
                }
                programmed = new Map(expected.services);
                reported.clear();
                break;
              }
              case 'route':
                for (const { advanceMs, ...packet } of op.packets) {
                  now += advanceMs;
                  for (const node of nodes) {
                    if (node.indexed === undefined || node.literal === undefined) continue;
                    const ctx = { nodeIPs: node.config.nodeIPs, now };
                    const fast = indexedMode.route(node.indexed, packet, { ...ctx, random: random.indexed });
                    const slow = literalMode.route(node.literal, packet, { ...ctx, random: random.literal });
                    const where = `${node.config.nodeName} ${JSON.stringify(packet)} at ${now}`;
                    expect(fast, where).toEqual(slow);
                    expect(random.indexed.getState(), where).toEqual(random.literal.getState());
                    expect(node.indexed.recent, where).toEqual(node.literal.recent);
                  }
                }
                break;
            }
          }
        },
      ),
      { numRuns: 80 },
    );
  });
});
