import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';

import {
  buildEndpointsMap,
  buildServicePorts,
  createRandomStreams,
  resolveNodeProxyConfig,
  type Endpoint,
  type EndpointSlice,
  type Service,
} from '@svcsim/core';

import {
  compileIptablesRules,
  createRecentTable,
  iptablesJumpRules,
  renderIptablesRestore,
  routeIptablesPacket,
  type IptablesPacket,
  type IptablesRouteResult,
  type IptablesRuleset,
  type RecentTable,
} from '../../../src/index.js';
import { service, slice } from '../fixtures.js';
import {
  createKernelNode,
  kernelUnavailableReason,
  REFUSED,
  removeHelperScript,
  TIMEOUT,
  type KernelOutcome,
} from './kernelNamespace.js';

/**
 * svcsim's route() must agree with the real kernel for NEW TCP connections a process on the node opens
 * to a Service: each generated cluster is compiled, loaded into a fresh network namespace (with the
 * jump rules kube-proxy inserts), and every ClusterIP, NodePort and externalIP is dialled from the node
 * IP. The kernel's answer must be one svcsim can produce. Needs root, `ip`, iptables and network
 * namespaces; where those are missing the suite is skipped and says why, loudly.
 */
const reason = kernelUnavailableReason();
if (reason !== undefined) {
  console.warn(`\n*** SKIPPING the iptables kernel routing tests: ${reason} ***\n`);
}

const NODE_IP = '192.168.50.10';
const CONFIG = resolveNodeProxyConfig({
  nodeName: 'node-a',
  nodeIPs: [NODE_IP],
  clusterCIDR: '10.244.0.0/16',
});
/** Generous: a SYN that the kernel drops never completes; a DNAT to a local listener answers at once. */
const CONNECT_TIMEOUT_MS = 500;
/** Enough fresh seeds that every endpoint a Service chain can pick (at most 3) shows up. */
const POSSIBLE_SET_SEEDS = 200;

type Condition = 'ready' | 'terminating' | 'notReady';

const CONDITIONS: Record<Condition, NonNullable<Endpoint['conditions']>> = {
  ready: { ready: true, serving: true, terminating: false },
  terminating: { ready: false, serving: true, terminating: true },
  notReady: { ready: false, serving: false, terminating: false },
};

const endpointArb = fc.record({
  ip: fc
    .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 254 }))
    .map(([a, b]) => `10.244.${a}.${b}`),
  nodeName: fc.constantFrom('node-a', 'node-b'),
  condition: fc.oneof(
    { weight: 4, arbitrary: fc.constant<Condition>('ready') },
    { weight: 1, arbitrary: fc.constantFrom<Condition>('terminating', 'notReady') },
  ),
});

const serviceArb = fc.record({
  clusterIP: fc
    .tuple(
      fc.integer({ min: 96, max: 111 }),
      fc.integer({ min: 0, max: 255 }),
      fc.integer({ min: 1, max: 254 }),
    )
    .map(([a, b, c]) => `10.${a}.${b}.${c}`),
  type: fc.constantFrom('ClusterIP' as const, 'NodePort' as const),
  port: fc.integer({ min: 8000, max: 8100 }),
  targetPort: fc.integer({ min: 8000, max: 8100 }),
  affinity: fc.boolean(),
  itpLocal: fc.boolean(),
  etpLocal: fc.boolean(),
  externalIP: fc.boolean(),
  endpoints: fc.uniqueArray(endpointArb, { maxLength: 3, selector: (e) => e.ip }),
});

type ServiceCase = typeof serviceArb extends fc.Arbitrary<infer T> ? T : never;

const clusterArb = fc.uniqueArray(serviceArb, { minLength: 1, maxLength: 4, selector: (s) => s.clusterIP });

interface Target {
  readonly service: string;
  readonly ip: string;
  readonly port: number;
  readonly affinity: boolean;
}

