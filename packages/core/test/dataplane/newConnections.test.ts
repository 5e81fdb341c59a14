import { describe, expect, it } from 'vitest';

import {
  createHarness,
  createWebCluster,
  fakeRules,
  fromNode,
  fromOutside,
  fromPod,
  nodeObject,
  only,
  podObject,
} from './fakeCluster.js';

const WEB = '10.96.0.50:80';

describe('a new connection walks the rules of the node it enters', () => {
  it('is established to the endpoint the rules chose, with their cost', () => {
    const h = createWebCluster();
    const event = only(h.open('c1', fromPod('client'), WEB));
    const call = h.programmed.routeCalls[0];
    expect(call?.packet).toEqual({
      srcIP: '10.244.1.5',
      srcPort: 32768,
      dstIP: '10.96.0.50',
      dstPort: 80,
      protocol: 'TCP',
      entry: 'forward',
    });
    expect(call?.nodeIPs).toEqual(['192.168.0.11']);
    expect(event).toMatchObject({
      type: 'connection/established',
      id: 'c1',
      node: 'node-1',
      srcIP: '10.244.1.5',
      srcPort: 32768,
      servicePortName: 'default/web:http',
      masqueraded: false,
      rulesEvaluated: 1,
      costNanos: 25,
    });
    expect(event.type === 'connection/established' && event.peer).toSatisfy(
      (peer) =>
        (peer as { pod: string }).pod === 'default/web-a' ||
        (peer as { pod: string }).pod === 'default/web-b',
    );
    expect(h.dataPlane.conntrackOf('node-1').map((c) => c.id)).toEqual(['c1']);
  });

  it('spreads connections over the endpoints with draws from the traffic stream', () => {
    const h = createWebCluster(3);
    const pods = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const event = only(h.open(`c${i}`, fromPod('client'), WEB));
      if (event.type === 'connection/established') pods.add(event.peer.pod ?? '');
    }
    expect([...pods].sort()).toEqual(['default/web-a', 'default/web-b']);
  });

  it('passes the virtual time to the mode, so ClientIP affinity expires on the SimClock', () => {
    // Connections every 4 s stick to one endpoint (the 10 s timeout never passes); after a 200 s gap
    // the memory has expired and the endpoint is drawn again, so some seeds land on the other one.
    const times = Array.from({ length: 20 }, (_, i) => (i < 10 ? i * 4_000 : 236_000 + i * 4_000));
    let changedAfterGap = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const h = createWebCluster(seed);
      const endpoints = [
        { ip: '10.244.1.10', port: 8080 },
        { ip: '10.244.2.20', port: 8080 },
      ];
      h.programmed.program(
        'node-1',
        fakeRules({
          '10.96.0.50:80/TCP': { servicePortName: 'default/web:http', endpoints, affinitySeconds: 10 },
        }),
      );
      const peers = times.map((t, i) => {
        h.at(t);
        const event = only(h.open(`c${i}`, fromPod('client'), WEB));
        return event.type === 'connection/established' ? event.peer.pod : undefined;
      });
      expect(h.programmed.routeCalls.map((c) => c.now)).toEqual(times);
      expect(new Set(peers.slice(0, 10)).size).toBe(1);
      expect(new Set(peers.slice(10)).size).toBe(1);
      if (peers[0] !== peers[10]) changedAfterGap++;
    }
    expect(changedAfterGap).toBeGreaterThan(0);
  });

  it('takes sequential ephemeral ports per source IP, or the port the input names', () => {
    const h = createWebCluster();
    h.commit({ type: 'object/created', object: podObject('client-2', { node: 'node-2', ip: '10.244.2.5' }) });
    const port = (events: ReturnType<typeof h.open>) => {
      const event = only(events);
      return event.type === 'connection/established' ? event.srcPort : undefined;
    };
    expect(port(h.open('a', fromPod('client'), WEB))).toBe(32768);
    expect(port(h.open('b', fromPod('client'), WEB))).toBe(32769);
    expect(port(h.open('c', fromPod('client-2'), WEB))).toBe(32768);
    expect(port(h.open('d', fromPod('client'), WEB, 'TCP', 5555))).toBe(5555);
    expect(port(h.open('e', fromPod('client'), WEB))).toBe(32770);
  });
});

