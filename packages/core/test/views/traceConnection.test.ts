import { describe, expect, it } from 'vitest';

import type { Service } from '../../src/api/Service.js';
import { getObject } from '../../src/cluster/ClusterState.js';
import type { InputEntry } from '../../src/engine/InputEntry.js';
import { run } from '../../src/engine/run.js';
import { resolveSimulationConfig } from '../../src/engine/SimulationConfig.js';
import type { ConnectionSource } from '../../src/events/ConnectionEvents.js';
import type { ProxyMode } from '../../src/proxy/ProxyMode.js';
import type { ConnectionTrace } from '../../src/views/ConnectionTrace.js';
import { traceConnection } from '../../src/views/traceConnection.js';
import { nodeObject, podObject } from '../helpers/arbitraries.js';
import { createServiceRoutingMode, type ServiceRoutingModeOptions } from './serviceRoutingMode.js';

const CLUSTER_IP = '10.96.0.80';
const client: ConnectionSource = { kind: 'pod', namespace: 'default', name: 'client' };

function service(name: string, app: string, extra: Partial<Service['spec']> = {}): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default' },
    spec: { selector: { app }, ports: [{ name: 'http', port: 80, targetPort: 'http' }], ...extra },
  };
}

/**
 * Three nodes (node-2's kube-proxy sees changes 3 s late); a client pod on node-0; Service web at
 * 10.96.0.80 in front of web-a (node-0, port 8080) and web-b (node-1, port 9090).
 */
function cluster(webSpec: Partial<Service['spec']> = {}): InputEntry[] {
  return [
    { at: 0, event: { type: 'api/applied', object: nodeObject(0, 'zone-a') } },
    { at: 0, event: { type: 'api/applied', object: nodeObject(1, 'zone-a') } },
    { at: 0, event: { type: 'api/applied', object: nodeObject(2, 'zone-a') } },
    {
      at: 0,
      event: { type: 'api/applied', object: service('web', 'web', { clusterIP: CLUSTER_IP, ...webSpec }) },
    },
    { at: 0, event: { type: 'api/applied', object: podObject('client', 'client', 'node-0', 0) } },
    { at: 0, event: { type: 'api/applied', object: podObject('web-a', 'web', 'node-0', 0) } },
    { at: 0, event: { type: 'api/applied', object: podObject('web-b', 'web', 'node-1', 1) } },
  ];
}

interface TraceSetup {
  readonly choose?: ServiceRoutingModeOptions['choose'];
  readonly withProxy?: boolean;
  /** Wraps the mode, e.g. to watch what routing is given. */
  readonly wrap?: (mode: ProxyMode) => ProxyMode;
}

/** Runs `inputs` up to `at` and traces a new connection at that instant. */
function traceAt(
  inputs: readonly InputEntry[],
  at: number,
  from: ConnectionSource,
  to: string,
  setup: TraceSetup = {},
): { trace: ConnectionTrace; simRun: ReturnType<typeof run> } {
  const base = createServiceRoutingMode({ choose: setup.choose ?? 'first' });
  const mode = setup.wrap?.(base) ?? base;
  const withProxy = setup.withProxy ?? true;
  const config = resolveSimulationConfig({
    durationMs: at,
    ...(withProxy && { proxy: { mode: 'routing', nodes: { 'node-2': { watchDelayMs: 3_000 } } } }),
  });
  const simRun = run(
    inputs.filter((input) => input.at <= at),
    1,
    config,
    withProxy ? { proxyMode: mode } : {},
  );
  const colon = to.lastIndexOf(':');
  const trace = traceConnection(simRun, {
    from,
    host: to.slice(0, colon),
    port: Number(to.slice(colon + 1)),
    protocol: 'TCP',
  });
  return { trace, simRun };
}

function podIP(simRun: ReturnType<typeof run>, name: string): string {
  return getObject(simRun.finalState, 'Pod', 'default', name)?.status?.podIP ?? '';
}

