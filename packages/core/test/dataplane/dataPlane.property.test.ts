import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { Protocol } from '../../src/api/ObjectMeta.js';
import type { DataPlaneEvent } from '../../src/dataplane/createDataPlane.js';
import type { ConnectionPeer, ConnectionSource } from '../../src/events/ConnectionEvents.js';
import {
  createHarness,
  fakeRules,
  fromNode,
  fromOutside,
  fromPod,
  nodeObject,
  podObject,
  udpServiceObject,
  type Harness,
} from './fakeCluster.js';

// A world of three nodes, up to six server pods that come and go, two clients, a TCP and a UDP
// Service whose rules each node reprograms at random, and connections opened, used and closed.

const NODES = ['node-1', 'node-2', 'node-3'];
const SERVERS = 6;
const SOURCES: ConnectionSource[] = [
  fromPod('client-1'),
  fromPod('client-2'),
  fromPod('ghost'),
  fromNode('node-2'),
  fromOutside('203.0.113.9', 'node-3'),
];
/** Addresses as `ip:port`, or host names as `name:port`, looked up through the source's resolver. */
const DESTINATIONS: { dst: string; protocol: Protocol; byName?: true }[] = [
  { dst: '10.96.0.50:80', protocol: 'TCP' },
  { dst: 'web:80', protocol: 'TCP', byName: true },
  { dst: 'nosuch:80', protocol: 'TCP', byName: true },
  { dst: '10.96.0.10:53', protocol: 'UDP' },
  { dst: '10.244.2.3:8080', protocol: 'TCP' },
  { dst: '10.96.0.99:80', protocol: 'TCP' },
  { dst: '192.168.0.12:22', protocol: 'TCP' },
];

const serverIP = (i: number) => `10.244.${(i % NODES.length) + 1}.${i + 2}`;
const serverNode = (i: number) => NODES[i % NODES.length] ?? '';

type Step =
  /** `reuse`: open an id used before (`id` picks which), else the next new one. */
  | { kind: 'open'; reuse: boolean; id: number; source: number; destination: number }
  /** `id` picks one of the last ids opened, or the next one, not opened yet. */
  | { kind: 'use'; id: number; reconnect: boolean }
  | { kind: 'close'; id: number }
  | { kind: 'deleteServer'; server: number }
  | { kind: 'startServer'; server: number; generation: number }
  | { kind: 'setNode'; node: number; up: boolean }
  | { kind: 'program'; node: number; servers: number[]; sync: boolean }
  | { kind: 'advance'; ms: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('open' as const),
      reuse: fc.nat({ max: 19 }).map((n) => n === 0),
      id: fc.nat(),
      source: fc.nat({ max: SOURCES.length - 1 }),
      destination: fc.oneof(fc.constantFrom(0, 1, 3), fc.nat({ max: DESTINATIONS.length - 1 })),
    }),
  },
  {
    weight: 10,
    arbitrary: fc.record({ kind: fc.constant('use' as const), id: fc.nat(), reconnect: fc.boolean() }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('close' as const), id: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('deleteServer' as const),
      server: fc.nat({ max: SERVERS - 1 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('startServer' as const),
      server: fc.nat({ max: SERVERS - 1 }),
      generation: fc.nat({ max: 3 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('setNode' as const),
      node: fc.nat({ max: 2 }),
      up: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('program' as const),
      node: fc.nat({ max: 2 }),
      servers: fc.uniqueArray(fc.nat({ max: SERVERS - 1 }), { maxLength: SERVERS }),
      sync: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.nat({ max: 5_000 }) }) },
);

function world(seed: number): Harness {
  const h = createHarness(seed);
  NODES.forEach((node, i) => {
    h.commit({ type: 'object/created', object: nodeObject(node, `192.168.0.${11 + i}`) });
  });
  h.commit({ type: 'object/created', object: podObject('client-1', { node: 'node-1', ip: '10.244.1.200' }) });
  h.commit({ type: 'object/created', object: podObject('client-2', { node: 'node-2', ip: '10.244.2.200' }) });
  h.commit({ type: 'object/created', object: udpServiceObject('dns', '10.96.0.10', 53) });
  // What the cluster DNS answers `web` with (the rules for 10.96.0.50 are programmed per node below).
  h.commit({
    type: 'object/created',
    object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } },
  });
  h.commit({
    type: 'object/created',
    object: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { namespace: 'default', name: 'web', uid: 'uid-svc-web' },
      spec: {
        clusterIP: '10.96.0.50',
        ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }],
      },
    },
  });
  return h;
}

/** Every server running and every node programmed with all of them: where each history starts. */
const PROLOGUE: readonly Step[] = [
  ...Array.from({ length: SERVERS }, (_, server): Step => ({ kind: 'startServer', server, generation: 0 })),
  ...NODES.map((_, node): Step => ({ kind: 'program', node, servers: [0, 1, 2, 3, 4, 5], sync: true })),
];

