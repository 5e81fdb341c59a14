import { describe, expect, it } from 'vitest';

import { getObject } from '../../src/cluster/ClusterState.js';
import type { ConnectionEstablished, ConnectionFailed } from '../../src/events/ConnectionEvents.js';
import type { SimEvent } from '../../src/events/SimEvent.js';
import type { InputEntry } from '../../src/engine/InputEntry.js';
import { resimulate } from '../../src/engine/resimulate.js';
import type { SimRun } from '../../src/engine/run.js';
import { encodeSimLog } from '../../src/engine/simLogCodec.js';
import { describeEvent } from '../../src/views/describeEvent.js';
import {
  apply,
  clusterIPMode,
  dnsClusterInputs,
  fromPod,
  openByName,
  runDnsCluster,
  webService,
  appPod,
} from './dnsCluster.js';

type Outcome = ConnectionEstablished | ConnectionFailed;

/** The `connection/established` or `connection/failed` answering each id's open, by id. */
function outcomes(result: SimRun): Map<string, Outcome> {
  const byId = new Map<string, Outcome>();
  for (const { event } of result.log.entries) {
    if (event.type === 'connection/established' || event.type === 'connection/failed')
      byId.set(event.id, event);
  }
  return byId;
}

function outcome(result: SimRun, id: string): Outcome {
  const found = outcomes(result).get(id);
  if (found === undefined) throw new Error(`no outcome for ${id}`);
  return found;
}

function clusterIPOf(result: SimRun, name: string, namespace = 'default'): string {
  return getObject(result.finalState, 'Service', namespace, name)?.spec.clusterIP ?? '';
}

function podIPOf(result: SimRun, name: string): string {
  return getObject(result.finalState, 'Pod', 'default', name)?.status?.podIP ?? '';
}

const T = 5_000;

describe('connections to host names', () => {
  const result = runDnsCluster([
    ...dnsClusterInputs(),
    openByName(T, 'short', fromPod('client'), 'web'),
    openByName(T, 'fqdn', fromPod('client'), 'web.default.svc.cluster.local.'),
    openByName(T, 'other-ns', fromPod('client'), 'api.shop'),
    openByName(T, 'nxdomain', fromPod('client'), 'nosuch'),
    openByName(T, 'from-node', { kind: 'node', name: 'node-0' }, 'web.default.svc.cluster.local'),
    openByName(T, 'alias', fromPod('client'), 'alias'),
    openByName(T, 'outside', fromPod('client'), 'outside'),
    ...Array.from({ length: 12 }, (_, i) =>
      openByName(T + i, `db-${String(i)}`, fromPod('client'), 'db', 8080),
    ),
  ]);

  it('resolves through the search list and connects to the address, saying which on the event', () => {
    for (const id of ['short', 'fqdn', 'alias']) {
      const event = outcome(result, id);
      expect(event).toMatchObject({
        type: 'connection/established',
        dstIP: clusterIPOf(result, 'web'),
        node: 'node-0',
        servicePortName: 'default/web:http',
      });
      expect(['default/web-1', 'default/web-2']).toContain(
        event.type === 'connection/established' && event.peer.pod,
      );
    }
    expect(outcome(result, 'other-ns')).toMatchObject({
      type: 'connection/established',
      dstIP: clusterIPOf(result, 'api', 'shop'),
      peer: { pod: 'shop/api-1' },
    });
  });

  it("fails a name that does not exist as 'unresolved', naming the names tried, without sending a packet", () => {
    const event = outcome(result, 'nxdomain');
    expect(event).toEqual({
      type: 'connection/failed',
      id: 'nxdomain',
      node: 'node-0',
      failure: 'unresolved',
      reason:
        'nosuch did not resolve from pod default/client: tried nosuch.default.svc.cluster.local. NXDOMAIN, ' +
        'nosuch.svc.cluster.local. NXDOMAIN, nosuch.cluster.local. NXDOMAIN, nosuch. NXDOMAIN',
      rulesEvaluated: 0,
      costNanos: 0,
    });
    expect(describeEvent(event)).toBe(
      `nxdomain unresolved on node-0: ${event.type === 'connection/failed' ? event.reason : ''}`,
    );
  });

  it('does not resolve a cluster name from a node, which does not use the cluster DNS', () => {
    expect(outcome(result, 'from-node')).toMatchObject({
      failure: 'unresolved',
      node: 'node-0',
      reason: expect.stringContaining('node node-0 does not use the cluster DNS') as unknown,
    });
  });

  it('leaves an ExternalName to a name with no records here unresolved', () => {
    expect(outcome(result, 'outside')).toMatchObject({
      failure: 'unresolved',
      reason: expect.stringContaining('CNAME example.com.') as unknown,
    });
  });

  it("connects to a headless Service's pods directly, spread over them by the traffic stream", () => {
    const db = [podIPOf(result, 'db-0'), podIPOf(result, 'db-1')];
    const reached = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const event = outcome(result, `db-${String(i)}`);
      if (event.type !== 'connection/established') throw new Error(`db-${String(i)}: ${event.reason}`);
      expect(db).toContain(event.dstIP);
      expect(event.peer.ip).toBe(event.dstIP); // no Service rule translated it
      expect(event.servicePortName).toBeUndefined();
      reached.add(event.dstIP ?? '');
    }
    expect(reached).toEqual(new Set(db));
  });

  it('names the destination on connection/opened and the resolved address on its answer lines', () => {
    const opened = result.log.entries.find(
      (e) => e.event.type === 'connection/opened' && e.event.id === 'short',
    )?.event;
    expect(opened && describeEvent(opened)).toBe('short pod default/client -> web:80/TCP');
    const established = outcome(result, 'short');
    expect(describeEvent(established)).toMatch(
      new RegExp(
        `^short \\(resolved to ${clusterIPOf(result, 'web').replaceAll('.', '\\.')}\\) via node-0 to `,
      ),
    );
  });

  it('says where a connection by name went when it resolved but failed (a Service without endpoints)', () => {
    const failing = runDnsCluster([
      ...dnsClusterInputs(),
      apply(0, webService('empty', 'nobody')),
      openByName(T, 'c', fromPod('client'), 'empty'),
    ]);
    expect(outcome(failing, 'c')).toMatchObject({
      type: 'connection/failed',
      failure: 'refused',
      dstIP: clusterIPOf(failing, 'empty'),
    });
  });
});