describe('traceConnection', () => {
  it('follows a connection to a cluster IP through the rules to the pod that answers', () => {
    const { trace, simRun } = traceAt(cluster(), 5_000, client, `${CLUSTER_IP}:80`);
    const clientIP = podIP(simRun, 'client');
    const webA = podIP(simRun, 'web-a');
    expect(trace.at).toBe(5_000);
    expect(trace.source).toEqual({ from: client, node: 'node-0', ip: clientIP, hostNetwork: false });
    expect(trace.packet).toEqual({
      srcIP: clientIP,
      srcPort: 32768,
      dstIP: CLUSTER_IP,
      dstPort: 80,
      protocol: 'TCP',
      entry: 'forward',
    });
    const kp = trace.kubeProxy;
    expect(kp).toMatchObject({ node: 'node-0', mode: 'routing', running: true });
    expect(kp?.lastSync?.at).toBeLessThanOrEqual(5_000);
    expect(kp?.servicePort).toMatchObject({
      servicePortName: 'default/web:http',
      addressKind: 'cluster IP',
      inSync: true,
      unprogrammedChanges: [],
    });
    expect(kp?.servicePort?.programmed?.candidates.map((ep) => ep.endpoint)).toEqual(
      kp?.servicePort?.truth?.candidates.map((ep) => ep.endpoint),
    );
    expect(kp?.route).toMatchObject({ verdict: 'dnat', destination: { ip: webA, port: 8080 } });
    expect(kp?.route?.steps.map((s) => s.location)).toEqual(['test services', 'test endpoints']);
    // Two candidates, no draw and no affinity: the trace does not claim to know what chose.
    expect(kp?.route?.choice).toBeUndefined();
    expect(trace.conntrack).toEqual({
      protocol: 'TCP',
      original: { src: { ip: clientIP, port: 32768 }, dst: { ip: CLUSTER_IP, port: 80 } },
      reply: { src: { ip: webA, port: 8080 }, dst: { ip: clientIP, port: 32768 } },
      state: 'assured',
    });
    expect(trace.delivery).toMatchObject({
      ip: webA,
      port: 8080,
      holder: {
        kind: 'pod',
        pod: 'default/web-a',
        node: 'node-0',
        nodeUp: true,
        phase: 'Running',
        ready: true,
      },
      listener: { kind: 'accepting' },
      notes: [],
    });
    expect(trace.outcome).toEqual({ ok: true, peer: { ip: webA, port: 8080, pod: 'default/web-a' } });
  });

  it('says a random draw chose the endpoint, and which of the candidates it was', () => {
    const { trace } = traceAt(cluster(), 5_000, client, `${CLUSTER_IP}:80`, { choose: 'random' });
    const route = trace.kubeProxy?.route;
    const candidates = trace.kubeProxy?.servicePort?.programmed?.candidates ?? [];
    const chosen = `${route?.destination?.ip ?? ''}:${String(route?.destination?.port)}`;
    expect(route?.choice).toEqual({
      by: 'random',
      index: candidates.findIndex((ep) => ep.endpoint === chosen) + 1,
      of: 2,
      draws: 1,
    });
  });

  it("routes with a stream of its own, never the run's traffic stream, so tracing is repeatable", () => {
    const streams: string[] = [];
    const wrap = (mode: ProxyMode): ProxyMode => ({
      ...mode,
      route(rules, packet, ctx) {
        streams.push(ctx.random.name);
        return mode.route(rules, packet, ctx);
      },
    });
    const first = traceAt(cluster(), 5_000, client, `${CLUSTER_IP}:80`, { choose: 'random', wrap });
    const second = traceAt(cluster(), 5_000, client, `${CLUSTER_IP}:80`, { choose: 'random', wrap });
    expect(streams).toEqual(['trace at 5000 ms', 'trace at 5000 ms']);
    expect(second.trace).toEqual(first.trace);
  });

  it('says session affinity sent the client back to the endpoint it reached before', () => {
    const inputs: InputEntry[] = [
      ...cluster({
        sessionAffinity: 'ClientIP',
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } },
      }),
      {
        at: 3_000,
        event: {
          type: 'connection/opened',
          id: 'c1',
          from: client,
          dstIP: CLUSTER_IP,
          dstPort: 80,
          protocol: 'TCP',
        },
      },
    ];
    const { trace, simRun } = traceAt(inputs, 5_000, client, `${CLUSTER_IP}:80`, { choose: 'random' });
    const established = simRun.log.entries.find((e) => e.event.type === 'connection/established')?.event;
    const earlier = established?.type === 'connection/established' ? established.peer : undefined;
    const route = trace.kubeProxy?.route;
    expect(route?.destination).toEqual({ ip: earlier?.ip, port: earlier?.port });
    expect(route?.choice).toMatchObject({ by: 'affinity', of: 2, timeoutSeconds: 60 });
  });

  it('is refused by the REJECT of a Service without endpoints, naming the rule', () => {
    const inputs = [
      ...cluster(),
      {
        at: 0,
        event: { type: 'api/applied', object: service('empty', 'nothing', { clusterIP: '10.96.0.81' }) },
      },
    ] satisfies InputEntry[];
    const { trace } = traceAt(inputs, 5_000, client, '10.96.0.81:80');
    expect(trace.kubeProxy?.servicePort).toMatchObject({
      servicePortName: 'default/empty:http',
      inSync: true,
    });
    expect(trace.kubeProxy?.servicePort?.truth?.endpoints).toEqual([]);
    expect(trace.kubeProxy?.route?.verdict).toBe('reject');
    expect(trace.conntrack).toBeUndefined();
    expect(trace.delivery).toBeUndefined();
    expect(trace.outcome).toEqual({
      ok: false,
      failure: 'refused',
      reason: "rejected (ICMP port unreachable) by node node-0's rule test services: -d 10.96.0.81 -j REJECT",
    });
  });

  it('times out on a lagging node whose rules still send to a deleted pod, listing the changes they lack', () => {
    const inputs: InputEntry[] = [
      ...cluster(),
      {
        at: 5_000,
        event: {
          type: 'api/deleted',
          kind: 'Pod',
          namespace: 'default',
          name: 'web-a',
          gracePeriodSeconds: 0,
        },
      },
    ];
    const before = traceAt(inputs, 4_900, { kind: 'node', name: 'node-2' }, `${CLUSTER_IP}:80`);
    const webA = podIP(before.simRun, 'web-a');
    const { trace } = traceAt(inputs, 6_000, { kind: 'node', name: 'node-2' }, `${CLUSTER_IP}:80`);
    const sp = trace.kubeProxy?.servicePort;
    expect(sp?.inSync).toBe(false);
    expect(sp?.programmed?.endpoints.map((ep) => ep.ip)).toContain(webA);
    expect(sp?.truth?.endpoints.map((ep) => ep.ip)).not.toContain(webA);
    expect(sp?.unprogrammedChanges.length).toBeGreaterThan(0);
    for (const change of sp?.unprogrammedChanges ?? []) {
      expect(change.at).toBeGreaterThanOrEqual(5_000);
      expect(change.description).toMatch(/^EndpointSlice default\/web-/);
    }
    expect(trace.delivery?.holder).toEqual({ kind: 'none' });
    expect(trace.conntrack?.state).toBe('unreplied');
    expect(trace.outcome).toEqual({
      ok: false,
      failure: 'timedOut',
      reason: `endpoint ${webA}:8080 of default/web:http does not answer: no pod or node has the address ${webA}`,
    });
    // node-0 sees changes 50 ms late: by then its rules match the cluster again.
    const upToDate = traceAt(inputs, 6_000, client, `${CLUSTER_IP}:80`).trace;
    expect(upToDate.kubeProxy?.servicePort?.inSync).toBe(true);
    expect(upToDate.outcome.ok).toBe(true);
  });

  it("notes that a pod that is no longer Ready still gets connections through a lagging node's rules", () => {
    const inputs: InputEntry[] = [
      ...cluster(),
      { at: 5_000, event: { type: 'pod/readinessSet', namespace: 'default', name: 'web-a', ready: false } },
    ];
    const { trace } = traceAt(inputs, 6_000, { kind: 'node', name: 'node-2' }, `${CLUSTER_IP}:80`);
    expect(trace.delivery?.holder).toMatchObject({ kind: 'pod', pod: 'default/web-a', ready: false });
    expect(trace.delivery?.notes).toEqual([
      expect.stringMatching(
        /^pod default\/web-a is not Ready, but node node-2's rules, last synced at \d+\.\d{3}s, still have .+:8080 as a ready endpoint of default\/web:http$/,
      ),
    ]);
    expect(trace.outcome.ok).toBe(true);
  });

  it('explains a connection to the targetPort of a cluster IP, which no rule translates', () => {
    const { trace } = traceAt(cluster(), 5_000, client, `${CLUSTER_IP}:8080`);
    expect(trace.kubeProxy?.servicePort).toBeUndefined();
    expect(trace.kubeProxy?.addressHint).toBe(
      `${CLUSTER_IP} is the cluster IP of Service default/web, which has no port 8080/TCP (its ports: 80/TCP)`,
    );
    expect(trace.kubeProxy?.route?.verdict).toBe('accept');
    expect(trace.outcome).toEqual({
      ok: false,
      failure: 'timedOut',
      reason: `no pod or node has the address ${CLUSTER_IP}, and no rule on node node-0 translates ${CLUSTER_IP}:8080/TCP`,
    });
  });

  it('stops at a source that cannot send: a pod that does not exist, or one on a node that is down', () => {
    const ghost = traceAt(
      cluster(),
      5_000,
      { kind: 'pod', namespace: 'default', name: 'ghost' },
      `${CLUSTER_IP}:80`,
    ).trace;
    expect(ghost.packet).toBeUndefined();
    expect(ghost.kubeProxy).toBeUndefined();
    expect(ghost.outcome).toEqual({
      ok: false,
      failure: 'unsent',
      reason: 'pod default/ghost does not exist',
    });

    const inputs: InputEntry[] = [
      ...cluster(),
      { at: 4_000, event: { type: 'node/readinessSet', name: 'node-1', ready: false } },
    ];
    const down = traceAt(
      inputs,
      5_000,
      { kind: 'pod', namespace: 'default', name: 'web-b' },
      `${CLUSTER_IP}:80`,
    ).trace;
    expect(down.source.node).toBe('node-1');
    expect(down.outcome).toEqual({
      ok: false,
      failure: 'timedOut',
      reason: 'node node-1, where pod default/web-b runs, is down',
    });
  });

  it("looks a short name up through the pod's search list, then routes to the address it got", () => {
    const { trace } = traceAt(cluster(), 5_000, client, 'web:80');
    const dns = trace.dns;
    expect(dns?.kind).toBe('lookup');
    if (dns?.kind !== 'lookup') return;
    expect(dns.lookup.resolvConf.searches.slice(0, 3)).toEqual([
      'default.svc.cluster.local',
      'svc.cluster.local',
      'cluster.local',
    ]);
    expect(dns.lookup.result.attempts.map((a) => [a.name, a.outcome])).toEqual([
      ['web.default.svc.cluster.local.', 'ANSWER'],
    ]);
    expect(dns.address).toBe(CLUSTER_IP);
    expect(trace.packet?.dstIP).toBe(CLUSTER_IP);
    expect(trace.kubeProxy?.servicePort?.servicePortName).toBe('default/web:http');
    expect(trace.outcome.ok).toBe(true);
  });

  it('fails as unresolved, sending nothing, when no name answers or the source has no cluster DNS', () => {
    const nope = traceAt(cluster(), 5_000, client, 'nope:80').trace;
    expect(nope.dns?.kind === 'lookup' && nope.dns.lookup.result.attempts.map((a) => a.outcome)).toEqual([
      'NXDOMAIN',
      'NXDOMAIN',
      'NXDOMAIN',
      'NXDOMAIN',
    ]);
    expect(nope.packet).toBeUndefined();
    expect(nope.outcome).toMatchObject({ ok: false, failure: 'unresolved' });

    const fromNode = traceAt(
      cluster(),
      5_000,
      { kind: 'node', name: 'node-1' },
      'web.default.svc.cluster.local:80',
    ).trace;
    expect(fromNode.dns?.kind).toBe('notLooked');
    expect(fromNode.outcome).toEqual({ ok: false, failure: 'unresolved', reason: fromNode.dns?.reason });
  });

  it('says a stopped kube-proxy left its last rules in place, which stop following the cluster', () => {
    const inputs: InputEntry[] = [
      ...cluster(),
      { at: 4_000, event: { type: 'proxy/stopped', node: 'node-0' } },
      { at: 5_000, event: { type: 'pod/readinessSet', namespace: 'default', name: 'web-b', ready: false } },
    ];
    const { trace } = traceAt(inputs, 8_000, client, `${CLUSTER_IP}:80`);
    const kp = trace.kubeProxy;
    expect(kp).toMatchObject({ running: false, stoppedAt: 4_000 });
    expect(kp?.lastSync?.at).toBeLessThan(4_000);
    expect(kp?.servicePort?.inSync).toBe(false);
    expect(kp?.servicePort?.programmed?.candidates).toHaveLength(2);
    expect(kp?.servicePort?.truth?.candidates).toHaveLength(1);
    expect(kp?.route?.verdict).toBe('dnat');
  });

  it('without a kube-proxy, says so, and the cluster IP leads nowhere', () => {
    const { trace } = traceAt(cluster(), 5_000, client, `${CLUSTER_IP}:80`, { withProxy: false });
    expect(trace.kubeProxy).toEqual({ node: 'node-0', running: false });
    expect(trace.outcome).toMatchObject({ ok: false, failure: 'timedOut' });
  });
});
