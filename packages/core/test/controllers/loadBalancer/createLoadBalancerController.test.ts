import { describe, expect, it } from 'vitest';

import { canonicalDigest } from '../../../src/canonicalDigest.js';
import type { LogEntry } from '../../../src/LogEntry.js';
import type { Service, ServiceSpec } from '../../../src/api/Service.js';
import { getObject } from '../../../src/cluster/ClusterState.js';
import { LOAD_BALANCER_PENDING_ANNOTATION } from '../../../src/controllers/loadBalancer/createLoadBalancerController.js';
import type { InputEntry } from '../../../src/engine/InputEntry.js';
import { resimulate } from '../../../src/engine/resimulate.js';
import { run, type SimRun } from '../../../src/engine/run.js';
import { decodeSimLog, encodeSimLog } from '../../../src/engine/simLogCodec.js';
import { resolveSimulationConfig } from '../../../src/engine/SimulationConfig.js';
import type { SimEvent } from '../../../src/events/SimEvent.js';
import { buildServicePorts } from '../../../src/proxy/ServicePortInfo.js';

const WATCH_DELAY = 50;
const withPool = (loadBalancerCIDR: string) =>
  resolveSimulationConfig({ durationMs: 20_000, watchDelayMs: WATCH_DELAY, loadBalancerCIDR });
const POOL = withPool('203.0.113.0/29'); // usable 203.0.113.1 - 203.0.113.6

function service(name: string, spec: Partial<ServiceSpec> = {}): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default' },
    spec: { type: 'LoadBalancer', selector: { app: name }, ports: [{ port: 80, targetPort: 8080 }], ...spec },
  };
}

const applied = (at: number, object: Service): InputEntry => ({ at, event: { type: 'api/applied', object } });
const deleted = (at: number, name: string): InputEntry => ({
  at,
  event: { type: 'api/deleted', kind: 'Service', namespace: 'default', name },
});

function serviceAt(simulation: SimRun, at: number, name: string): Service | undefined {
  return getObject(simulation.replay.stateAt(at), 'Service', 'default', name);
}

/** The load-balancer addresses a Service shows at an instant ([] while pending). */
function addressesAt(simulation: SimRun, at: number, name: string): string[] {
  return (serviceAt(simulation, at, name)?.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? '');
}

function pendingReasonAt(simulation: SimRun, at: number, name: string): string | undefined {
  return serviceAt(simulation, at, name)?.metadata.annotations?.[LOAD_BALANCER_PENDING_ANNOTATION];
}

/** Every write of a Service after its creation, as (instant, event) pairs. */
function serviceUpdates(entries: readonly LogEntry<SimEvent>[], name: string) {
  return entries.filter(
    (e) =>
      e.event.type === 'object/updated' &&
      e.event.object.kind === 'Service' &&
      e.event.object.metadata.name === name,
  );
}

