/** What a controller's sync of one Service is given: the pods that changed (repeats allowed), or all. */
export type ChangedPods = readonly number[] | 'all';

/**
 * One endpoint controller's queue of Services to sync at the end of the instant, each with the pods that
 * changed since its last sync. A Service whose last write the watch has not delivered back yet is not
 * synced (its view would be older than its own write): its changes wait, and the delivery of that write
 * queues it again, as the engine's controllers do (EndpointSliceTracker, staleEndpointsTracker).
 */
export class ServiceSyncQueue {
  private readonly changed: (number[] | 'all' | undefined)[] = [];
  private readonly queued: boolean[] = [];
  private readonly unrelayed: boolean[] = [];
  private readonly order: number[] = [];

  touch(service: number, pod: number): void {
    const changed = this.changed[service];
    if (changed === undefined) this.changed[service] = [pod];
    else if (changed !== 'all') changed.push(pod);
    this.enqueue(service);
  }

  touchAll(service: number): void {
    this.changed[service] = 'all';
    this.enqueue(service);
  }

  /** The watch delivered the Service's last write back: a sync put off for it runs now. */
  relayed(service: number): void {
    this.unrelayed[service] = false;
    if (this.changed[service] !== undefined) this.enqueue(service);
  }

  /**
   * Runs `sync` for every queued Service whose writes have all been delivered back; `sync` says whether
   * it wrote, and then the Service waits for that write's delivery (`relayed`).
   */
  run(sync: (service: number, changed: ChangedPods) => boolean): void {
    for (const service of this.order) {
      this.queued[service] = false;
      if (this.unrelayed[service] === true) continue;
      const changed = this.changed[service] ?? [];
      this.changed[service] = undefined;
      if (sync(service, changed)) this.unrelayed[service] = true;
    }
    this.order.length = 0;
  }

  private enqueue(service: number): void {
    if (this.queued[service] === true || this.unrelayed[service] === true) return;
    this.queued[service] = true;
    this.order.push(service);
  }
}
