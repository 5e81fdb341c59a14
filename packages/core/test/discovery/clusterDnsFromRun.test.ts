import { describe, expect, it } from 'vitest';

import type { Pod } from '../../src/api/Pod.js';
import { getObject } from '../../src/cluster/ClusterState.js';
import { deriveClusterDns } from '../../src/discovery/deriveClusterDns.js';
import { dnsOutcome, type DnsResponse } from '../../src/discovery/DnsRecord.js';
import { podResolvConf } from '../../src/discovery/podResolvConf.js';
import { resolveFromPod } from '../../src/discovery/resolveFromPod.js';
import type { InputEntry } from '../../src/engine/InputEntry.js';
import { run } from '../../src/engine/run.js';
import { resolveSimulationConfig } from '../../src/engine/SimulationConfig.js';
import { nodeObject } from '../helpers/arbitraries.js';
import { service } from './fixtures.js';

function member(name: string, node: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: 'db' } },
    spec: {
      nodeName: node,
      hostname: name,
      subdomain: 'db',
      containers: [{ name: 'main', image: 'example/db:1', ports: [{ name: 'pg', containerPort: 5432 }] }],
    },
  };
}

const inputs: InputEntry[] = [
  { at: 0, event: { type: 'api/applied', object: nodeObject(0, 'zone-a') } },
  { at: 0, event: { type: 'api/applied', object: nodeObject(1, 'zone-b') } },
  {
    at: 0,
    event: {
      type: 'api/applied',
      object: service('db', {
        clusterIP: 'None',
        selector: { app: 'db' },
        ports: [{ name: 'pg', port: 5432, targetPort: 'pg' }],
      }),
    },
  },
  {
    at: 0,
    event: {
      type: 'api/applied',
      object: service('web', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }] }),
    },
  },
  { at: 100, event: { type: 'api/applied', object: member('db-0', 'node-0') } },
  { at: 100, event: { type: 'api/applied', object: member('db-1', 'node-1') } },
  { at: 5_000, event: { type: 'pod/readinessSet', namespace: 'default', name: 'db-1', ready: false } },
];

const { replay } = run(inputs, 11, resolveSimulationConfig({ durationMs: 10_000, watchDelayMs: 50 }));

function addresses(response: DnsResponse): string[] {
  return response.answer.flatMap((r) => (r.type === 'A' ? [r.address] : []));
}

describe('cluster DNS over a simulated cluster', () => {
  it('publishes headless members under their hostname.subdomain once they are ready', () => {
    const state = replay.stateAt(4_000);
    const dns = deriveClusterDns(state);
    const ipOf = (name: string) => getObject(state, 'Pod', 'default', name)?.status?.podIP;
    const db0 = ipOf('db-0');
    const db1 = ipOf('db-1');
    expect(db0).toMatch(/^10\./);
    expect(db1).toMatch(/^10\./);

    expect(addresses(dns.query('db-0.db.default.svc.cluster.local', 'A'))).toEqual([db0]);
    expect(addresses(dns.query('db-1.db.default.svc.cluster.local', 'A'))).toEqual([db1]);
    expect(addresses(dns.query('db.default.svc.cluster.local', 'A')).sort()).toEqual([db0, db1].sort());
    const srv = dns.query('_pg._tcp.db.default.svc.cluster.local', 'SRV');
    expect(srv.answer.map((r) => (r.type === 'SRV' ? `${r.port} ${r.target}` : '')).sort()).toEqual([
      '5432 db-0.db.default.svc.cluster.local.',
      '5432 db-1.db.default.svc.cluster.local.',
    ]);

    const web = getObject(state, 'Service', 'default', 'web')?.spec.clusterIP;
    expect(addresses(dns.query('web.default.svc.cluster.local', 'A'))).toEqual([web]);
  });

  it('drops a member that stops being ready', () => {
    const state = replay.stateAt(9_000);
    const dns = deriveClusterDns(state);
    const db0 = getObject(state, 'Pod', 'default', 'db-0')?.status?.podIP;
    expect(addresses(dns.query('db.default.svc.cluster.local', 'A'))).toEqual([db0]);
    expect(dnsOutcome(dns.query('db-1.db.default.svc.cluster.local', 'A'))).toBe('NXDOMAIN');
  });

  it('lets a pod reach a member by its short hostname.subdomain through the search path', () => {
    const state = replay.stateAt(4_000);
    const client = getObject(state, 'Pod', 'default', 'db-0');
    if (client === undefined) throw new Error('db-0 missing');
    const result = resolveFromPod('db-1.db', podResolvConf(client).resolvConf, deriveClusterDns(state));
    expect(result.answeredBy).toBe('db-1.db.default.svc.cluster.local.');
    expect(result.attempts.map((a) => a.outcome)).toEqual(['ANSWER']);
  });
});
