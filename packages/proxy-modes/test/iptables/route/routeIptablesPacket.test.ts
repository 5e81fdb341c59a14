import { describe, expect, it } from 'vitest';

import type { Service } from '@svcsim/core';

import { createRecentTable } from '../../../src/iptables/route/IptablesRoute.js';
import { routeIptablesPacket } from '../../../src/iptables/route/routeIptablesPacket.js';
import { compile, NODE_CONFIG, ready, service, slice } from '../fixtures.js';
import { createDualRouter, NODE_IP, OUTSIDE_IP, packet, POD_IP, stream } from './routeFixtures.js';

const CLUSTER_IP = '10.96.45.12';
const LB_IP = '203.0.113.10';
const lbStatus = { loadBalancer: { ingress: [{ ip: LB_IP, ipMode: 'VIP' as const }] } };
const nodePortSpec = { type: 'NodePort' as const, ports: [{ name: 'http', port: 80, nodePort: 30080 }] };

/** Pearson's chi-square statistic of observed counts against equal expected shares. */
function chiSquareUniform(counts: readonly number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const expected = total / counts.length;
  return counts.reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0);
}

function lastRule(trace: readonly { table: string; chain: string; args: readonly string[] }[]): string {
  const last = trace.at(-1);
  return last === undefined ? '' : `${last.table} ${last.chain} ${last.args.join(' ')}`;
}

