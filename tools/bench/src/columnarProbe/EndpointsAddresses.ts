import { AddressState, PodFlags, ProbeEvent } from './ProbeEvent.js';
import type { ProbeLog } from './ProbeLog.js';
import type { ProbeTables } from './ProbeTables.js';
import type { IntField } from './RowTable.js';
import { ServicePodValues } from './ServicePodValues.js';
import type { ChangedPods } from './ServiceSyncQueue.js';

/**
 * Where the Endpoints controller puts a pod (deriveEndpointsObject): nowhere without an address or once
 * terminating (unless the Service publishes every address), else among the ready or not-ready addresses.
 */
export function addressStateOf(flags: number, publishNotReady: boolean): number {
  if ((flags & (PodFlags.exists | PodFlags.running)) !== (PodFlags.exists | PodFlags.running)) {
    return AddressState.absent;
  }
  if (publishNotReady) return AddressState.ready;
  if ((flags & PodFlags.terminating) !== 0) return AddressState.absent;
  return (flags & PodFlags.ready) !== 0 ? AddressState.ready : AddressState.notReady;
}

/**
 * The Endpoints controller's state in row fields: per Service, each pod's place in its Endpoints object and
 * the two address counts. A sync visits only the pods that changed and logs one delta per moved address
 * (ProbeEvent.endpointsAddress), then the object's write (endpointsUpdated) if anything moved, or on the
 * Service's first sync, which creates the object even when empty. The 1,000-address cap is not modelled.
 */
export class EndpointsAddresses {
  /** Per Service and pod: its AddressState (absent: none held). */
  private readonly stateOf: ServicePodValues;
  /** 1 once the Service has been synced (its first sync writes the object even when empty). */
  private readonly synced: IntField;
  readonly readyCount: IntField;
  readonly notReadyCount: IntField;

  constructor(
    private readonly tables: ProbeTables,
    private readonly log: ProbeLog,
  ) {
    this.stateOf = new ServicePodValues(tables);
    this.synced = tables.serviceRows.field();
    this.readyCount = tables.serviceRows.field();
    this.notReadyCount = tables.serviceRows.field();
  }

  /** One sync of `service` for the pods in `changed`, or all its members; whether it wrote the object. */
  sync(now: number, service: number, changed: ChangedPods): boolean {
    const { tables, log } = this;
    const first = this.synced.get(service) === 0;
    if (first) this.synced.set(service, 1);
    const publishNotReady = tables.servicePublishNotReady.get(service) === 1;
    let ready = this.readyCount.get(service);
    let notReady = this.notReadyCount.get(service);
    let moved = false;
    for (let i = 0; i < changed.count; i++) {
      const pod = changed.pods[i] as number;
      const state = addressStateOf(tables.seenFlags.get(pod), publishNotReady);
      const before = Math.max(AddressState.absent, this.stateOf.get(service, pod));
      if (state === before) continue;
      if (before === AddressState.ready) ready--;
      else if (before === AddressState.notReady) notReady--;
      if (state === AddressState.ready) ready++;
      else if (state === AddressState.notReady) notReady++;
      if (state === AddressState.absent) this.stateOf.delete(service, pod);
      else this.stateOf.set(service, pod, state);
      log.append(now, ProbeEvent.endpointsAddress, service, pod, state);
      moved = true;
    }
    this.readyCount.set(service, ready);
    this.notReadyCount.set(service, notReady);
    if (moved || first) log.append(now, ProbeEvent.endpointsUpdated, service, ready, notReady);
    return moved || first;
  }

  /** The Service's addresses by pod, for views and tests. */
  addressesOf(service: number): ReadonlyMap<number, number> {
    const addresses = new Map<number, number>();
    for (const pod of this.tables.serviceMembers[service] ?? []) {
      const state = this.stateOf.get(service, pod);
      if (state > AddressState.absent) addresses.set(pod, state);
    }
    return addresses;
  }
}
