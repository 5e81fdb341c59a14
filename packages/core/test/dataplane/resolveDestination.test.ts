import { describe, expect, it } from 'vitest';

import { getObject, type ClusterState } from '../../src/cluster/ClusterState.js';
import { resolveDestination, type DestinationResolution } from '../../src/dataplane/resolveDestination.js';
import { createRandomStreams } from '../../src/random/createRandomStreams.js';
import { apply, appPod, dnsClusterInputs, fromPod, runDnsCluster } from './dnsCluster.js';

const inputs = [
  ...dnsClusterInputs(),
  // A host-network pod: with the default dnsPolicy it gets its node's resolver, not the cluster DNS.
  apply(0, appPod('agent', 'agent', 0, { hostNetwork: true })),
  apply(0, appPod('pinned', 'pinned', 1, { dnsPolicy: 'ClusterFirstWithHostNet', hostNetwork: true })),
];
const state: ClusterState = runDnsCluster(inputs).replay.stateAt(5_000);

function clusterIPOf(name: string, namespace = 'default'): string {
  return getObject(state, 'Service', namespace, name)?.spec.clusterIP ?? '';
}

function podIPOf(name: string): string {
  return getObject(state, 'Pod', 'default', name)?.status?.podIP ?? '';
}

function namesTried(resolution: DestinationResolution): string[] {
  return resolution.kind === 'lookup' ? resolution.lookup.result.attempts.map((a) => a.name) : [];
}

describe('resolveDestination from a pod (ClusterFirst: search list and ndots:5)', () => {
  it('finds a short name through the first search domain, its own namespace', () => {
    const resolution = resolveDestination(state, fromPod('client'), 'web');
    expect(resolution.kind).toBe('lookup');
    expect(resolution.address).toBe(clusterIPOf('web'));
    expect(namesTried(resolution)).toEqual(['web.default.svc.cluster.local.']);
    expect(resolution.reason).toBe(
      `web resolved to ${clusterIPOf('web')} (web.default.svc.cluster.local.) from pod default/client`,
    );
  });

  it('finds `web.default` through the second search domain', () => {
    const resolution = resolveDestination(state, fromPod('client'), 'web.default');
    expect(resolution.address).toBe(clusterIPOf('web'));
    expect(namesTried(resolution)).toEqual([
      'web.default.default.svc.cluster.local.',
      'web.default.svc.cluster.local.',
    ]);
  });

  it('tries a fully qualified name without a trailing dot through the search list first (4 dots < ndots 5)', () => {
    const resolution = resolveDestination(state, fromPod('client'), 'web.default.svc.cluster.local');
    expect(resolution.address).toBe(clusterIPOf('web'));
    expect(namesTried(resolution)).toEqual([
      'web.default.svc.cluster.local.default.svc.cluster.local.',
      'web.default.svc.cluster.local.svc.cluster.local.',
      'web.default.svc.cluster.local.cluster.local.',
      'web.default.svc.cluster.local.',
    ]);
  });

  it('asks an absolute name (trailing dot) once, as written', () => {
    const resolution = resolveDestination(state, fromPod('client'), 'web.default.svc.cluster.local.');
    expect(resolution.address).toBe(clusterIPOf('web'));
    expect(namesTried(resolution)).toEqual(['web.default.svc.cluster.local.']);
  });

  it('reaches a Service in another namespace by `<service>.<namespace>`, but not by its short name', () => {
    expect(resolveDestination(state, fromPod('client'), 'api.shop').address).toBe(clusterIPOf('api', 'shop'));
    expect(resolveDestination(state, fromPod('api-1', 'shop'), 'api').address).toBe(
      clusterIPOf('api', 'shop'),
    );
    expect(resolveDestination(state, fromPod('client'), 'api').address).toBeUndefined();
  });

  it('gives NXDOMAIN for an unknown name, naming every name tried', () => {
    const resolution = resolveDestination(state, fromPod('client'), 'nosuch');
    expect(resolution.kind).toBe('lookup');
    expect(resolution.address).toBeUndefined();
    expect(resolution.kind === 'lookup' && resolution.lookup.result.outcome).toBe('NXDOMAIN');
    expect(resolution.reason).toBe(
      'nosuch did not resolve from pod default/client: tried nosuch.default.svc.cluster.local. NXDOMAIN, ' +
        'nosuch.svc.cluster.local. NXDOMAIN, nosuch.cluster.local. NXDOMAIN, nosuch. NXDOMAIN',
    );
  });

  it("answers a headless Service's name with its ready pods' addresses, taking the first without a random stream", () => {
    const resolution = resolveDestination(state, fromPod('client'), 'db');
    expect([...resolution.addresses].sort()).toEqual([podIPOf('db-0'), podIPOf('db-1')].sort());
    expect(resolution.address).toBe(resolution.addresses[0]);
    expect(resolution.reason).toContain('one of 2 addresses');
  });

  it('with a random stream, picks every address of a headless Service over many lookups, reproducibly', () => {
    const picks = (seed: number) => {
      const random = createRandomStreams(seed).stream('traffic');
      return Array.from(
        { length: 40 },
        () => resolveDestination(state, fromPod('client'), 'db', { random }).address,
      );
    };
    expect(new Set(picks(3))).toEqual(new Set([podIPOf('db-0'), podIPOf('db-1')]));
    expect(picks(3)).toEqual(picks(3));
  });

  it('follows an ExternalName alias to an in-cluster Service (CNAME, then its A record)', () => {
    const resolution = resolveDestination(state, fromPod('client'), 'alias');
    expect(resolution.address).toBe(clusterIPOf('web'));
    expect(resolution.kind === 'lookup' && resolution.lookup.result.answer.map((r) => r.type)).toEqual([
      'CNAME',
      'A',
    ]);
  });

  it('leaves an ExternalName whose target has no records here unresolved: a CNAME and no address', () => {
    const resolution = resolveDestination(state, fromPod('client'), 'outside');
    expect(resolution.kind).toBe('lookup');
    expect(resolution.address).toBeUndefined();
    expect(resolution.reason).toBe(
      'outside did not resolve from pod default/client: outside.default.svc.cluster.local. answered with no IPv4 address (CNAME example.com.)',
    );
  });

  it('does not reach the cluster DNS from a host-network pod with the default dnsPolicy', () => {
    const resolution = resolveDestination(state, fromPod('agent'), 'web');
    expect(resolution.kind === 'lookup' && resolution.lookup.viaClusterDns).toBe(false);
    expect(resolution.address).toBeUndefined();
    expect(resolution.reason).toContain('its nameserver 127.0.0.1 is not the cluster DNS');
    expect(resolveDestination(state, fromPod('pinned'), 'web').address).toBe(clusterIPOf('web'));
  });

  it("uses the kube-dns ClusterIP as the pods' nameserver", () => {
    const resolution = resolveDestination(state, fromPod('client'), 'web');
    expect(resolution.kind === 'lookup' && resolution.lookup.resolvConf.nameservers).toEqual([
      clusterIPOf('kube-dns', 'kube-system'),
    ]);
  });
});

