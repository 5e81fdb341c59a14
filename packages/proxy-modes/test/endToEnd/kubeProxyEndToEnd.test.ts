import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  buildEndpointsMap,
  buildServicePorts,
  getObject,
  listObjects,
  nodeProxyConfigOf,
  run,
  shouldSkipService,
  type ClusterState,
  type KubeProxyConfig,
  type ProxyMode,
  type SimEvent,
} from '@svcsim/core';

import {
  compileIptablesRules,
  iptablesJumpRules,
  proxyModeNamed,
  renderIptablesSave,
} from '../../src/index.js';
import { E2E_CONFIG, NODE_NAMES, clusterInputs, clusterShape } from './clusterFixture.js';

function iptablesMode(): ProxyMode {
  const mode = proxyModeNamed('iptables');
  if (mode === undefined) throw new Error('the iptables mode is not registered');
  return mode;
}

/** The rules a node's view of `state` implies, compiled from scratch (as iptables-save lists a full sync's). */
function rulesImpliedBy(state: ClusterState, nodeName: string, proxy: KubeProxyConfig): string {
  const node = getObject(state, 'Node', '', nodeName);
  if (node === undefined) throw new Error(`no node ${nodeName}`);
  const servicePorts = listObjects(state, 'Service')
    .filter((service) => !shouldSkipService(service))
    .flatMap(buildServicePorts);
  const endpoints = buildEndpointsMap(listObjects(state, 'EndpointSlice'), nodeName);
  const config = nodeProxyConfigOf(node, proxy);
  return renderIptablesSave(
    compileIptablesRules(servicePorts, endpoints, config, node.metadata.labels ?? {}),
    iptablesJumpRules(config),
  );
}

/** `--to-destination` targets in a rendered ruleset: the endpoints a node's rules can send to. */
function dnatTargets(rendered: string): Set<string> {
  return new Set([...rendered.matchAll(/--to-destination (\S+)/g)].map((match) => match[1] ?? ''));
}

const proxy = E2E_CONFIG.proxy as KubeProxyConfig;

describe('kube-proxy with the iptables mode, end to end', () => {
  it('once syncs settle, every node holds exactly the rules its view of the cluster implies', () => {
    fc.assert(
      fc.property(clusterShape, fc.integer({ min: 0, max: 1000 }), (shape, seed) => {
        const mode = iptablesMode();
        const result = run(clusterInputs(shape), seed, E2E_CONFIG, { proxyMode: mode });
        const programmed = result.programmed;
        if (programmed === undefined) throw new Error('the run had no kube-proxy');
        for (const node of NODE_NAMES) {
          expect(mode.render(programmed.rulesOf(node))).toBe(rulesImpliedBy(result.finalState, node, proxy));
        }
      }),
      { numRuns: 25 },
    );
  });

  it('sends no new connection to an endpoint absent from the entry node’s current rules', () => {
    let dnatDecisions = 0;
    fc.assert(
      fc.property(clusterShape, fc.integer({ min: 0, max: 1000 }), (shape, seed) => {
        const inner = iptablesMode();
        // Record, at every routing decision, which endpoints the node's rules held at that instant.
        const routed: { destination: string; allowed: Set<string> }[] = [];
        const watched: ProxyMode = {
          name: inner.name,
          sync: (input) => inner.sync(input),
          render: (rules) => inner.render(rules),
          route: (rules, packet, ctx) => {
            const result = inner.route(rules, packet, ctx);
            if (result.verdict === 'dnat') {
              routed.push({
                destination: `${result.destination.ip}:${String(result.destination.port)}`,
                allowed: dnatTargets(inner.render(rules)),
              });
            }
            return result;
          },
        };
        const { log } = run(clusterInputs(shape), seed, E2E_CONFIG, { proxyMode: watched });
        for (const { destination, allowed } of routed) expect(allowed).toContain(destination);

        // And the log agrees: every connection a Service rule established went to one of those DNAT
        // decisions (some DNATed connections fail instead: their endpoint's pod was already gone).
        const established = log.entries
          .map((entry) => entry.event)
          .filter(
            (event): event is Extract<SimEvent, { type: 'connection/established' }> =>
              event.type === 'connection/established' && event.servicePortName !== undefined,
          );
        const destinations = routed.map((decision) => decision.destination);
        for (const event of established) {
          expect(destinations).toContain(`${event.peer.ip}:${String(event.peer.port)}`);
        }
        expect(established.length).toBeLessThanOrEqual(routed.length);
        dnatDecisions += routed.length;
      }),
      { numRuns: 25 },
    );
    // The property is not vacuous: the generated runs did route connections to endpoints.
    expect(dnatDecisions).toBeGreaterThan(25);
  });

  it('reports every new connection exactly once, and conntrack answers every request on it', () => {
    fc.assert(
      fc.property(clusterShape, fc.integer({ min: 0, max: 1000 }), (shape, seed) => {
        const { log } = run(clusterInputs(shape), seed, E2E_CONFIG, { proxyMode: iptablesMode() });
        const outcomes = new Map<string, string[]>();
        for (const { event } of log.entries) {
          if (
            event.type === 'connection/established' ||
            event.type === 'connection/failed' ||
            event.type === 'connection/served' ||
            event.type === 'connection/broken'
          ) {
            outcomes.set(event.id, [...(outcomes.get(event.id) ?? []), event.type]);
          }
        }
        shape.connections.forEach((_connection, i) => {
          const seen = outcomes.get(`c${String(i)}`) ?? [];
          // Opened: exactly one of established/failed. Used once: served or broken if it was
          // established, and "not open" (broken) if it failed.
          expect(seen).toHaveLength(2);
          const [first, second] = seen;
          if (first === 'connection/established')
            expect(['connection/served', 'connection/broken']).toContain(second);
          else expect([first, second]).toEqual(['connection/failed', 'connection/broken']);
        });
      }),
      { numRuns: 15 },
    );
  });

  it('gives byte-identical logs for the same inputs and seed', () => {
    const [shape] = fc.sample(clusterShape, { seed: 42, numRuns: 1 });
    if (shape === undefined) throw new Error('no sample');
    const first = run(clusterInputs(shape), 3, E2E_CONFIG, { proxyMode: iptablesMode() });
    const second = run(clusterInputs(shape), 3, E2E_CONFIG, { proxyMode: iptablesMode() });
    expect(second.log.entries).toEqual(first.log.entries);
    expect(first.log.entries.some((entry) => entry.event.type === 'proxy/synced')).toBe(true);
  });
});