describe('the load-balancer controller', () => {
  it('gives a LoadBalancer Service the lowest pool address, one watch delay after it appears', () => {
    const simulation = run([applied(1_000, service('edge'))], 1, POOL);
    const [write] = serviceUpdates(simulation.log.entries, 'edge');
    expect(write?.at).toBe(1_000 + WATCH_DELAY);
    const stored = serviceAt(simulation, 20_000, 'edge');
    expect(stored?.status).toEqual({ loadBalancer: { ingress: [{ ip: '203.0.113.1', ipMode: 'VIP' }] } });
    expect(stored?.metadata.annotations).toBeUndefined();
    // What kube-proxy reads from it: a load-balancer VIP on every port.
    expect(buildServicePorts(stored as Service).map((p) => p.loadBalancerVIPs)).toEqual([['203.0.113.1']]);
  });

  it('hands out addresses in the order Services appear and reuses a freed one', () => {
    const simulation = run(
      [
        applied(1_000, service('a')),
        applied(1_000, service('b')),
        deleted(3_000, 'a'),
        applied(4_000, service('c')),
      ],
      1,
      POOL,
    );
    expect(addressesAt(simulation, 2_000, 'a')).toEqual(['203.0.113.1']);
    expect(addressesAt(simulation, 2_000, 'b')).toEqual(['203.0.113.2']);
    expect(addressesAt(simulation, 20_000, 'b')).toEqual(['203.0.113.2']);
    expect(addressesAt(simulation, 20_000, 'c')).toEqual(['203.0.113.1']);
  });

  it('honours spec.loadBalancerIP, and says on the Service why it cannot', () => {
    const simulation = run(
      [
        applied(1_000, service('x', { loadBalancerIP: '203.0.113.5' })),
        applied(2_000, service('y', { loadBalancerIP: '203.0.113.5' })),
        applied(2_000, service('z', { loadBalancerIP: '198.51.100.1' })),
        deleted(5_000, 'x'),
      ],
      1,
      POOL,
    );
    expect(addressesAt(simulation, 1_500, 'x')).toEqual(['203.0.113.5']);
    expect(addressesAt(simulation, 4_000, 'y')).toEqual([]);
    expect(pendingReasonAt(simulation, 4_000, 'y')).toBe(
      'spec.loadBalancerIP 203.0.113.5 is already assigned to Service default/x',
    );
    expect(pendingReasonAt(simulation, 4_000, 'z')).toBe(
      'spec.loadBalancerIP 198.51.100.1 is not in the load-balancer pool 203.0.113.0/29',
    );
    // Once x is gone its address goes to y, which stops saying it is pending.
    expect(addressesAt(simulation, 20_000, 'y')).toEqual(['203.0.113.5']);
    expect(pendingReasonAt(simulation, 20_000, 'y')).toBeUndefined();
    expect(addressesAt(simulation, 20_000, 'z')).toEqual([]);
  });

  it('leaves Services waiting when the pool is exhausted and serves them as addresses free up', () => {
    const simulation = run(
      [
        applied(1_000, service('a')),
        applied(1_000, service('b')),
        applied(1_000, service('c')),
        applied(2_000, service('d')),
        deleted(5_000, 'a'),
        deleted(8_000, 'b'),
      ],
      1,
      withPool('203.0.113.0/30'), // two usable addresses
    );
    expect(pendingReasonAt(simulation, 4_000, 'c')).toBe(
      'no free address left in the load-balancer pool 203.0.113.0/30',
    );
    expect(addressesAt(simulation, 4_000, 'd')).toEqual([]);
    // c started waiting first, so it gets the first address freed; d the next one.
    expect(addressesAt(simulation, 6_000, 'c')).toEqual(['203.0.113.1']);
    expect(addressesAt(simulation, 6_000, 'd')).toEqual([]);
    expect(addressesAt(simulation, 20_000, 'd')).toEqual(['203.0.113.2']);
    expect(pendingReasonAt(simulation, 20_000, 'd')).toBeUndefined();
  });

  it('drops the address at once when a Service stops being a LoadBalancer, and frees it', () => {
    const simulation = run(
      [
        applied(1_000, service('edge')),
        applied(3_000, service('edge', { type: 'ClusterIP' })),
        applied(4_000, service('next')),
      ],
      1,
      POOL,
    );
    expect(addressesAt(simulation, 2_000, 'edge')).toEqual(['203.0.113.1']);
    // The apiserver clears the status with the type change, before any controller has seen it.
    expect(serviceAt(simulation, 3_000, 'edge')?.status?.loadBalancer).toBeUndefined();
    expect(addressesAt(simulation, 20_000, 'next')).toEqual(['203.0.113.1']);
  });

  it('leaves a LoadBalancer with a loadBalancerClass to its own implementation', () => {
    const simulation = run(
      [applied(1_000, service('other', { loadBalancerClass: 'example.com/other-lb' }))],
      1,
      POOL,
    );
    expect(serviceUpdates(simulation.log.entries, 'other')).toEqual([]);
    expect(addressesAt(simulation, 20_000, 'other')).toEqual([]);
  });

  it('does nothing without a pool: LoadBalancer Services stay pending, as on a bare cluster', () => {
    const inputs = [applied(1_000, service('edge'))];
    const bare = run(inputs, 1, resolveSimulationConfig({ durationMs: 20_000, watchDelayMs: WATCH_DELAY }));
    expect(serviceUpdates(bare.log.entries, 'edge')).toEqual([]);
    expect(serviceAt(bare, 20_000, 'edge')?.status).toBeUndefined();
    // And with a pool, a run without LoadBalancers is the same run event for event.
    const clusterIPOnly = [applied(1_000, service('web', { type: 'ClusterIP' }))];
    const a = run(
      clusterIPOnly,
      1,
      resolveSimulationConfig({ durationMs: 20_000, watchDelayMs: WATCH_DELAY }),
    );
    const b = run(clusterIPOnly, 1, POOL);
    expect(canonicalDigest(b.log.entries)).toBe(canonicalDigest(a.log.entries));
  });

  it('gives the same addresses whatever the seed, and re-simulates byte for byte', () => {
    const inputs = [
      applied(1_000, service('a')),
      applied(1_500, service('b', { loadBalancerIP: '203.0.113.4' })),
      deleted(3_000, 'a'),
      applied(3_500, service('c')),
    ];
    const one = run(inputs, 1, POOL);
    const two = run(inputs, 2, POOL);
    for (const name of ['b', 'c'])
      expect(addressesAt(two, 20_000, name)).toEqual(addressesAt(one, 20_000, name));
    const recorded = decodeSimLog(encodeSimLog(one.log));
    expect(recorded.header.config.loadBalancerCIDR).toBe('203.0.113.0/29');
    expect(resimulate(recorded).identical).toBe(true);
  });
});
