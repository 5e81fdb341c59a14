import { describe, expect, it } from 'vitest';

import {
  createWebCluster,
  fakeRules,
  fromPod,
  nodeObject,
  only,
  podObject,
  type Harness,
} from './fakeCluster.js';

const WEB = '10.96.0.50:80';
const HTTP = [{ name: 'http', containerPort: 8080 }];

/** Opens `id` from the client to the web Service and returns the pod it reached. */
function established(h: Harness, id: string): string {
  const event = only(h.open(id, fromPod('client'), WEB));
  if (event.type !== 'connection/established')
    throw new Error(`${id} did not connect: ${JSON.stringify(event)}`);
  return event.peer.pod ?? '';
}

/** Rules on node-1 that send the web Service to one endpoint only. */
function onlyEndpoint(h: Harness, ip: string): void {
  h.programmed.program(
    'node-1',
    fakeRules({
      '10.96.0.50:80/TCP': { servicePortName: 'default/web:http', endpoints: [{ ip, port: 8080 }] },
    }),
  );
}

function podName(pod: string): string {
  return pod.slice('default/'.length);
}

const IP_OF: Record<string, string> = { 'web-a': '10.244.1.10', 'web-b': '10.244.2.20' };
const NODE_OF: Record<string, string> = { 'web-a': 'node-1', 'web-b': 'node-2' };

describe('an established connection keeps its endpoint', () => {
  it('serves every request from the pinned pod after the rules change; only new connections follow them', () => {
    const h = createWebCluster();
    const pinned = podName(established(h, 'c1'));
    const other = pinned === 'web-a' ? 'web-b' : 'web-a';
    onlyEndpoint(h, IP_OF[other] ?? '');
    const routed = h.programmed.routeCalls.length;
    for (let i = 0; i < 3; i++) {
      expect(only(h.use('c1'))).toEqual({
        type: 'connection/served',
        id: 'c1',
        peer: { ip: IP_OF[pinned], port: 8080, pod: `default/${pinned}` },
      });
    }
    expect(h.programmed.routeCalls.length).toBe(routed); // conntrack hits walk no rules
    expect(established(h, 'c2')).toBe(`default/${other}`);
  });

  it('keeps serving a pod that is no longer an endpoint (not ready), since it still listens', () => {
    const h = createWebCluster();
    const pinned = established(h, 'c1');
    h.programmed.program('node-1', fakeRules({}));
    expect(only(h.use('c1'))).toMatchObject({ type: 'connection/served', peer: { pod: pinned } });
  });

  it('is reset on its next request when the pinned pod was deleted, and leaves conntrack', () => {
    const h = createWebCluster();
    const pinned = podName(established(h, 'c1'));
    h.commit({ type: 'object/deleted', kind: 'Pod', namespace: 'default', name: pinned });
    expect(only(h.use('c1'))).toEqual({
      type: 'connection/broken',
      id: 'c1',
      failure: 'reset',
      reason: `pod default/${pinned} is gone`,
    });
    expect(h.dataPlane.conntrackOf('node-1')).toEqual([]);
    expect(h.dataPlane.connection('c1')).toBeUndefined();
    expect(only(h.use('c1'))).toMatchObject({
      failure: 'notOpen',
      reason: expect.stringContaining('broke') as unknown,
    });
  });

  it('is reset, not served by the newcomer, when another pod took the deleted pod’s IP or name', () => {
    const h = createWebCluster();
    const pinned = podName(established(h, 'c1'));
    const ip = IP_OF[pinned] ?? '';
    h.commit({ type: 'object/deleted', kind: 'Pod', namespace: 'default', name: pinned });
    h.commit({
      type: 'object/created',
      object: podObject('newcomer', { node: NODE_OF[pinned] ?? '', ip, ports: HTTP }),
    });
    expect(only(h.use('c1'))).toMatchObject({ failure: 'reset' });

    const again = createWebCluster();
    const name = podName(established(again, 'c1'));
    again.commit({ type: 'object/deleted', kind: 'Pod', namespace: 'default', name });
    again.commit({
      type: 'object/created',
      object: podObject(name, { node: 'node-2', ip: '10.244.2.99', uid: 'uid-second-life', ports: HTTP }),
    });
    expect(only(again.use('c1'))).toMatchObject({ failure: 'reset', reason: `pod default/${name} is gone` });
  });

  it('is reset when the pinned pod stops running', () => {
    const h = createWebCluster();
    const pinned = podName(established(h, 'c1'));
    h.commit({
      type: 'object/updated',
      object: podObject(pinned, {
        node: NODE_OF[pinned] ?? '',
        ip: IP_OF[pinned] ?? '',
        phase: 'Failed',
        ports: HTTP,
      }),
    });
    expect(only(h.use('c1'))).toMatchObject({
      failure: 'reset',
      reason: `pod default/${pinned} is Failed, not Running`,
    });
  });

  it('times out while the pinned pod’s node is down, and is served again if it recovers first', () => {
    const h = createWebCluster();
    onlyEndpoint(h, '10.244.2.20');
    established(h, 'c1');
    established(h, 'c2');
    h.commit({ type: 'object/updated', object: nodeObject('node-2', '192.168.0.12', false) });
    expect(only(h.use('c1'))).toEqual({
      type: 'connection/broken',
      id: 'c1',
      failure: 'timedOut',
      reason: 'node node-2, where pod default/web-b runs, is down',
    });
    h.commit({ type: 'object/updated', object: nodeObject('node-2', '192.168.0.12', true) });
    expect(only(h.use('c2'))).toMatchObject({ type: 'connection/served' });
  });

  it('times out when the pinned pod was deleted while its node is down (no reset can arrive)', () => {
    const h = createWebCluster();
    onlyEndpoint(h, '10.244.2.20');
    established(h, 'c1');
    h.commit({ type: 'object/updated', object: nodeObject('node-2', '192.168.0.12', false) });
    h.commit({ type: 'object/deleted', kind: 'Pod', namespace: 'default', name: 'web-b' });
    expect(only(h.use('c1'))).toMatchObject({ failure: 'timedOut' });
  });

  it('ends when its client pod is gone or replaced, and times out while the client’s node is down', () => {
    const h = createWebCluster();
    established(h, 'c1');
    established(h, 'c2');
    h.commit({ type: 'object/updated', object: nodeObject('node-1', '192.168.0.11', false) });
    expect(only(h.use('c1'))).toMatchObject({
      failure: 'timedOut',
      reason: expect.stringContaining('node node-1') as unknown,
    });
    h.commit({ type: 'object/updated', object: nodeObject('node-1', '192.168.0.11', true) });
    h.commit({ type: 'object/deleted', kind: 'Pod', namespace: 'default', name: 'client' });
    h.commit({
      type: 'object/created',
      object: podObject('client', { node: 'node-1', ip: '10.244.1.6', uid: 'uid-client-2' }),
    });
    expect(only(h.use('c2'))).toMatchObject({
      failure: 'notOpen',
      reason: 'its client is gone: pod default/client was replaced by a new pod',
    });
  });
});

