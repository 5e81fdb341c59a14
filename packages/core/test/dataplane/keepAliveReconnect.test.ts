import { describe, expect, it } from 'vitest';

import { getObject } from '../../src/cluster/ClusterState.js';
import type { DataPlaneEvent } from '../../src/dataplane/createDataPlane.js';
import type { InputEntry } from '../../src/engine/InputEntry.js';
import type { SimRun } from '../../src/engine/run.js';
import { describeEvent } from '../../src/views/describeEvent.js';
import {
  apply,
  appPod,
  dnsClusterInputs,
  fromPod,
  openByName,
  runDnsCluster,
  useConnection,
  webService,
} from './dnsCluster.js';
import {
  createWebCluster,
  fakeRules,
  fromPod as fromDefaultPod,
  nodeObject,
  only,
  podObject,
} from './fakeCluster.js';

/** What the data plane answered to the inputs of `id` at or after `from`, as `type[:detail]` steps. */
function story(result: SimRun, id: string, from = 0): string[] {
  const steps: string[] = [];
  for (const { at, event } of result.log.entries) {
    if (at < from || !('id' in event) || event.id !== id) continue;
    switch (event.type) {
      case 'connection/established':
      case 'connection/served':
        steps.push(`${event.type.slice('connection/'.length)}:${event.peer.pod ?? event.peer.ip}`);
        break;
      case 'connection/failed':
      case 'connection/broken':
        steps.push(`${event.type.slice('connection/'.length)}:${event.failure}`);
        break;
      default:
        break;
    }
  }
  return steps;
}

/** The pod the connection `id` was first established to. */
function firstPeer(result: SimRun, id: string): string {
  for (const { event } of result.log.entries) {
    if (event.type === 'connection/established' && event.id === id) return event.peer.pod ?? '';
  }
  throw new Error(`${id} was never established`);
}

const deletePod = (at: number, name: string): InputEntry => ({
  at,
  event: { type: 'api/deleted', kind: 'Pod', namespace: 'default', name, gracePeriodSeconds: 0 },
});

/** A keep-alive client on `web`, with one request at 6 s; `then` happens at 8 s, the next request at 12 s. */
function keepAlive(then: readonly InputEntry[], reconnect: boolean, seed = 5): SimRun {
  return runDnsCluster(
    [
      ...dnsClusterInputs(),
      openByName(5_000, 'k', fromPod('client'), 'web'),
      useConnection(6_000, 'k', reconnect),
      ...then,
      useConnection(12_000, 'k', reconnect),
      useConnection(13_000, 'k', reconnect),
    ],
    seed,
  );
}

describe('a keep-alive client (connection/used with reconnect)', () => {
  it('reconnects to another endpoint on its next request when its pod is deleted', () => {
    const probe = keepAlive([], true);
    const pinned = firstPeer(probe, 'k').slice('default/'.length);
    const other = pinned === 'web-1' ? 'default/web-2' : 'default/web-1';

    const result = keepAlive([deletePod(8_000, pinned)], true);
    expect(story(result, 'k', 12_000)).toEqual([
      `established:${other}`,
      `served:${other}`,
      `served:${other}`,
    ]);
    // The same requests without reconnect: reset, then nothing is open.
    const plain = keepAlive([deletePod(8_000, pinned)], false);
    expect(story(plain, 'k', 12_000)).toEqual(['broken:reset', 'broken:notOpen']);
  });

  it('breaks the request with the failure of a reopen that failed, and recovers when the cause goes', () => {
    const result = keepAlive(
      [
        deletePod(8_000, 'web-1'),
        deletePod(8_000, 'web-2'),
        // A new endpoint comes back after the first failed request.
        apply(12_500, appPod('web-3', 'web', 1)),
      ],
      true,
    );
    const broken = result.log.entries.find(
      (e) => e.at === 12_000 && e.event.type === 'connection/broken',
    )?.event;
    expect(broken).toMatchObject({ failure: 'refused' });
    const used = result.log.entries.find((e) => e.at === 12_000 && e.event.type === 'connection/used')?.event;
    expect(used && describeEvent(used)).toBe('k (keep-alive: reconnects if not open)');
    expect(broken && describeEvent(broken)).toMatch(
      /^k refused: could not reconnect: rejected \(ICMP port unreachable\) by /,
    );
    expect(story(result, 'k', 12_000)).toEqual([
      'failed:refused',
      'broken:refused',
      'established:default/web-3',
      'served:default/web-3',
    ]);
  });

  it('looks the name up again when it reconnects', () => {
    const result = runDnsCluster([
      ...dnsClusterInputs(),
      // Opened before its Service exists: it fails to open...
      openByName(5_000, 'k', fromPod('client'), 'late'),
      useConnection(6_000, 'k', true),
      apply(8_000, appPod('late-1', 'late', 1)),
      apply(8_000, webService('late', 'late', 'default', '10.96.0.77')),
      // ...and the next request finds the Service by name.
      useConnection(12_000, 'k', true),
      // The Service is replaced under a new ClusterIP; its pod restarts, resetting the connection.
      { at: 14_000, event: { type: 'api/deleted', kind: 'Service', namespace: 'default', name: 'late' } },
      apply(14_000, webService('late', 'late', 'default', '10.96.0.88')),
      deletePod(14_000, 'late-1'),
      apply(15_000, appPod('late-1', 'late', 0)),
      useConnection(20_000, 'k', true),
    ]);
    expect(story(result, 'k')).toEqual([
      'failed:unresolved',
      'failed:unresolved',
      'broken:unresolved',
      'established:default/late-1',
      'served:default/late-1',
      'established:default/late-1',
      'served:default/late-1',
    ]);
    const addresses = result.log.entries.flatMap((e) =>
      e.event.type === 'connection/established' && e.event.id === 'k' ? [e.event.dstIP] : [],
    );
    expect(addresses).toEqual(['10.96.0.77', '10.96.0.88']);
    expect(getObject(result.finalState, 'Service', 'default', 'late')?.spec.clusterIP).toBe('10.96.0.88');
  });

  it('answers every request exactly once', () => {
    const result = keepAlive([deletePod(8_000, 'web-1'), deletePod(9_000, 'web-2')], true, 11);
    const used = result.log.entries.filter((e) => e.event.type === 'connection/used').length;
    const answers = result.log.entries.filter(
      (e) => e.event.type === 'connection/served' || e.event.type === 'connection/broken',
    ).length;
    expect(answers).toBe(used);
  });
});

