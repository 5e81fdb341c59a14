import { describe, expect, it } from 'vitest';

import {
  resolveSimulationConfig,
  run,
  type ConnectionEstablished,
  type InputEntry,
  type LogEntry,
  type Pod,
  type Service,
  type SimEvent,
  type SimulationConfig,
} from '@svcsim/core';

import { createIptablesMode } from '../../src/index.js';
import { nodeObject } from './clusterFixture.js';

const WEB_IP = '10.96.20.20';

function pod(name: string, node: number, labels: Record<string, string>): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels },
    spec: {
      nodeName: `node-${String(node)}`,
      containers: [{ name: 'app', image: 'example/app:1', ports: [{ name: 'http', containerPort: 8080 }] }],
    },
  };
}

function web(spec: Partial<Service['spec']> = {}): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      clusterIP: WEB_IP,
      selector: { app: 'web' },
      ports: [{ name: 'http', port: 80, targetPort: 'http' }],
      ...spec,
    },
  };
}

function apply(at: number, object: Pod | Service | ReturnType<typeof nodeObject>): InputEntry {
  return { at, event: { type: 'api/applied', object } };
}

function open(at: number, id: string, client: string): InputEntry {
  return {
    at,
    event: {
      type: 'connection/opened',
      id,
      from: { kind: 'pod', namespace: 'default', name: client },
      dstIP: WEB_IP,
      dstPort: 80,
      protocol: 'TCP',
    },
  };
}

function eventsOf<T extends SimEvent['type']>(
  entries: readonly LogEntry<SimEvent>[],
  type: T,
): (Extract<SimEvent, { type: T }> & { at: number })[] {
  return entries
    .filter((entry) => entry.event.type === type)
    .map((entry) => ({ ...(entry.event as Extract<SimEvent, { type: T }>), at: entry.at }));
}

function config(proxyNodes: Record<string, { watchDelayMs: number }> = {}): SimulationConfig {
  return resolveSimulationConfig({
    durationMs: 60_000,
    proxy: { mode: 'iptables', clusterCIDR: '10.244.0.0/16', nodes: proxyNodes },
  });
}

describe('conntrack through the iptables rules', () => {
  it('keeps an established connection on its pod, resets it when the pod goes, and routes new ones by the node’s (late) rules', () => {
    // node-1's kube-proxy sees changes two seconds late, so its rules still name a deleted pod for a while.
    const inputs: InputEntry[] = [
      apply(0, nodeObject(1)),
      apply(0, nodeObject(2)),
      apply(0, pod('client', 1, {})),
      apply(0, pod('web-a', 1, { app: 'web' })),
      apply(0, pod('web-b', 2, { app: 'web' })),
      apply(500, web()),
    ];
    // Forty connections before the deletion, one request on each after it.
    for (let i = 0; i < 40; i++) inputs.push(open(5_000, `early-${String(i)}`, 'client'));
    inputs.push({
      at: 10_000,
      event: { type: 'api/deleted', kind: 'Pod', namespace: 'default', name: 'web-a', gracePeriodSeconds: 0 },
    });
    for (let i = 0; i < 40; i++)
      inputs.push({ at: 10_500, event: { type: 'connection/used', id: `early-${String(i)}` } });
    // New connections inside node-1's stale window, and well after it.
    for (let i = 0; i < 40; i++) inputs.push(open(10_500, `stale-${String(i)}`, 'client'));
    for (let i = 0; i < 40; i++) inputs.push(open(20_000, `late-${String(i)}`, 'client'));

    const { log, finalState } = run(inputs, 11, config({ 'node-1': { watchDelayMs: 2_000 } }), {
      proxyMode: createIptablesMode(),
    });
    const podIP = (name: string): string | undefined =>
      log.entries
        .map((entry) => entry.event)
        .filter((event) => event.type === 'object/updated' && event.object.kind === 'Pod')
        .map((event) => (event as { object: Pod }).object)
        .find((object) => object.metadata.name === name && object.status?.podIP !== undefined)?.status?.podIP;
    const ipA = podIP('web-a');
    const ipB = podIP('web-b');
    expect(ipA).toBeDefined();
    expect(ipB).toBeDefined();
    expect(finalState.Pod.default?.['web-a']).toBeUndefined();

    const established = eventsOf(log.entries, 'connection/established');
    const pinned = new Map(established.map((event) => [event.id, event.peer.ip]));
    const early = [...Array(40).keys()].map((i) => `early-${String(i)}`);
    // Both pods got some of the early connections (the rules split them evenly, at random).
    expect(new Set(early.map((id) => pinned.get(id)))).toEqual(new Set([ipA, ipB]));

    // After the deletion, a request on a connection to web-a is reset; one to web-b is served by web-b.
    const served = new Map(
      eventsOf(log.entries, 'connection/served').map((event) => [event.id, event.peer.ip]),
    );
    const broken = new Map(
      eventsOf(log.entries, 'connection/broken').map((event) => [event.id, event.failure]),
    );
    for (const id of early) {
      if (pinned.get(id) === ipA) expect(broken.get(id)).toBe('reset');
      else expect(served.get(id)).toBe(ipB);
    }

    // Inside node-1's stale window its rules still include web-a: those connections time out, the rest
    // reach web-b. Both happen.
    const failed = new Map(eventsOf(log.entries, 'connection/failed').map((event) => [event.id, event]));
    const stale = [...Array(40).keys()].map((i) => `stale-${String(i)}`);
    for (const id of stale) {
      if (pinned.has(id)) expect(pinned.get(id)).toBe(ipB);
      else expect(failed.get(id)?.failure).toBe('timedOut');
    }
    expect(stale.some((id) => failed.has(id))).toBe(true);
    expect(stale.some((id) => pinned.has(id))).toBe(true);

    // Once node-1 has synced the deletion, every new connection reaches web-b.
    for (let i = 0; i < 40; i++) expect(pinned.get(`late-${String(i)}`)).toBe(ipB);
  });
});

