import { describe, expect, it } from 'vitest';

import type { LogEntry, SimEvent } from '@svcsim/core';

import { trafficOutcomesOf } from '../../src/index.js';

const peer = (pod: string) => ({ ip: '10.244.1.5', port: 8080, pod });

/** Log entries at the given instants; seq in list order. */
function log(...events: [number, SimEvent][]): LogEntry<SimEvent>[] {
  return events.map(([at, event], seq) => ({ seq, at, event }));
}

const opened = (id: string): SimEvent => ({
  type: 'connection/opened',
  id,
  from: { kind: 'node', name: 'node-1' },
  dstIP: '10.96.0.80',
  dstPort: 80,
  protocol: 'TCP',
});
const established = (id: string, pod: string): SimEvent => ({
  type: 'connection/established',
  id,
  node: 'node-1',
  srcIP: '192.168.0.11',
  srcPort: 32768,
  peer: peer(pod),
  masqueraded: false,
  rulesEvaluated: 4,
  costNanos: 100,
});

describe('trafficOutcomesOf', () => {
  it("takes a new connection's open as its request, placed at the open's instant", () => {
    const outcomes = trafficOutcomesOf(
      log(
        [1000, opened('curl#1')],
        [1000, established('curl#1', 'default/web-a')],
        [1000, { type: 'connection/closed', id: 'curl#1' }],
        [1100, opened('curl#2')],
        [
          1100,
          {
            type: 'connection/failed',
            id: 'curl#2',
            node: 'node-1',
            failure: 'timedOut',
            reason: 'nobody answers',
            rulesEvaluated: 4,
            costNanos: 100,
          },
        ],
      ),
    );
    expect([...outcomes.entries()]).toEqual([
      [
        'curl',
        [
          { at: 1000, connectionId: 'curl#1', ok: true, peer: peer('default/web-a') },
          { at: 1100, connectionId: 'curl#2', ok: false, failure: 'timedOut', reason: 'nobody answers' },
        ],
      ],
    ]);
  });

  it("takes a keep-alive connection's uses as its requests, not its opens or reconnects", () => {
    const id = 'pool#keepalive';
    const outcomes = trafficOutcomesOf(
      log(
        [0, opened(id)],
        [0, established(id, 'default/web-a')],
        [0, { type: 'connection/used', id, reconnect: true }],
        [0, { type: 'connection/served', id, peer: peer('default/web-a') }],
        [500, { type: 'connection/used', id, reconnect: true }],
        [500, { type: 'connection/broken', id, failure: 'reset', reason: 'pod gone' }],
        [1000, { type: 'connection/used', id, reconnect: true }],
        [1000, established(id, 'default/web-b')],
        [1000, { type: 'connection/served', id, peer: peer('default/web-b') }],
        // A close of a connection that is not open is answered too; it is not a request.
        [1500, { type: 'connection/broken', id, failure: 'notOpen', reason: 'closed twice' }],
      ),
    );
    expect(outcomes.get('pool')).toEqual([
      { at: 0, connectionId: id, ok: true, peer: peer('default/web-a') },
      { at: 500, connectionId: id, ok: false, failure: 'reset', reason: 'pod gone' },
      { at: 1000, connectionId: id, ok: true, peer: peer('default/web-b') },
    ]);
  });

  it('ignores connections whose ids traffic does not write, and groups traffic names in order of first request', () => {
    const outcomes = trafficOutcomesOf(
      log(
        [0, opened('new-1')],
        [0, established('new-1', 'default/web-a')],
        [1, opened('b#1')],
        [1, established('b#1', 'default/web-a')],
        [2, opened('a#1')],
        [2, established('a#1', 'default/web-a')],
      ),
    );
    expect([...outcomes.keys()]).toEqual(['b', 'a']);
  });
});