describe('reconnect at the edges (data plane alone)', () => {
  const steps = (events: readonly DataPlaneEvent[]) =>
    events.map((e) =>
      e.type === 'connection/established' || e.type === 'connection/served'
        ? `${e.type}:${e.peer.pod ?? ''}`
        : `${e.type}:${e.failure}`,
    );

  it('serves an open connection as usual, walking no rules', () => {
    const h = createWebCluster();
    h.open('c1', fromDefaultPod('client'), '10.96.0.50:80');
    const routed = h.programmed.routeCalls.length;
    expect(only(h.use('c1', true))).toMatchObject({ type: 'connection/served' });
    expect(h.programmed.routeCalls.length).toBe(routed);
  });

  it('does not reopen a closed connection or an id never opened', () => {
    const h = createWebCluster();
    h.open('c1', fromDefaultPod('client'), '10.96.0.50:80');
    h.close('c1');
    expect(only(h.use('c1', true))).toMatchObject({
      failure: 'notOpen',
      reason: 'connection c1 was closed at 0.000s',
    });
    expect(only(h.use('never', true))).toMatchObject({
      failure: 'notOpen',
      reason: 'no connection never was ever opened',
    });
  });

  it('times out a request whose peer went silent (node down: no reset arrives), then reconnects on the next', () => {
    const h = createWebCluster();
    h.programmed.program(
      'node-1',
      fakeRules({
        '10.96.0.50:80/TCP': {
          servicePortName: 'default/web:http',
          endpoints: [{ ip: '10.244.2.20', port: 8080 }],
        },
      }),
    );
    h.open('c1', fromDefaultPod('client'), '10.96.0.50:80');
    h.commit({ type: 'object/updated', object: nodeObject('node-2', '192.168.0.12', false) });
    h.programmed.program(
      'node-1',
      fakeRules({
        '10.96.0.50:80/TCP': {
          servicePortName: 'default/web:http',
          endpoints: [{ ip: '10.244.1.10', port: 8080 }],
        },
      }),
    );
    expect(steps(h.use('c1', true))).toEqual(['connection/broken:timedOut']);
    expect(steps(h.use('c1', true))).toEqual([
      'connection/established:default/web-a',
      'connection/served:default/web-a',
    ]);
  });

  it('reconnects from the new pod when its client pod was replaced, and fails as unsent when it is gone', () => {
    const h = createWebCluster();
    h.open('c1', fromDefaultPod('client'), '10.96.0.50:80');
    h.commit({ type: 'object/deleted', kind: 'Pod', namespace: 'default', name: 'client' });
    h.commit({
      type: 'object/created',
      object: podObject('client', { node: 'node-1', ip: '10.244.1.6', uid: 'uid-client-2' }),
    });
    const reopened = h.use('c1', true);
    expect(reopened[0]).toMatchObject({ type: 'connection/established', srcIP: '10.244.1.6' });
    expect(reopened[1]).toMatchObject({ type: 'connection/served' });
    h.commit({ type: 'object/deleted', kind: 'Pod', namespace: 'default', name: 'client' });
    expect(steps(h.use('c1', true))).toEqual(['connection/failed:unsent', 'connection/broken:unsent']);
    expect(h.dataPlane.openCount()).toBe(0);
  });

  it('reuses the same client port when the original open named one', () => {
    const h = createWebCluster();
    h.open('c1', fromDefaultPod('client'), '10.96.0.50:80', 'TCP', 45_000);
    const pinned = h.dataPlane.connection('c1')?.conntrack?.peer.pod ?? '';
    h.commit({
      type: 'object/deleted',
      kind: 'Pod',
      namespace: 'default',
      name: pinned.slice('default/'.length),
    });
    const remaining = pinned === 'default/web-a' ? '10.244.2.20' : '10.244.1.10';
    h.programmed.program(
      'node-1',
      fakeRules({
        '10.96.0.50:80/TCP': {
          servicePortName: 'default/web:http',
          endpoints: [{ ip: remaining, port: 8080 }],
        },
      }),
    );
    expect(h.use('c1', true)[0]).toMatchObject({ type: 'connection/established', srcPort: 45_000 });
  });
});