describe('the rules decide a new connection fails', () => {
  it('is refused by a REJECT rule (a Service without endpoints)', () => {
    const h = createWebCluster();
    h.programmed.program(
      'node-1',
      fakeRules({ '10.96.0.50:80/TCP': { servicePortName: 'default/web:http', endpoints: [] } }),
    );
    const event = only(h.open('c1', fromPod('client'), WEB));
    expect(event).toMatchObject({
      type: 'connection/failed',
      node: 'node-1',
      failure: 'refused',
      servicePortName: 'default/web:http',
      rulesEvaluated: 1,
      costNanos: 25,
    });
    expect(event.type === 'connection/failed' && event.reason).toMatch(/ICMP port unreachable.*REJECT/);
    expect(h.dataPlane.openCount()).toBe(0);
  });

  it('times out on a DROP rule', () => {
    const h = createWebCluster();
    h.programmed.program(
      'node-1',
      fakeRules({ '10.96.0.50:80/TCP': { servicePortName: 'default/web:http', drop: true } }),
    );
    expect(only(h.open('c1', fromPod('client'), WEB))).toMatchObject({
      type: 'connection/failed',
      failure: 'timedOut',
      reason: expect.stringMatching(/dropped by .*DROP/) as unknown,
    });
  });

  it('goes untranslated from a node whose kube-proxy never synced: a ClusterIP answers nothing', () => {
    const h = createWebCluster();
    h.commit({ type: 'object/created', object: nodeObject('node-3', '192.168.0.13') });
    h.commit({ type: 'object/created', object: podObject('client-3', { node: 'node-3', ip: '10.244.3.5' }) });
    expect(only(h.open('c1', fromPod('client-3'), WEB))).toMatchObject({
      type: 'connection/failed',
      node: 'node-3',
      failure: 'timedOut',
      rulesEvaluated: 0,
      costNanos: 0,
      reason: expect.stringContaining('has not synced') as unknown,
    });
    // ...while a pod IP needs no rule.
    expect(only(h.open('c2', fromPod('client-3'), '10.244.2.20:8080'))).toMatchObject({
      type: 'connection/established',
      peer: { ip: '10.244.2.20', port: 8080, pod: 'default/web-b' },
      rulesEvaluated: 0,
    });
  });

  it('times out to a ClusterIP the node rules do not know yet', () => {
    const h = createWebCluster();
    expect(only(h.open('c1', fromPod('client'), '10.96.0.77:80'))).toMatchObject({
      type: 'connection/failed',
      failure: 'timedOut',
      reason: expect.stringContaining('no rule on node node-1 translates 10.96.0.77:80/TCP') as unknown,
    });
  });
});

describe('who holds the destination decides a new connection', () => {
  it('times out on a stale endpoint whose pod is gone (its IP is nobody’s)', () => {
    const h = createWebCluster();
    h.commit({ type: 'object/deleted', kind: 'Pod', namespace: 'default', name: 'web-a' });
    h.commit({ type: 'object/deleted', kind: 'Pod', namespace: 'default', name: 'web-b' });
    expect(only(h.open('c1', fromPod('client'), WEB))).toMatchObject({
      type: 'connection/failed',
      failure: 'timedOut',
      servicePortName: 'default/web:http',
      reason: expect.stringMatching(
        /^endpoint 10\.244\.\d\.\d+:8080 of default\/web:http does not answer/,
      ) as unknown,
    });
  });

  it('times out to an address outside the cluster', () => {
    const h = createWebCluster();
    expect(only(h.open('c1', fromPod('client'), '203.0.113.7:443'))).toMatchObject({
      failure: 'timedOut',
      reason: expect.stringContaining('no pod or node has the address 203.0.113.7') as unknown,
    });
  });

  it('is refused by a pod that is not Running', () => {
    const h = createWebCluster();
    h.commit({
      type: 'object/created',
      object: podObject('starting', { node: 'node-2', ip: '10.244.2.30', phase: 'Pending' }),
    });
    expect(only(h.open('c1', fromPod('client'), '10.244.2.30:8080'))).toMatchObject({
      failure: 'refused',
      reason: 'pod default/starting is Pending, not Running',
    });
  });

  it('is refused on a port the pod does not declare, and accepted on any port by a pod declaring none', () => {
    const h = createWebCluster();
    expect(only(h.open('c1', fromPod('client'), '10.244.2.20:9090'))).toMatchObject({
      failure: 'refused',
      reason: 'pod default/web-b does not listen on 9090/TCP',
    });
    expect(only(h.open('c2', fromPod('client'), '10.244.2.20:8080', 'UDP'))).toMatchObject({
      failure: 'refused',
      reason: 'pod default/web-b does not listen on 8080/UDP',
    });
    h.commit({ type: 'object/created', object: podObject('plain', { node: 'node-2', ip: '10.244.2.31' }) });
    expect(only(h.open('c3', fromPod('client'), '10.244.2.31:12345'))).toMatchObject({
      type: 'connection/established',
    });
  });

  it('still reaches a terminating pod until it is gone', () => {
    const h = createWebCluster();
    h.commit({
      type: 'object/updated',
      object: podObject('web-b', {
        node: 'node-2',
        ip: '10.244.2.20',
        deleting: true,
        ports: [{ containerPort: 8080 }],
      }),
    });
    expect(only(h.open('c1', fromPod('client'), '10.244.2.20:8080'))).toMatchObject({
      type: 'connection/established',
    });
  });

  it('times out to a pod whose node is down', () => {
    const h = createWebCluster();
    h.commit({ type: 'object/updated', object: nodeObject('node-2', '192.168.0.12', false) });
    expect(only(h.open('c1', fromPod('client'), '10.244.2.20:8080'))).toMatchObject({
      failure: 'timedOut',
      reason: 'node node-2, where pod default/web-b runs, is down',
    });
  });

  it('is refused by a node address where no host process listens, and times out when the node is down', () => {
    const h = createWebCluster();
    expect(only(h.open('c1', fromPod('client'), '192.168.0.12:22'))).toMatchObject({
      failure: 'refused',
      reason: "nothing on node node-2's host network listens on 22/TCP",
    });
    h.commit({ type: 'object/updated', object: nodeObject('node-2', '192.168.0.12', false) });
    expect(only(h.open('c2', fromPod('client'), '192.168.0.12:22'))).toMatchObject({ failure: 'timedOut' });
  });

  it('reaches a host-network pod on the port it declares at its node address', () => {
    const h = createWebCluster();
    h.commit({
      type: 'object/created',
      object: podObject('agent', {
        node: 'node-2',
        ip: '192.168.0.12',
        hostNetwork: true,
        ports: [{ containerPort: 9100 }],
      }),
    });
    expect(only(h.open('c1', fromPod('client'), '192.168.0.12:9100'))).toMatchObject({
      type: 'connection/established',
      peer: { ip: '192.168.0.12', port: 9100, pod: 'default/agent' },
    });
    expect(only(h.open('c2', fromPod('client'), '192.168.0.12:9101'))).toMatchObject({ failure: 'refused' });
  });

  it('reaches the client itself through the loopback address', () => {
    const h = createWebCluster();
    expect(only(h.open('c1', fromPod('web-a'), '127.0.0.1:8080'))).toMatchObject({
      type: 'connection/established',
      peer: { pod: 'default/web-a' },
    });
    expect(only(h.open('c2', fromNode('node-1'), '127.0.0.1:10250'))).toMatchObject({ failure: 'refused' });
  });
});

