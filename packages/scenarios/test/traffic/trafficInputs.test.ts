import { describe, expect, it } from 'vitest';

import { trafficInputs, type TrafficSpec } from '../../src/index.js';

const base: TrafficSpec = {
  name: 'curl',
  from: { kind: 'pod', namespace: 'default', name: 'client' },
  to: { kind: 'url', host: 'web', port: 80, path: '/healthz' },
  protocol: 'TCP',
  rate: { requests: 2, perMs: 1000 },
  startMs: 1000,
  endMs: 3000,
  connections: 'new',
};

describe('trafficInputs', () => {
  it('opens and closes one connection per request for connections: new, ids <name>#<n> in request order', () => {
    const inputs = trafficInputs(base);
    expect(
      inputs.map(({ at, event }) => `${String(at)} ${event.type} ${'id' in event ? event.id : ''}`),
    ).toEqual([
      '1000 connection/opened curl#1',
      '1000 connection/closed curl#1',
      '1500 connection/opened curl#2',
      '1500 connection/closed curl#2',
      '2000 connection/opened curl#3',
      '2000 connection/closed curl#3',
      '2500 connection/opened curl#4',
      '2500 connection/closed curl#4',
    ]);
    // A host name is looked up by the data plane (the URL's path is not part of the connection).
    expect(inputs[0]?.event).toEqual({
      type: 'connection/opened',
      id: 'curl#1',
      from: { kind: 'pod', namespace: 'default', name: 'client' },
      dstName: 'web',
      dstPort: 80,
      protocol: 'TCP',
    });
  });

  it('keeps one connection for connections: reuse: opened at start, used with reconnect per request, closed at end', () => {
    const inputs = trafficInputs({
      ...base,
      to: { kind: 'address', host: '10.96.0.80', port: 8080 },
      protocol: 'UDP',
      connections: 'reuse',
    });
    expect(inputs).toEqual([
      {
        at: 1000,
        event: {
          type: 'connection/opened',
          id: 'curl#keepalive',
          from: { kind: 'pod', namespace: 'default', name: 'client' },
          dstIP: '10.96.0.80',
          dstPort: 8080,
          protocol: 'UDP',
        },
      },
      ...[1000, 1500, 2000, 2500].map((at) => ({
        at,
        event: { type: 'connection/used', id: 'curl#keepalive', reconnect: true },
      })),
      { at: 3000, event: { type: 'connection/closed', id: 'curl#keepalive' } },
    ]);
  });

  it('gives each event its own source object, for nodes and external clients too', () => {
    for (const from of [
      { kind: 'node', name: 'node-2' },
      { kind: 'external', ip: '203.0.113.9', node: 'node-1' },
    ] as const) {
      const [first, , second] = trafficInputs({ ...base, from });
      const a = first?.event.type === 'connection/opened' ? first.event.from : undefined;
      const b = second?.event.type === 'connection/opened' ? second.event.from : undefined;
      expect(a).toEqual(from);
      expect(b).toEqual(from);
      expect(a).not.toBe(b);
      expect(a).not.toBe(from);
    }
  });
});
