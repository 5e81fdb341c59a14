import { describe, expect, it } from 'vitest';

import type { ConnectionPeer, LogEntry, SimEvent } from '@svcsim/core';

import { compareConnectionOutcomes } from '../../src/compare/compareConnectionOutcomes.js';
import { deriveConnectionOutcomes } from '../../src/compare/deriveConnectionOutcomes.js';

/** Builds a log from (at, event) pairs, numbering them as a run would. */
function log(...events: [number, SimEvent][]): LogEntry<SimEvent>[] {
  return events.map(([at, event], seq) => ({ seq, at, event }));
}

const CLIENT = { kind: 'pod', namespace: 'default', name: 'client' } as const;

function opened(id: string): SimEvent {
  return { type: 'connection/opened', id, from: CLIENT, dstIP: '10.96.0.80', dstPort: 80, protocol: 'TCP' };
}

function peer(pod: string, ip: string): ConnectionPeer {
  return { ip, port: 8080, pod: `default/${pod}` };
}

const A = peer('web-a', '10.244.1.2');
const B = peer('web-b', '10.244.2.3');

function established(id: string, to: ConnectionPeer): SimEvent {
  return {
    type: 'connection/established',
    id,
    node: 'node-1',
    srcIP: '10.244.1.9',
    srcPort: 40000,
    peer: to,
    masqueraded: false,
    rulesEvaluated: 7,
    costNanos: 1000,
  };
}

function failed(id: string, failure: 'refused' | 'timedOut', reason = `${failure} somehow`): SimEvent {
  return {
    type: 'connection/failed',
    id,
    node: 'node-1',
    failure,
    reason,
    rulesEvaluated: 7,
    costNanos: 1000,
  };
}

const used = (id: string): SimEvent => ({ type: 'connection/used', id, reconnect: true });
const served = (id: string, by: ConnectionPeer): SimEvent => ({ type: 'connection/served', id, peer: by });
const broken = (id: string, failure: 'reset' | 'timedOut' | 'notOpen'): SimEvent => ({
  type: 'connection/broken',
  id,
  failure,
  reason: `${failure} somehow`,
});

describe('deriveConnectionOutcomes', () => {
  it('reads each id’s answers in order, telling opens, reconnects, requests and closes apart', () => {
    const outcomes = deriveConnectionOutcomes(
      log(
        [1000, opened('pool#keepalive')],
        [1000, established('pool#keepalive', A)],
        [1500, used('pool#keepalive')],
        [1500, served('pool#keepalive', A)],
        [2000, used('pool#keepalive')],
        [2000, broken('pool#keepalive', 'reset')],
        [2500, used('pool#keepalive')],
        [2500, established('pool#keepalive', B)],
        [2500, served('pool#keepalive', B)],
        [3000, { type: 'connection/closed', id: 'pool#keepalive' }],
        [3000, { type: 'connection/closed', id: 'pool#keepalive' }],
        [3000, broken('pool#keepalive', 'notOpen')],
      ),
    );
    expect(outcomes).toHaveLength(1);
    const [pool] = outcomes;
    expect(pool?.traffic).toBe('pool');
    expect(pool?.steps.map((s) => `${s.answers} ${s.type}`)).toEqual([
      'open established',
      'request served',
      'request broken',
      'reopen established',
      'request served',
      'close broken',
    ]);
    // Its requests are the answers to its three uses, not its opens or the close.
    expect(pool?.requests.map((s) => s.type)).toEqual(['served', 'broken', 'served']);
  });

  it('counts a connection that carries no requests by its open, and groups ids by the name before #', () => {
    const outcomes = deriveConnectionOutcomes(
      log(
        [0, opened('clients#1')],
        [0, established('clients#1', A)],
        [0, opened('new-7')],
        [0, failed('new-7', 'refused')],
        [5, opened('a#b#2')],
        [5, established('a#b#2', B)],
      ),
    );
    expect(outcomes.map((o) => [o.id, o.traffic, o.requests.map((s) => s.type)])).toEqual([
      ['clients#1', 'clients', ['established']],
      ['new-7', 'new-7', ['failed']],
      ['a#b#2', 'a#b', ['established']],
    ]);
  });
});

