import { Subscription } from 'rxjs';

import { plainDataEqual } from '../../plainDataEqual.js';
import type { LoadBalancerIngress, Service, ServiceStatus } from '../../api/Service.js';
import type { ControllerContext } from '../../engine/ControllerContext.js';
import { formatIpv4, parseIpv4Cidr } from '../../net/ipv4.js';
import { createReconcileQueue } from '../createReconcileQueue.js';
import { createLoadBalancerIPPool } from './createLoadBalancerIPPool.js';
import { decideLoadBalancerIP, type LoadBalancerIPDecision } from './decideLoadBalancerIP.js';

/**
 * Why a LoadBalancer Service has no address, on the Service itself. Real controllers say it with an
 * Event (MetalLB's AllocationFailed, the cloud controller's SyncLoadBalancerFailed) that `kubectl
 * describe` shows; svcsim has no Event kind, so the message goes where a replay's object view shows it.
 */
export const LOAD_BALANCER_PENDING_ANNOTATION = 'svcsim.dev/load-balancer-pending';

/**
 * A load-balancer controller, as a cloud provider's service controller or MetalLB in layer-2 mode:
 * gives each LoadBalancer Service without a loadBalancerClass an address from
 * `config.loadBalancerCIDR`, written to status.loadBalancer.ingress (ipMode VIP) for kube-proxy to
 * program, and frees it when the Service is deleted or stops being such a LoadBalancer. Addresses are
 * handed out lowest first, so a run's addresses follow from its inputs alone; spec.loadBalancerIP is
 * honoured when it is in the pool and free. Without a pool, as on a bare cluster, nothing runs and
 * LoadBalancer Services stay pending.
 *
 * Services left waiting (pool exhausted, requested address taken) are retried whenever an address is
 * freed, in the order they started waiting. Differences, on purpose: no load-balancer-cleanup
 * finalizer (deleting a Service frees its address once the controller sees the deletion), and the
 * reason for waiting is an annotation (LOAD_BALANCER_PENDING_ANNOTATION) rather than an Event.
 */
export function createLoadBalancerController(ctx: ControllerContext): Subscription {
  const poolCidr = ctx.config.loadBalancerCIDR;
  if (poolCidr === undefined) return new Subscription();
  const cidr = parseIpv4Cidr(poolCidr);
  if (cidr === undefined) throw new TypeError(`config.loadBalancerCIDR: not an IPv4 CIDR: "${poolCidr}"`);
  const { informer, api } = ctx;
  const pool = createLoadBalancerIPPool(cidr);
  const held = new Map<string, number>(); // Service key -> address it holds
  const waiting = new Map<string, string>(); // Service key -> reason, in the order they started waiting
  const queue = createReconcileQueue(ctx.scheduler, (key) => {
    reconcile(key);
  });

  function reconcile(key: string): void {
    const [namespace = '', name = ''] = key.split('/');
    const service = informer.get('Service', namespace, name);
    const holding = held.get(key);
    const decision = decideLoadBalancerIP(service, holding, pool);
    if (holding !== undefined && decision.kind !== 'keep') {
      pool.release(holding);
      held.delete(key);
      for (const other of waiting.keys()) if (other !== key) queue.touch(other);
    }
    if (decision.kind === 'claim') {
      pool.claim(decision.ip, key);
      held.set(key, decision.ip);
    }
    if (decision.kind === 'pending') waiting.set(key, decision.reason);
    else waiting.delete(key);
    if (service !== undefined) writeOutcome(service, decision, holding);
  }

  /**
   * One write per pass, status first: the informer relays it and the next pass writes the annotation,
   * each with the resourceVersion it saw, so a stale view ends in a Conflict and a retry, never in an
   * overwrite of someone else's change.
   */
  function writeOutcome(service: Service, decision: LoadBalancerIPDecision, held: number | undefined): void {
    const current = service.status?.loadBalancer?.ingress ?? [];
    const ingress = desiredIngress(decision, current, held);
    if (!plainDataEqual(current, ingress)) {
      const { status: _stale, ...rest } = service;
      const status = withIngress(service.status, ingress);
      api.updateStatus(status === undefined ? rest : { ...rest, status });
      return;
    }
    const reason = decision.kind === 'pending' ? decision.reason : undefined;
    const annotations = service.metadata.annotations ?? {};
    if (annotations[LOAD_BALANCER_PENDING_ANNOTATION] === reason) return;
    const { [LOAD_BALANCER_PENDING_ANNOTATION]: _previous, ...others } = annotations;
    api.update({
      ...service,
      metadata: {
        ...service.metadata,
        // An empty map rather than none: an update without annotations keeps the stored ones.
        annotations:
          reason === undefined ? others : { ...others, [LOAD_BALANCER_PENDING_ANNOTATION]: reason },
      },
    });
  }

  const subscription = new Subscription(() => {
    queue.close();
  });
  subscription.add(
    informer.changes$.subscribe((change) => {
      if (change.kind === 'Service') queue.touch(`${change.namespace}/${change.name}`);
    }),
  );
  return subscription;
}

/**
 * The ingress list a Service should show. A Service this controller does not serve keeps whatever it
 * has, unless that is the address the controller just took back from it.
 */
function desiredIngress(
  decision: LoadBalancerIPDecision,
  current: readonly LoadBalancerIngress[],
  released: number | undefined,
): readonly LoadBalancerIngress[] {
  switch (decision.kind) {
    case 'keep':
    case 'claim':
      return [{ ip: formatIpv4(decision.ip), ipMode: 'VIP' }];
    case 'pending':
      return [];
    case 'unserved': {
      if (released === undefined) return current;
      const address = formatIpv4(released);
      return current.filter((ingress) => ingress.ip !== address);
    }
  }
}

/** The status with its load-balancer ingress replaced; no `loadBalancer` at all when the list is empty. */
function withIngress(
  status: ServiceStatus | undefined,
  ingress: readonly LoadBalancerIngress[],
): ServiceStatus | undefined {
  const { loadBalancer: _replaced, ...others } = status ?? {};
  if (ingress.length > 0) return { ...others, loadBalancer: { ingress } };
  return Object.keys(others).length > 0 ? others : undefined;
}