/** Applies the steps and returns the events each input produced, input by input. */
function play(seed: number, steps: readonly Step[]): { input: Step; events: DataPlaneEvent[] }[] {
  const h = world(seed);
  let now = 0;
  const log: { input: Step; events: DataPlaneEvent[] }[] = [];
  let opened = 0;
  // Mostly one of the last few ids (so requests meet open connections), sometimes one never opened.
  const someId = (pick: number) => `c${Math.max(0, opened - (pick % 9))}`;
  for (const step of [...PROLOGUE, ...steps]) {
    switch (step.kind) {
      case 'open': {
        const { dst, protocol, byName } = DESTINATIONS[step.destination] ?? { dst: '', protocol: 'TCP' };
        const id = step.reuse ? someId(step.id) : `c${opened++}`;
        const source = SOURCES[step.source] ?? fromNode('x');
        const [name = '', port = ''] = dst.split(':');
        log.push({
          input: step,
          events:
            byName === true
              ? h.openName(id, source, name, Number(port), protocol)
              : h.open(id, source, dst, protocol),
        });
        break;
      }
      case 'use':
        log.push({ input: step, events: h.use(someId(step.id), step.reconnect) });
        break;
      case 'close':
        log.push({ input: step, events: h.close(someId(step.id)) });
        break;
      case 'deleteServer':
        h.commit({
          type: 'object/deleted',
          kind: 'Pod',
          namespace: 'default',
          name: `server-${step.server}`,
        });
        break;
      case 'startServer':
        h.commit({
          type: 'object/updated',
          object: podObject(`server-${step.server}`, {
            node: serverNode(step.server),
            ip: serverIP(step.server),
            uid: `server-${step.server}-${step.generation}`,
            ports: [{ containerPort: 8080 }, { containerPort: 53, protocol: 'UDP' }],
          }),
        });
        break;
      case 'setNode':
        h.commit({
          type: 'object/updated',
          object: nodeObject(NODES[step.node] ?? '', `192.168.0.${11 + step.node}`, step.up),
        });
        break;
      case 'program': {
        const node = NODES[step.node] ?? '';
        const endpoints = (port: number) => step.servers.map((s) => ({ ip: serverIP(s), port }));
        h.programmed.program(
          node,
          fakeRules({
            '10.96.0.50:80/TCP': { servicePortName: 'default/web', endpoints: endpoints(8080) },
            '10.96.0.10:53/UDP': { servicePortName: 'default/dns:dns', endpoints: endpoints(53) },
          }),
        );
        if (step.sync) {
          h.views.set(node, {
            nodeLabels: {},
            services: new Map([
              [
                'default/dns',
                {
                  key: 'default/dns',
                  ports: [
                    {
                      servicePortName: 'default/dns:dns',
                      namespace: 'default',
                      name: 'dns',
                      portName: 'dns',
                      protocol: 'UDP',
                      port: 53,
                      clusterIP: '10.96.0.10',
                      nodePort: 0,
                      externalIPs: [],
                      loadBalancerVIPs: [],
                      loadBalancerSourceRanges: [],
                      sessionAffinity: 'None',
                      stickyMaxAgeSeconds: 0,
                      externalTrafficPolicy: 'Cluster',
                      internalTrafficPolicy: 'Cluster',
                      healthCheckNodePort: 0,
                    },
                  ],
                  endpoints: {
                    'default/dns:dns UDP': endpoints(53).map((e) => ({
                      ...e,
                      endpoint: `${e.ip}:${e.port}`,
                      ready: true,
                      serving: true,
                      terminating: false,
                      isLocal: false,
                    })),
                  },
                },
              ],
            ]),
          });
          h.commit({
            type: 'proxy/synced',
            node,
            mode: 'fake',
            reason: 'change',
            full: true,
            services: [],
            servicesChanged: 1,
            rulesWritten: 0,
            rulesTotal: 0,
            costMicros: 0,
          });
        }
        break;
      }
      case 'advance':
        now += step.ms;
        h.at(now);
        break;
    }
  }
  return log;
}

const stepsArb = fc.array(stepArb, { minLength: 20, maxLength: 200, size: 'large' });

describe('the data plane on random histories', () => {
  it('commits the same events for the same inputs and seed', () => {
    fc.assert(
      fc.property(stepsArb, fc.integer({ min: 1, max: 1_000 }), (steps, seed) => {
        expect(play(seed, steps)).toEqual(play(seed, steps));
      }),
      { numRuns: 150 },
    );
  });

  it('answers every open once, every request once, and serves a request only from the pinned peer', () => {
    fc.assert(
      fc.property(stepsArb, fc.integer({ min: 1, max: 1_000 }), (steps, seed) => {
        const pinned = new Map<string, ConnectionPeer>();
        for (const { input, events } of play(seed, steps)) {
          const types = events.map((e) => e.type);
          if (input.kind === 'open') {
            expect(types).toSatisfy((t: string[]) => t.length === 1 && /established|failed/.test(t[0] ?? ''));
          } else if (input.kind === 'use') {
            // One answer; a UDP flow routed again after a cleanup, or a keep-alive client's reconnect,
            // is established (or fails to open) first.
            const answers = [
              ['connection/served'],
              ['connection/broken'],
              ['connection/established', 'connection/served'],
            ];
            if (input.reconnect) answers.push(['connection/failed', 'connection/broken']);
            expect(answers).toContainEqual(types);
          } else {
            expect(events.every((e) => e.type === 'connection/broken' && e.failure === 'notOpen')).toBe(true);
            expect(events.length).toBeLessThanOrEqual(1);
          }
          for (const event of events) {
            if (event.type === 'connection/established') pinned.set(event.id, event.peer);
            if (event.type === 'connection/served') expect(event.peer).toEqual(pinned.get(event.id));
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