function toKubernetes(cases: readonly ServiceCase[]): { services: Service[]; slices: EndpointSlice[] } {
  const services = cases.map((c, i) =>
    service(`svc-${i}`, c.clusterIP, {
      type: c.type,
      ports: [
        {
          name: 'http',
          port: c.port,
          targetPort: c.targetPort,
          protocol: 'TCP',
          ...(c.type === 'NodePort' ? { nodePort: 30000 + i } : {}),
        },
      ],
      ...(c.affinity ? { sessionAffinity: 'ClientIP' as const } : {}),
      ...(c.itpLocal ? { internalTrafficPolicy: 'Local' as const } : {}),
      ...(c.etpLocal && c.type === 'NodePort' ? { externalTrafficPolicy: 'Local' as const } : {}),
      ...(c.externalIP ? { externalIPs: [externalIP(i)] } : {}),
    }),
  );
  const slices = cases.map((c, i) =>
    slice(
      `svc-${i}`,
      c.endpoints.map((e) => ({
        addresses: [e.ip],
        nodeName: e.nodeName,
        conditions: CONDITIONS[e.condition],
      })),
      c.targetPort,
    ),
  );
  return { services, slices };
}

function externalIP(i: number): string {
  return `203.0.113.${i + 1}`;
}

/** Every address a local process can dial for the cluster; ClientIP Services are dialled 3 times each. */
function targetsOf(cases: readonly ServiceCase[]): Target[] {
  return cases.flatMap((c, i) => {
    const name = `svc-${i}`;
    const addresses = [
      { ip: c.clusterIP, port: c.port },
      ...(c.type === 'NodePort' ? [{ ip: NODE_IP, port: 30000 + i }] : []),
      ...(c.externalIP ? [{ ip: externalIP(i), port: c.port }] : []),
    ];
    const repeat = c.affinity ? 3 : 2;
    return addresses.flatMap((a) =>
      Array.from({ length: repeat }, () => ({ service: name, ...a, affinity: c.affinity })),
    );
  });
}

function addressOf(target: Target): string {
  return `${target.service} ${target.ip}:${target.port}`;
}

function packetTo(target: Target): IptablesPacket {
  return {
    srcIP: NODE_IP,
    srcPort: 40000,
    dstIP: target.ip,
    dstPort: target.port,
    protocol: 'TCP',
    entry: 'local',
  };
}

function route(ruleset: IptablesRuleset, target: Target, seed: number, recent: RecentTable, now: number) {
  return routeIptablesPacket(ruleset, packetTo(target), {
    nodeIPs: CONFIG.nodeIPs,
    random: createRandomStreams(seed).stream('iptables'),
    now,
    recent,
  });
}

/**
 * What a local client observes for svcsim's verdict: the endpoint's answer for a DNAT, a refusal for
 * REJECT, silence for DROP. An ACCEPTed packet reaches whatever owns the destination: nothing listens on
 * the node IP (refused), and anything else leaves via dummy0 and is never answered (silence).
 */
function observed(result: IptablesRouteResult, target: Target): KernelOutcome {
  switch (result.verdict) {
    case 'dnat':
      return `${result.destination.ip}:${result.destination.port}`;
    case 'reject':
      return REFUSED;
    case 'drop':
      return TIMEOUT;
    case 'accept':
      return target.ip === NODE_IP ? REFUSED : TIMEOUT;
  }
}

/**
 * Every outcome svcsim allows for the target with no affinity state: one route per fresh seed. With
 * `anyAffinity`, also every outcome with the client in one affinity list, whatever connection put it
 * there: under 1.22.3's rules an SVC chain checks the lists of endpoints it never balances to, which a
 * connection to another address of the Service (through the SVL chain) may have filled.
 */
