import { describe, expect, it } from 'vitest';

import type { LogEntry, SimEvent } from '@svcsim/core';

import { deriveProxyWork } from '../../src/compare/deriveProxyWork.js';

function synced(full: boolean, rulesWritten: number, costMicros: number): SimEvent {
  return {
    type: 'proxy/synced',
    node: 'node-1',
    mode: 'iptables',
    reason: full ? 'start' : 'change',
    full,
    services: [],
    servicesChanged: 1,
    rulesWritten,
    rulesTotal: 100,
    costMicros,
  };
}

describe('deriveProxyWork', () => {
  it('sums syncs, rules written and first-packet rule walks with their modelled costs', () => {
    const events: SimEvent[] = [
      synced(true, 40, 900),
      synced(false, 6, 120),
      {
        type: 'connection/established',
        id: 'c#1',
        node: 'node-1',
        srcIP: '10.244.1.9',
        srcPort: 40000,
        peer: { ip: '10.244.1.2', port: 8080 },
        masqueraded: false,
        rulesEvaluated: 9,
        costNanos: 2500,
      },
      {
        type: 'connection/failed',
        id: 'c#2',
        node: 'node-1',
        failure: 'refused',
        reason: 'no endpoints',
        rulesEvaluated: 4,
        costNanos: 1500,
      },
      { type: 'connection/used', id: 'c#1' },
    ];
    const entries: LogEntry<SimEvent>[] = events.map((event, seq) => ({ seq, at: seq * 10, event }));
    expect(deriveProxyWork(entries)).toEqual({
      syncs: 2,
      fullSyncs: 1,
      rulesWritten: 46,
      syncCostMicros: 1020,
      rulesEvaluated: 13,
      firstPacketCostNanos: 4000,
    });
  });
});
