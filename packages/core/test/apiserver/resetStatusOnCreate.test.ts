import { describe, expect, it } from 'vitest';

import type { KubeObject } from '../../src/api/KubeObject.js';
import type { Pod } from '../../src/api/Pod.js';
import type { Service } from '../../src/api/Service.js';
import { nodeObject, podObject, serviceObject } from '../helpers/arbitraries.js';
import { bootstrappedApiServer } from '../helpers/bootstrappedApiServer.js';

/**
 * A manifest copied from `kubectl get -o yaml` of a real cluster carries that cluster's status (pod
 * IPs, load-balancer addresses). The apiserver's PrepareForCreate discards it for kinds whose status
 * belongs to controllers and kubelets, so none of it can leak into the simulation; a Node keeps its
 * status, as a kubelet registering itself sends it.
 */
function created(object: KubeObject): KubeObject {
  const { apiserver, events } = bootstrappedApiServer();
  const before = events.length;
  apiserver.handleInput({ type: 'api/applied', object }, 1);
  const write = events.slice(before).find((e) => e.type === 'object/created' || e.type === 'api/rejected');
  if (write?.type !== 'object/created') throw new Error(`not created: ${JSON.stringify(write)}`);
  return write.object;
}

describe('apiserver create discards a client-written status', () => {
  it('drops a Pod status (phase, IPs, conditions) written in the manifest', () => {
    const pod: Pod = {
      ...podObject('web-0', 'web', 'node-1', 8080),
      status: { phase: 'Running', podIP: '10.0.0.9', podIPs: [{ ip: '10.0.0.9' }] },
    };
    expect((created(pod) as Pod).status).toBeUndefined();
  });

  it('drops a Service status, so a copied load-balancer address is not served', () => {
    const service: Service = {
      ...serviceObject('web', 'web', false, false),
      status: { loadBalancer: { ingress: [{ ip: '203.0.113.7' }] } },
    };
    expect((created(service) as Service).status).toBeUndefined();
  });

  it('keeps a Node status: a kubelet registers its Node with addresses and conditions', () => {
    const node = nodeObject(1, 'zone-a');
    expect(node.status).toBeDefined();
    expect((created(node) as typeof node).status).toEqual(node.status);
  });
});