describe('compareConnectionOutcomes', () => {
  it('finds nothing to report between a log and itself', () => {
    const entries = log(
      [0, opened('c#1')],
      [0, established('c#1', A)],
      [9, opened('c#2')],
      [9, failed('c#2', 'timedOut')],
    );
    const comparison = compareConnectionOutcomes(entries, entries);
    expect(comparison.differences).toEqual([]);
    expect(comparison.connections).toBe(2);
    expect(comparison.traffics).toEqual([
      {
        traffic: 'c',
        connections: 2,
        differing: 0,
        recorded: { requests: 2, succeeded: 1, failed: { timedOut: 1 } },
        resimulated: { requests: 2, succeeded: 1, failed: { timedOut: 1 } },
      },
    ]);
  });

  it('names each kind of change at the first step where the runs part, ordered by when', () => {
    const recorded = log(
      [0, opened('c#1')],
      [0, established('c#1', A)],
      [1, opened('c#2')],
      [1, established('c#2', A)],
      [2, opened('c#3')],
      [2, failed('c#3', 'refused')],
      [3, opened('c#4')],
      [3, failed('c#4', 'refused')],
      [4, opened('c#5')],
      [4, established('c#5', B)],
    );
    const resimulated = log(
      [0, opened('c#1')],
      [0, established('c#1', A)],
      [1, opened('c#2')],
      [1, established('c#2', B)],
      [2, opened('c#3')],
      [2, established('c#3', A)],
      [3, opened('c#4')],
      [3, failed('c#4', 'timedOut', 'worded differently')],
      [4, opened('c#5')],
      [4, failed('c#5', 'refused')],
    );
    const comparison = compareConnectionOutcomes(recorded, resimulated);
    expect(comparison.differences.map((d) => [d.id, d.change, d.at, d.index])).toEqual([
      ['c#2', 'otherPeer', 1, 0],
      ['c#3', 'nowSucceeds', 2, 0],
      ['c#4', 'otherFailure', 3, 0],
      ['c#5', 'nowFails', 4, 0],
    ]);
    expect(comparison.traffics[0]).toMatchObject({
      connections: 5,
      differing: 4,
      recorded: { requests: 5, succeeded: 3, failed: { refused: 2 } },
      resimulated: { requests: 5, succeeded: 3, failed: { refused: 1, timedOut: 1 } },
    });
  });

  it('ignores reasons and sees a keep-alive connection that had to reconnect in one run only', () => {
    const recorded = log(
      [0, opened('p#keepalive')],
      [0, established('p#keepalive', A)],
      [1, used('p#keepalive')],
      [1, served('p#keepalive', A)],
      [2, used('p#keepalive')],
      [2, served('p#keepalive', A)],
    );
    const resimulated = log(
      [0, opened('p#keepalive')],
      [0, established('p#keepalive', A)],
      [1, used('p#keepalive')],
      [1, broken('p#keepalive', 'reset')],
      [2, used('p#keepalive')],
      [2, established('p#keepalive', B)],
      [2, served('p#keepalive', B)],
    );
    const [difference] = compareConnectionOutcomes(recorded, resimulated).differences;
    expect(difference).toMatchObject({
      id: 'p#keepalive',
      change: 'nowFails',
      index: 1,
      at: 1,
      recordedSteps: 3,
      resimulatedSteps: 4,
    });
    expect(difference?.recorded?.type).toBe('served');
    expect(difference?.resimulated?.type).toBe('broken');
  });

  it('keeps traffics in order of their first connection and counts each run’s requests', () => {
    const recorded = log(
      [0, opened('zeta#1')],
      [0, established('zeta#1', A)],
      [1, opened('alpha#1')],
      [1, established('alpha#1', A)],
    );
    const resimulated = log(
      [0, opened('zeta#1')],
      [0, established('zeta#1', A)],
      [1, opened('alpha#1')],
      [1, failed('alpha#1', 'timedOut')],
    );
    const comparison = compareConnectionOutcomes(recorded, resimulated);
    expect(comparison.traffics.map((t) => [t.traffic, t.differing])).toEqual([
      ['zeta', 0],
      ['alpha', 1],
    ]);
  });
});