describe('ClientIP session affinity through the iptables rules', () => {
  it('sticks each client to one pod within timeoutSeconds and balances again after the entry expires', () => {
    const clients = ['client-1', 'client-2', 'client-3', 'client-4', 'client-5', 'client-6'];
    const inputs: InputEntry[] = [
      apply(0, nodeObject(1)),
      apply(0, nodeObject(2)),
      ...clients.map((name, i) => apply(0, pod(name, 1 + (i % 2), {}))),
      ...['web-a', 'web-b', 'web-c'].map((name, i) => apply(0, pod(name, 1 + (i % 2), { app: 'web' }))),
      apply(
        500,
        web({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 5 } } }),
      ),
    ];
    // Each client: a burst of connections one second apart (within the timeout of the previous one),
    // then, after a pause longer than the timeout, another burst. Repeated four times.
    for (const client of clients) {
      for (let round = 0; round < 4; round++) {
        for (let k = 0; k < 4; k++)
          inputs.push(
            open(5_000 + round * 10_000 + k * 1_000, `${client}-r${String(round)}-${String(k)}`, client),
          );
      }
    }
    const { log } = run(inputs, 5, config(), { proxyMode: createIptablesMode() });
    const peers = new Map(
      eventsOf(log.entries, 'connection/established').map((event: ConnectionEstablished) => [
        event.id,
        event.peer.ip,
      ]),
    );
    let changedAfterExpiry = 0;
    for (const client of clients) {
      const rounds = [0, 1, 2, 3].map((round) =>
        [0, 1, 2, 3].map((k) => peers.get(`${client}-r${String(round)}-${String(k)}`)),
      );
      for (const burst of rounds) {
        // Sticky: every connection of a burst goes where its first one went.
        expect(burst.every((peer) => peer !== undefined && peer === burst[0])).toBe(true);
      }
      for (let round = 1; round < 4; round++)
        if (rounds[round]?.[0] !== rounds[round - 1]?.[0]) changedAfterExpiry++;
    }
    // Released: after the pause the choice is made afresh (3 pods, 18 fresh choices), so some clients move.
    expect(changedAfterExpiry).toBeGreaterThan(0);
  });
});