function possibleOutcomes(
  ruleset: IptablesRuleset,
  target: Target,
  anyAffinity: boolean,
): Set<KernelOutcome> {
  const outcomes = new Set<KernelOutcome>();
  for (let seed = 1; seed <= POSSIBLE_SET_SEEDS; seed++) {
    outcomes.add(observed(route(ruleset, target, seed, createRecentTable(), 0), target));
  }
  if (!anyAffinity) return outcomes;
  const lists = ruleset.nat.chains.flatMap((chain) =>
    chain.rules.flatMap((rule) =>
      rule.args.includes('--rcheck') ? [rule.args[rule.args.indexOf('--name') + 1] ?? ''] : [],
    ),
  );
  for (const list of new Set(lists)) {
    const recent: RecentTable = new Map([[list, new Map([[NODE_IP, 0]])]]);
    outcomes.add(observed(route(ruleset, target, 1, recent, 0), target));
  }
  return outcomes;
}

function describeCluster(cases: readonly ServiceCase[], restore: string): string {
  return `${JSON.stringify(cases, null, 1)}\n--- iptables-restore input ---\n${restore}`;
}

afterAll(() => removeHelperScript());

describe.skipIf(reason !== undefined)('svcsim iptables routing against the real kernel', () => {
  it('answers every locally originated connection to a Service as the kernel does', async () => {
    await fc.assert(
      // Half the clusters are compiled as kube-proxy 1.22.3 wrote them (iptablesCompat.ts): affinity
      // rules and SEP chains for every endpoint, and no REJECT while any endpoint exists.
      fc.asyncProperty(clusterArb, fc.boolean(), async (cases, emulate122) => {
        const { services, slices } = toKubernetes(cases);
        const ruleset = compileIptablesRules(
          services.flatMap((svc) => buildServicePorts(svc)),
          buildEndpointsMap(slices, CONFIG.nodeName),
          emulate122 ? { ...CONFIG, emulateVersion: '1.22.3' } : CONFIG,
        );
        const restore = renderIptablesRestore(ruleset);
        const podIPs = [...new Set(cases.flatMap((c) => c.endpoints.map((e) => e.ip)))].sort();
        const listeners = [
          ...new Set(cases.flatMap((c) => c.endpoints.map((e) => `${e.ip}:${c.targetPort}`))),
        ];
        const node = createKernelNode(
          {
            nodeIP: NODE_IP,
            localIPs: podIPs,
            routes: [
              '10.96.0.0/12',
              ...cases.flatMap((c, i) => (c.externalIP ? [`${externalIP(i)}/32`] : [])),
            ],
          },
          restore,
          iptablesJumpRules(CONFIG),
        );
        try {
          await node.serve(listeners);
          const targets = targetsOf(cases);
          const kernel = node.connect(NODE_IP, targets, CONNECT_TIMEOUT_MS);

          // One recent table across the whole sequence, as the kernel keeps one per namespace.
          const recent = createRecentTable();
          const sequential = targets.map((t, i) => observed(route(ruleset, t, 1000 + i, recent, i), t));

          const context = describeCluster(cases, restore);
          targets.forEach((target, i) => {
            const where = `connection ${i} to ${target.service} at ${target.ip}:${target.port}\n${context}`;
            expect([...possibleOutcomes(ruleset, target, emulate122)], where).toContain(kernel[i]);
          });
          // Per address: with internalTrafficPolicy Local the ClusterIP may drop while the NodePort answers.
          for (const key of new Set(targets.filter((t) => t.affinity).map(addressOf))) {
            const indices = targets.flatMap((t, i) => (addressOf(t) === key ? [i] : []));
            const where = `ClientIP affinity of ${key}\n${context}`;
            expect(new Set(indices.map((i) => kernel[i])).size, `kernel: ${where}`).toBe(1);
            expect(new Set(indices.map((i) => sequential[i])).size, `svcsim: ${where}`).toBe(1);
          }
        } finally {
          await node.close();
        }
      }),
      { numRuns: 8 },
    );
  });
});