describe('resolveDestination without a lookup', () => {
  it('takes an IPv4 literal as written', () => {
    expect(resolveDestination(state, { kind: 'node', name: 'node-0' }, '10.96.0.1')).toMatchObject({
      kind: 'literal',
      address: '10.96.0.1',
    });
  });

  it('does not resolve cluster names from a node, saying it does not use the cluster DNS', () => {
    const resolution = resolveDestination(
      state,
      { kind: 'node', name: 'node-0' },
      'web.default.svc.cluster.local',
    );
    expect(resolution).toMatchObject({ kind: 'notLooked', why: 'nodeSource', address: undefined });
    expect(resolution.reason).toBe(
      "node node-0 does not use the cluster DNS (its resolver is the host's own), so web.default.svc.cluster.local does not resolve from it",
    );
  });

  it('does not resolve from an external client', () => {
    const resolution = resolveDestination(
      state,
      { kind: 'external', ip: '203.0.113.9', node: 'node-0' },
      'web',
    );
    expect(resolution).toMatchObject({ kind: 'notLooked', why: 'externalSource' });
    expect(resolution.reason).toContain('does not use the cluster DNS');
  });

  it('says when the source pod does not exist', () => {
    expect(resolveDestination(state, fromPod('ghost'), 'web')).toMatchObject({
      kind: 'notLooked',
      why: 'noSourcePod',
      reason: 'pod default/ghost does not exist, so nothing looks web up',
    });
  });
});