describe('DNS follows the cluster as it changes', () => {
  it('resolves a Service created after the client started (unlike its environment variables, fixed at start)', () => {
    const result = runDnsCluster([
      ...dnsClusterInputs(),
      openByName(8_000, 'before', fromPod('client'), 'late'),
      apply(10_000, appPod('late-1', 'late', 1)),
      apply(10_000, webService('late', 'late')),
      openByName(15_000, 'after', fromPod('client'), 'late'),
    ]);
    expect(outcome(result, 'before')).toMatchObject({ failure: 'unresolved' });
    expect(outcome(result, 'after')).toMatchObject({
      type: 'connection/established',
      dstIP: clusterIPOf(result, 'late'),
      peer: { pod: 'default/late-1' },
    });
  });

  it('stops resolving a deleted Service at once (no DNS cache or watch lag is modelled)', () => {
    const result = runDnsCluster([
      ...dnsClusterInputs(),
      { at: 10_000, event: { type: 'api/deleted', kind: 'Service', namespace: 'default', name: 'web' } },
      openByName(10_000, 'same-instant', fromPod('client'), 'web'),
    ]);
    expect(outcome(result, 'same-instant')).toMatchObject({ failure: 'unresolved' });
  });
});

describe('runs with connections by name', () => {
  const inputs: InputEntry[] = [
    ...dnsClusterInputs(),
    ...Array.from({ length: 20 }, (_, i) =>
      openByName(
        T + i * 100,
        `c${String(i)}`,
        fromPod('client'),
        i % 3 === 0 ? 'db' : i % 3 === 1 ? 'web' : 'nosuch',
        i % 3 === 0 ? 8080 : 80,
      ),
    ),
    {
      at: 9_000,
      event: { type: 'api/deleted', kind: 'Pod', namespace: 'default', name: 'db-0', gracePeriodSeconds: 0 },
    },
  ];

  it('give the same log bytes for the same seed, and re-simulation reproduces them', () => {
    const first = runDnsCluster(inputs, 21);
    const second = runDnsCluster(inputs, 21);
    expect(encodeSimLog(second.log)).toEqual(encodeSimLog(first.log));
    const again = resimulate(first.log, { proxyMode: clusterIPMode });
    expect(again.firstDifference).toBeUndefined();
    expect(again.identical).toBe(true);
    const types = first.log.entries.map((e: { event: SimEvent }) => e.event.type);
    expect(types.filter((t) => t === 'connection/established').length).toBeGreaterThan(0);
    expect(types.filter((t) => t === 'connection/failed').length).toBeGreaterThan(0);
  });
});

describe('validation of connection inputs', () => {
  const open = (destination: Record<string, unknown>): InputEntry =>
    ({
      at: T,
      event: {
        type: 'connection/opened',
        id: 'x',
        from: fromPod('client'),
        dstPort: 80,
        protocol: 'TCP',
        ...destination,
      },
    }) as unknown as InputEntry;
  const runWith = (input: InputEntry) => () => runDnsCluster([...dnsClusterInputs(), input]);

  it('wants exactly one of dstIP and dstName', () => {
    expect(runWith(open({ dstIP: '10.96.0.1', dstName: 'web' }))).toThrow(
      'inputs[14].event: give exactly one of dstIP and dstName, not both (got dstIP "10.96.0.1" and dstName "web")',
    );
    expect(runWith(open({}))).toThrow(
      'inputs[14].event: expected a destination, dstIP (an IPv4 address) or dstName (a host name)',
    );
  });

  it('wants dstIP to be an IPv4 address and dstName a host name', () => {
    expect(runWith(open({ dstIP: 'web' }))).toThrow(
      'inputs[14].event.dstIP: expected an IPv4 address such as 10.96.0.10, got "web"',
    );
    expect(runWith(open({ dstName: '10.96.0.1' }))).toThrow(
      'inputs[14].event.dstName: "10.96.0.1" is an IPv4 address: give it as dstIP',
    );
    expect(runWith(open({ dstName: 'web..default' }))).toThrow(
      'inputs[14].event.dstName: "web..default" is not a host name: a host name has no empty labels',
    );
    expect(runWith(open({ dstName: '_http._tcp.web' }))).toThrow(
      `label "_http" must consist of letters, digits and '-'`,
    );
    expect(runWith(open({ dstName: 42 }))).toThrow('inputs[14].event.dstName: expected a host name, got 42');
  });

  it('accepts names in any case, with or without a trailing dot', () => {
    expect(runWith(open({ dstName: 'Web.Default.SVC.cluster.local.' }))).not.toThrow();
  });

  it('wants reconnect to be a boolean', () => {
    const used = {
      at: T,
      event: { type: 'connection/used', id: 'x', reconnect: 'yes' },
    } as unknown as InputEntry;
    expect(runWith(used)).toThrow('inputs[14].event.reconnect: expected true or false, got "yes"');
  });
});