describe('inputs that name a connection', () => {
  it('closes a connection: conntrack forgets it, and later inputs on it are answered as notOpen', () => {
    const h = createWebCluster();
    established(h, 'c1');
    h.at(3_000);
    expect(h.close('c1')).toEqual([]);
    expect(h.dataPlane.conntrackOf('node-1')).toEqual([]);
    expect(h.dataPlane.openCount()).toBe(0);
    expect(only(h.use('c1'))).toEqual({
      type: 'connection/broken',
      id: 'c1',
      failure: 'notOpen',
      reason: 'connection c1 was closed at 3.000s',
    });
    expect(only(h.close('c1'))).toMatchObject({
      failure: 'notOpen',
      reason: 'closing connection c1, which was closed at 3.000s',
    });
  });

  it('answers a request or close on an id never opened', () => {
    const h = createWebCluster();
    expect(only(h.use('nope'))).toMatchObject({
      failure: 'notOpen',
      reason: 'no connection nope was ever opened',
    });
    expect(only(h.close('nope'))).toMatchObject({
      failure: 'notOpen',
      reason: 'closing connection nope, which was never opened',
    });
  });

  it('breaks a request on a connection that failed to open, and closes it silently', () => {
    const h = createWebCluster();
    h.at(1_000);
    only(h.open('c1', fromPod('client'), '10.244.2.20:9999'));
    expect(only(h.use('c1'))).toMatchObject({
      failure: 'notOpen',
      reason: 'connection c1 failed to open at 1.000s (refused)',
    });
    expect(h.close('c1')).toEqual([]);
  });

  it('fails a second open of an id as unsent and leaves the open connection alone', () => {
    const h = createWebCluster();
    established(h, 'c1');
    expect(only(h.open('c1', fromPod('client'), WEB))).toEqual({
      type: 'connection/failed',
      id: 'c1',
      failure: 'unsent',
      reason: 'the id c1 is taken: connection c1 is open since 0.000s',
      rulesEvaluated: 0,
      costNanos: 0,
    });
    expect(only(h.use('c1'))).toMatchObject({ type: 'connection/served' });
  });

  it('lists the conntrack entries of each node, oldest first', () => {
    const h = createWebCluster();
    h.commit({ type: 'object/created', object: podObject('client-2', { node: 'node-2', ip: '10.244.2.5' }) });
    established(h, 'a');
    only(h.open('b', fromPod('client-2'), WEB));
    established(h, 'c');
    expect(h.dataPlane.conntrackOf('node-1').map((c) => [c.id, c.srcPort])).toEqual([
      ['a', 32768],
      ['c', 32769],
    ]);
    expect(h.dataPlane.conntrackOf('node-2').map((c) => c.id)).toEqual(['b']);
    h.close('a');
    expect(h.dataPlane.conntrackOf('node-1').map((c) => c.id)).toEqual(['c']);
    expect(h.dataPlane.connection('c')).toMatchObject({
      from: fromPod('client'),
      node: 'node-1',
      dstIP: '10.96.0.50',
      dstPort: 80,
      protocol: 'TCP',
      conntrack: { servicePortName: 'default/web:http', createdAt: 0 },
    });
  });
});
