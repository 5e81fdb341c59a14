import { describe, expect, it } from 'vitest';

import type { Service, ServiceSpec } from '../../src/api/Service.js';
import type { ApiResult } from '../../src/apiserver/createApiServer.js';
import { formatFieldError } from '../../src/api/FieldError.js';
import { bootstrappedApiServer } from '../helpers/bootstrappedApiServer.js';

/** How the apiserver treats the load-balancer parts of a Service: its status and loadBalancerClass. */

function newClient() {
  return bootstrappedApiServer({ seed: 5 }).apiserver.client;
}

const service = (spec: Partial<ServiceSpec> = {}): Service => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'edge', namespace: 'default' },
  spec: { type: 'LoadBalancer', selector: { app: 'edge' }, ports: [{ port: 80 }], ...spec },
});

const LB_STATUS = { loadBalancer: { ingress: [{ ip: '203.0.113.1', ipMode: 'VIP' as const }] } };

function stored(result: ApiResult): Service {
  if (!result.ok) throw new Error(result.status.message);
  if (result.object.kind !== 'Service') throw new Error(`expected a Service, got ${result.object.kind}`);
  return result.object;
}

function refusal(result: ApiResult): string[] {
  if (result.ok) throw new Error('expected a refusal');
  return result.status.causes.map(formatFieldError);
}

describe('a Service’s load-balancer status', () => {
  it('is accepted from a status update (ingress IP with ipMode VIP) and kept by a later apply', () => {
    const client = newClient();
    const created = stored(client.apply(service()));
    const withStatus = stored(client.updateStatus({ ...created, status: LB_STATUS }));
    expect(withStatus.status).toEqual(LB_STATUS);
    // kubectl apply sends no status; a spec change keeps the one the controller wrote.
    const reapplied = stored(client.apply(service({ ports: [{ port: 8080 }] })));
    expect(reapplied.spec.ports?.[0]?.port).toBe(8080);
    expect(reapplied.status).toEqual(LB_STATUS);
  });

  it('cannot be set or changed through the object itself', () => {
    const client = newClient();
    const created = stored(client.apply(service()));
    stored(client.updateStatus({ ...created, status: LB_STATUS }));
    const attempt = stored(
      client.apply({ ...service(), status: { loadBalancer: { ingress: [{ ip: '198.51.100.9' }] } } }),
    );
    expect(attempt.status).toEqual(LB_STATUS);
  });

  it('is cleared with the change of type when the Service stops being a LoadBalancer', () => {
    const client = newClient();
    const created = stored(client.apply(service()));
    stored(client.updateStatus({ ...created, status: LB_STATUS }));
    const demoted = stored(client.apply(service({ type: 'ClusterIP' })));
    expect(demoted.status).toBeUndefined();
  });
});

describe('spec.loadBalancerClass', () => {
  it('is accepted on a LoadBalancer as a qualified name', () => {
    const client = newClient();
    expect(
      stored(client.apply(service({ loadBalancerClass: 'example.com/lb' }))).spec.loadBalancerClass,
    ).toBe('example.com/lb');
  });

  it('is refused on other types and when it is not a qualified name', () => {
    const client = newClient();
    expect(
      refusal(client.apply(service({ type: 'ClusterIP', loadBalancerClass: 'example.com/lb' }))),
    ).toEqual(["spec.loadBalancerClass: Forbidden: may only be used when `type` is 'LoadBalancer'"]);
    expect(refusal(client.apply(service({ loadBalancerClass: 'a b' }))).join('\n')).toMatch(
      /^spec\.loadBalancerClass: Invalid value: "a b": name part must consist of/,
    );
  });

  it('may not change while the Service stays a LoadBalancer', () => {
    const client = newClient();
    stored(client.apply(service({ loadBalancerClass: 'example.com/lb' })));
    expect(refusal(client.apply(service({ loadBalancerClass: 'example.com/other' })))).toEqual([
      'spec.loadBalancerClass: Invalid value: "example.com/other": may not change once set',
    ]);
    expect(refusal(client.apply(service()))).toEqual([
      'spec.loadBalancerClass: Invalid value: null: may not change once set',
    ]);
  });

  it('is dropped when the type changes away from LoadBalancer and the manifest still names it', () => {
    const client = newClient();
    stored(client.apply(service({ loadBalancerClass: 'example.com/lb' })));
    const demoted = stored(client.apply(service({ type: 'ClusterIP', loadBalancerClass: 'example.com/lb' })));
    expect(demoted.spec.loadBalancerClass).toBeUndefined();
  });
});