describe('the source of a new connection', () => {
  it('sends from a node’s host network as a local process from its InternalIP', () => {
    const h = createWebCluster();
    expect(only(h.open('c1', fromNode('node-2'), WEB))).toMatchObject({
      type: 'connection/established',
      node: 'node-2',
      srcIP: '192.168.0.12',
    });
    expect(h.programmed.routeCalls[0]?.packet.entry).toBe('local');
  });

  it('sends a host-network pod’s packets from its node address as a local process', () => {
    const h = createWebCluster();
    h.commit({
      type: 'object/created',
      object: podObject('agent', { node: 'node-2', ip: '192.168.0.12', hostNetwork: true }),
    });
    expect(only(h.open('c1', fromPod('agent'), WEB))).toMatchObject({ srcIP: '192.168.0.12' });
    expect(h.programmed.routeCalls[0]?.packet.entry).toBe('local');
  });

  it('brings an external client’s packets into the node it names', () => {
    const h = createWebCluster();
    expect(only(h.open('c1', fromOutside('203.0.113.9', 'node-2'), WEB))).toMatchObject({
      type: 'connection/established',
      node: 'node-2',
      srcIP: '203.0.113.9',
    });
    expect(h.programmed.routeCalls[0]?.packet.entry).toBe('forward');
  });

  it('cannot send from a pod that does not exist, is unbound, not Running or has no IP', () => {
    const h = createHarness();
    h.commit({ type: 'object/created', object: nodeObject('node-1', '192.168.0.11') });
    h.commit({ type: 'object/created', object: podObject('unbound') });
    h.commit({ type: 'object/created', object: podObject('no-ip', { node: 'node-1', phase: 'Running' }) });
    h.commit({
      type: 'object/created',
      object: podObject('done', { node: 'node-1', ip: '10.244.1.9', phase: 'Succeeded' }),
    });
    const failed = (id: string, name: string) => only(h.open(id, fromPod(name), WEB));
    expect(failed('c1', 'ghost')).toEqual({
      type: 'connection/failed',
      id: 'c1',
      failure: 'unsent',
      reason: 'pod default/ghost does not exist',
      rulesEvaluated: 0,
      costNanos: 0,
    });
    expect(failed('c2', 'unbound')).toMatchObject({
      failure: 'unsent',
      reason: 'pod default/unbound is not scheduled to a node yet',
    });
    expect(failed('c3', 'no-ip')).toMatchObject({ failure: 'unsent', node: 'node-1' });
    expect(failed('c4', 'done')).toMatchObject({
      failure: 'unsent',
      reason: expect.stringContaining('Succeeded') as unknown,
    });
    expect(h.programmed.routeCalls).toEqual([]);
  });

  it('times out from a pod, node or external client whose node is down, and cannot send from a missing node', () => {
    const h = createWebCluster();
    h.commit({ type: 'object/updated', object: nodeObject('node-1', '192.168.0.11', false) });
    expect(only(h.open('c1', fromPod('client'), WEB))).toMatchObject({ failure: 'timedOut', node: 'node-1' });
    expect(only(h.open('c2', fromNode('node-1'), WEB))).toMatchObject({
      failure: 'timedOut',
      node: 'node-1',
    });
    expect(only(h.open('c3', fromOutside('203.0.113.9', 'node-1'), WEB))).toMatchObject({
      failure: 'timedOut',
    });
    expect(only(h.open('c4', fromNode('node-9'), WEB))).toMatchObject({
      failure: 'unsent',
      reason: 'node node-9 does not exist',
    });
    expect(h.programmed.routeCalls).toEqual([]);
  });
});