describe('routeIptablesPacket', () => {
  it('DNATs a pod connection to the ClusterIP of a one-endpoint Service without masquerading', () => {
    const ruleset = compile([service('web', CLUSTER_IP)], [slice('web', [ready('10.244.1.5')])]);
    const result = routeIptablesPacket(ruleset, packet(CLUSTER_IP, 80), {
      nodeIPs: NODE_CONFIG.nodeIPs,
      random: stream(),
      now: 0,
      recent: createRecentTable(),
    });
    expect(result).toMatchObject({
      verdict: 'dnat',
      destination: { ip: '10.244.1.5', port: 8080 },
      masqueraded: false,
    });
    expect(result.trace.map((t) => `${t.table} ${t.chain} ${t.endpoint ?? ''}`)).toMatchInlineSnapshot(`
      [
        "nat PREROUTING ",
        "nat KUBE-SERVICES ",
        "nat KUBE-SVC-CDGGSHYLG3RE2FKL 10.244.1.5:8080",
        "nat KUBE-SEP-AFGSLHOD2HFNCBX4 10.244.1.5:8080",
        "filter FORWARD ",
        "filter FORWARD ",
        "filter FORWARD ",
        "filter FORWARD ",
        "nat POSTROUTING ",
        "nat KUBE-POSTROUTING ",
      ]
    `);
  });

  it('spreads ClusterIP connections evenly over 2 and 3 endpoints (chi-square, fixed seed)', () => {
    for (const ips of [
      ['10.244.1.5', '10.244.2.7'],
      ['10.244.1.5', '10.244.2.7', '10.244.3.9'],
    ]) {
      const router = createDualRouter(
        compile(
          [service('web', CLUSTER_IP)],
          [
            slice(
              'web',
              ips.map((ip) => ready(ip)),
            ),
          ],
        ),
        42,
      );
      const counts = new Map(ips.map((ip) => [ip, 0]));
      for (let i = 0; i < 20_000; i++) {
        const result = router.route(packet(CLUSTER_IP, 80));
        if (result.verdict !== 'dnat') throw new Error(`expected dnat, got ${result.verdict}`);
        counts.set(result.destination.ip, (counts.get(result.destination.ip) ?? 0) + 1);
      }
      // 99.9th percentile of chi-square with 1 and 2 degrees of freedom.
      const critical = ips.length === 2 ? 10.83 : 13.82;
      expect(chiSquareUniform([...counts.values()])).toBeLessThan(critical);
    }
  });

  it('keeps a client on its endpoint within the ClientIP affinity timeout and re-balances after it', () => {
    const timeoutMs = 600_000;
    const router = createDualRouter(
      compile(
        [
          service('web', CLUSTER_IP, {
            sessionAffinity: 'ClientIP',
            sessionAffinityConfig: { clientIP: { timeoutSeconds: 600 } },
          }),
        ],
        [slice('web', [ready('10.244.1.5'), ready('10.244.2.7')])],
      ),
      7,
    );
    const destinationAt = (now: number): { ip: string; sticky: boolean } => {
      const result = router.route(packet(CLUSTER_IP, 80), now);
      if (result.verdict !== 'dnat') throw new Error(`expected dnat, got ${result.verdict}`);
      return { ip: result.destination.ip, sticky: result.trace.some((t) => t.args.includes('--rcheck')) };
    };
    let now = 0;
    const first = destinationAt(now);
    expect(first.sticky).toBe(false);
    // Every new connection refreshes the timestamp (--set), so a client that keeps coming back stays.
    for (let i = 0; i < 50; i++) {
      now += i % 2 === 0 ? timeoutMs : 1; // exactly the timeout still counts as "seen within"
      expect(destinationAt(now)).toEqual({ ip: first.ip, sticky: true });
    }
    expect(router.recent().get('KUBE-SEP-AFGSLHOD2HFNCBX4')?.size ?? 0).toBeLessThanOrEqual(1);
    // After the timeout the rcheck misses and the statistic rules choose again, each time afresh.
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) {
      now += timeoutMs + 1;
      const next = destinationAt(now);
      expect(next.sticky).toBe(false);
      seen.add(next.ip);
    }
    expect([...seen].sort()).toEqual(['10.244.1.5', '10.244.2.7']);
  });

  it('rejects ClusterIP connections to a Service without endpoints in filter KUBE-SERVICES', () => {
    const router = createDualRouter(compile([service('web', CLUSTER_IP)], [slice('web', [])]));
    const result = router.route(packet(CLUSTER_IP, 80));
    expect(result.verdict).toBe('reject');
    expect(lastRule(result.trace)).toContain('filter KUBE-SERVICES');
    expect(result.trace.at(-1)?.servicePortName).toBe('default/web:http');
  });

  describe('externalTrafficPolicy Local without a local endpoint', () => {
    const router = createDualRouter(
      compile(
        [
          service(
            'web',
            CLUSTER_IP,
            { ...nodePortSpec, type: 'LoadBalancer', externalTrafficPolicy: 'Local' },
            lbStatus,
          ),
        ],
        [slice('web', [ready('10.244.2.7', 'node-b')])],
      ),
    );

    it('drops external clients of the NodePort and the load balancer IP', () => {
      const viaNodePort = router.route(packet(NODE_IP, 30080, OUTSIDE_IP));
      expect(viaNodePort).toMatchObject({ verdict: 'drop', masqueraded: false });
      expect(lastRule(viaNodePort.trace)).toMatch(/^filter KUBE-EXTERNAL-SERVICES .*--dport 30080 -j DROP$/);
      const viaLoadBalancer = router.route(packet(LB_IP, 80, OUTSIDE_IP));
      expect(viaLoadBalancer.verdict).toBe('drop');
      expect(lastRule(viaLoadBalancer.trace)).toMatch(/^filter KUBE-EXTERNAL-SERVICES .*-d 203\.0\.113\.10/);
    });

    it('short-circuits pod traffic to the cluster-wide endpoints', () => {
      const result = router.route(packet(NODE_IP, 30080, POD_IP));
      expect(result).toMatchObject({ verdict: 'dnat', destination: { ip: '10.244.2.7', port: 8080 } });
      expect(
        result.trace.some((t) => t.args.includes('"pod traffic for default/web:http external destinations"')),
      ).toBe(true);
      expect(result.masqueraded).toBe(false);
    });

    it('masquerades and routes the node itself to the cluster-wide endpoints', () => {
      const result = router.route(packet(NODE_IP, 30080, NODE_IP, 'local'));
      expect(result).toMatchObject({ verdict: 'dnat', destination: { ip: '10.244.2.7' }, masqueraded: true });
    });
  });

  it('DNATs and masquerades an external client of a NodePort on the node IP and on localhost', () => {
    const router = createDualRouter(
      compile([service('web', CLUSTER_IP, nodePortSpec)], [slice('web', [ready('10.244.1.5')])]),
    );
    expect(router.route(packet(NODE_IP, 30080, OUTSIDE_IP))).toMatchObject({
      verdict: 'dnat',
      destination: { ip: '10.244.1.5', port: 8080 },
      masqueraded: true,
    });
    expect(router.route(packet('127.0.0.1', 30080, '127.0.0.1', 'local'))).toMatchObject({
      verdict: 'dnat',
      destination: { ip: '10.244.1.5', port: 8080 },
      masqueraded: true,
    });
    // Not a local address: the NodePort is not captured, the packet is forwarded as is.
    expect(router.route(packet('192.168.0.99', 30080, OUTSIDE_IP)).verdict).toBe('accept');
  });

  describe('loadBalancerSourceRanges', () => {
    const router = createDualRouter(
      compile(
        [
          service(
            'web',
            CLUSTER_IP,
            { ...nodePortSpec, type: 'LoadBalancer', loadBalancerSourceRanges: ['203.0.113.0/25'] },
            lbStatus,
          ),
        ],
        [slice('web', [ready('10.244.1.5')])],
      ),
    );

    it('lets an allowed source reach an endpoint', () => {
      expect(router.route(packet(LB_IP, 80, '203.0.113.20'))).toMatchObject({
        verdict: 'dnat',
        destination: { ip: '10.244.1.5', port: 8080 },
        masqueraded: true,
      });
    });

    it('drops other sources in filter KUBE-PROXY-FIREWALL', () => {
      const result = router.route(packet(LB_IP, 80, OUTSIDE_IP));
      expect(result).toMatchObject({ verdict: 'drop', masqueraded: false });
      expect(lastRule(result.trace)).toMatch(/^filter KUBE-PROXY-FIREWALL .* -j DROP$/);
      expect(
        result.trace.some((t) =>
          t.args.includes('"other traffic to default/web:http will be dropped by KUBE-PROXY-FIREWALL"'),
        ),
      ).toBe(true);
    });
  });

  it('masquerades hairpin traffic: a pod reaching itself through its Service', () => {
    const router = createDualRouter(
      compile([service('web', CLUSTER_IP)], [slice('web', [ready('10.244.1.5')])]),
    );
    expect(router.route(packet(CLUSTER_IP, 80, '10.244.1.5'))).toMatchObject({
      verdict: 'dnat',
      destination: { ip: '10.244.1.5' },
      masqueraded: true,
    });
  });

  it('masquerades off-cluster clients of a ClusterIP but not pods', () => {
    const router = createDualRouter(
      compile([service('web', CLUSTER_IP)], [slice('web', [ready('10.244.1.5')])]),
    );
    expect(router.route(packet(CLUSTER_IP, 80, OUTSIDE_IP))).toMatchObject({
      verdict: 'dnat',
      masqueraded: true,
    });
    expect(router.route(packet(CLUSTER_IP, 80, POD_IP))).toMatchObject({
      verdict: 'dnat',
      masqueraded: false,
    });
  });

  it('accepts a connection to a ClusterIP port no Service declares (iptables mode does not reject it)', () => {
    const router = createDualRouter(
      compile([service('web', CLUSTER_IP)], [slice('web', [ready('10.244.1.5')])]),
    );
    const result = router.route(packet(CLUSTER_IP, 81));
    expect(result).toMatchObject({ verdict: 'accept', masqueraded: false });
    expect(result.trace.filter((t) => t.servicePortName !== undefined)).toEqual([]);
  });

  it('charges more rules the later a Service sits in KUBE-SERVICES (cost model)', () => {
    const services: Service[] = [];
    const slices = [];
    for (let i = 0; i < 30; i++) {
      const name = `svc-${String(i).padStart(2, '0')}`;
      services.push(service(name, `10.96.0.${i + 1}`));
      slices.push(slice(name, [ready(`10.244.1.${i + 1}`)]));
    }
    const router = createDualRouter(compile(services, slices));
    const costs = services.map((_, i) => router.route(packet(`10.96.0.${i + 1}`, 80)).rulesEvaluated);
    // One KUBE-SERVICES capture rule per single-port ClusterIP Service: exactly one more rule each.
    expect(costs.slice(1).map((cost, i) => cost - (costs[i] ?? 0))).toEqual(new Array<number>(29).fill(1));
    // A miss walks the whole chain, so it costs one rule more per Service in front of it.
    const alone = createDualRouter(compile(services.slice(0, 1), slices.slice(0, 1)));
    const miss = router.route(packet('10.96.9.9', 80)).rulesEvaluated;
    expect(miss - alone.route(packet('10.96.9.9', 80)).rulesEvaluated).toBe(29);
  });
});
