import { IntColumn } from './IntColumn.js';
import { EndpointConditions, PodFlags, ProbeEvent } from './ProbeEvent.js';
import type { ProbeLog } from './ProbeLog.js';
import type { ProbeTables } from './ProbeTables.js';
import type { IntField } from './RowTable.js';
import { ServicePodValues } from './ServicePodValues.js';
import type { ChangedPods } from './ServiceSyncQueue.js';

/** The conditions of a pod's endpoint (podToEndpoint), from the pod's flags as the watch saw them. */
export function endpointConditionsOf(flags: number, publishNotReady: boolean): number {
  const serving = (flags & PodFlags.ready) !== 0;
  const terminating = (flags & PodFlags.terminating) !== 0;
  return (
    (publishNotReady || (serving && !terminating) ? EndpointConditions.ready : 0) |
    (serving ? EndpointConditions.serving : 0) |
    (terminating ? EndpointConditions.terminating : 0)
  );
}

/** Whether a pod has an endpoint at all: it exists and runs, so it has an address (terminating ones stay). */
export function hasEndpoint(flags: number): boolean {
  return (flags & (PodFlags.exists | PodFlags.running)) === (PodFlags.exists | PodFlags.running);
}

/**
 * The EndpointSlice controller's state in columns: every slice is `max` slots (a pod id each, with the
 * conditions last written for it), and each Service maps its pods to their slots. A sync visits only the
 * pods that changed and follows the real reconciler's placement (reconcileEndpointSlices): changed
 * endpoints are updated where they are, gone ones dropped, then new ones (in address order) go first to
 * the slices being rewritten anyway, fullest first, then to the untouched slice that ends closest to full
 * if the rest fits in one, else to new slices; an emptied slice is deleted, and a Service without
 * endpoints keeps one empty placeholder. Every change is logged as a delta (ProbeEvent.sliceEndpoint), and
 * each rewritten slice once (sliceUpdated). Ties (two slices as full) go to the older slice, where the
 * engine takes the first by name (Go's order is random, so both are faithful; they differ only in which).
 * Limits, as the probe's workload needs no more: one address type (IPv4) and one resolved port set per
 * Service.
 */
export class EndpointSliceLayout {
  readonly sliceService = new IntColumn();
  readonly sliceCount = new IntColumn();
  readonly sliceLive = new IntColumn();
  /** slice * max + position → pod. */
  readonly slots = new IntColumn(1 << 16);
  /** slice * max + position → the conditions written for that pod. */
  readonly slotConditions = new IntColumn(1 << 16);
  /** Live slices per Service, oldest first. */
  readonly serviceSlices: number[][] = [];
  /**
   * Each Service's live slice count and its oldest slice, kept in the Service's row: the common sync (an
   * endpoint updated in place) reads these instead of the Service's array, an object of its own elsewhere
   * in memory.
   */
  private readonly liveSlices: IntField;
  private readonly oldestSlice: IntField;
  /** Per Service and pod: the pod's slot. */
  private readonly slotOf: ServicePodValues;
  /** The sync that last marked each slice as rewritten. */
  private readonly sliceMark = new IntColumn();
  /** The sync that created each slice. */
  private readonly sliceBornIn = new IntColumn();
  private syncSerial = 0;
  // The current sync's working lists, kept between syncs so that the common sync (endpoints updated in
  // place) allocates none and resizes no array: `marked` holds `markedCount` slices (the rest is stale).
  private readonly marked: number[] = [];
  private markedCount = 0;
  private readonly created: number[] = [];
  /** The sync that last filled each slice, and the position its fill began at. */
  private readonly fillMark = new IntColumn();
  private readonly fillStart = new IntColumn();
  private readonly pending: number[] = [];
  private next = 0;

  constructor(
    readonly max: number,
    private readonly tables: ProbeTables,
    private readonly log: ProbeLog,
  ) {
    this.slotOf = new ServicePodValues(tables);
    this.liveSlices = tables.serviceRows.field();
    this.oldestSlice = tables.serviceRows.field();
  }

  /**
   * One sync of `service` for the pods in `changed` (repeats allowed), or all its members; whether it
   * wrote any slice.
   */
  sync(now: number, service: number, changed: ChangedPods): boolean {
    const { tables, log, max } = this;
    const serial = ++this.syncSerial;
    const live = this.liveSlices.get(service);
    const publishNotReady = tables.servicePublishNotReady.get(service) === 1;
    const marked = this.marked;
    this.markedCount = 0;

    // A Service's one empty slice is its placeholder.
    const only = live === 1 ? this.oldestSlice.get(service) : -1;
    const placeholder = only >= 0 && this.sliceCount.get(only) === 0 ? only : -1;

    // 1. Update changed endpoints in place; drop gone ones.
    const pending = this.pending;
    if (pending.length > 0) pending.length = 0;
    this.next = 0;
    for (let c = 0; c < changed.count; c++) {
      const pod = changed.pods[c] as number;
      const flags = tables.seenFlags.get(pod);
      const slot = this.slotOf.get(service, pod);
      if (!hasEndpoint(flags)) {
        if (slot < 0) continue;
        const slice = Math.floor(slot / max);
        this.removeSlot(service, slice, slot, pod);
        this.mark(slice);
        log.append(now, ProbeEvent.sliceEndpoint, slice, pod, -1);
        continue;
      }
      const conditions = endpointConditionsOf(flags, publishNotReady);
      if (slot < 0) {
        pending.push(pod);
      } else if (this.slotConditions.get(slot) !== conditions) {
        const slice = Math.floor(slot / max);
        this.slotConditions.set(slot, conditions);
        this.mark(slice);
        log.append(now, ProbeEvent.sliceEndpoint, slice, pod, conditions);
      }
    }

    // New endpoints in address order (compareEndpoints), each once.
    if (pending.length > 1) {
      const seenIp = tables.seenIp;
      pending.sort((a, b) => (seenIp.get(a) >>> 0) - (seenIp.get(b) >>> 0) || a - b);
      let unique = 0;
      for (let i = 0; i < pending.length; i++) {
        if (i === 0 || pending[i] !== pending[i - 1]) pending[unique++] = pending[i] as number;
      }
      pending.length = unique;
    }

    // Most syncs end here: endpoints updated or dropped in place, no slice emptied, nothing to place.
    if (pending.length === 0 && live > 0 && this.noneEmptied()) {
      for (let i = 0; i < this.markedCount; i++) {
        const slice = marked[i] as number;
        log.append(now, ProbeEvent.sliceUpdated, slice, this.sliceCount.get(slice));
      }
      return this.markedCount > 0;
    }

    let slices = this.serviceSlices[service];
    if (slices === undefined) {
      slices = [];
      this.serviceSlices[service] = slices;
    }

    // 2. Slices being rewritten take new endpoints first, fullest first.
    if (pending.length > 0) {
      const updating = this.markedSlices().filter((slice) => this.sliceCount.get(slice) > 0);
      updating.sort((a, b) => this.sliceCount.get(b) - this.sliceCount.get(a) || a - b);
      for (const slice of updating) this.fill(service, slice, publishNotReady);
    }

    // 3. Then the untouched slice that ends closest to full, if the rest fits in one; else new slices. The
    // placeholder has no ports, so it is never a candidate: it is in another port group.
    const created = this.created;
    created.length = 0;
    while (this.next < pending.length) {
      const remaining = pending.length - this.next;
      let target = -1;
      if (remaining < max) {
        let closest = max;
        for (const slice of slices) {
          if (this.sliceMark.get(slice) === serial || slice === placeholder) continue;
          const diff = max - (remaining + this.sliceCount.get(slice));
          if (diff >= 0 && diff < closest) {
            closest = diff;
            target = slice;
          }
        }
      }
      if (target < 0) {
        target = this.createSlice(service, slices);
        created.push(target);
      }
      this.mark(target);
      this.fill(service, target, publishNotReady);
    }

    // Doomed: the slices this sync emptied, oldest first, then the placeholder once there are endpoints.
    const doomed = this.markedSlices().filter(
      (slice) => this.sliceCount.get(slice) === 0 && slice !== placeholder,
    );
    doomed.sort((a, b) => a - b);
    if (placeholder >= 0 && created.length > 0) doomed.push(placeholder);
    // A Service left with no endpoints gets an (empty) placeholder, unless it has one already.
    if (placeholder < 0 && !slices.some((slice) => this.sliceCount.get(slice) > 0)) {
      const fresh = this.createSlice(service, slices);
      created.push(fresh);
      this.mark(fresh);
    }
    // finalize(): rather than create one slice and delete another, the newest creation is written under
    // the name of the first slice to go, and so on.
    while (doomed.length > 0 && created.length > 0) {
      const target = doomed.shift() as number;
      this.moveSlice(service, created.pop() as number, target, slices);
      this.mark(target);
    }

    let wrote = false;
    for (const slice of this.markedSlices()) {
      if (this.sliceLive.get(slice) === 0) continue; // a creation moved into a doomed slice
      wrote = true;
      if (doomed.includes(slice)) {
        this.deleteSlice(now, slices, slice);
        continue;
      }
      if (this.fillMark.get(slice) === serial) {
        for (let i = this.fillStart.get(slice); i < this.sliceCount.get(slice); i++) {
          const slot = slice * max + i;
          log.append(
            now,
            ProbeEvent.sliceEndpoint,
            slice,
            this.slots.get(slot),
            this.slotConditions.get(slot),
          );
        }
      }
      if (this.sliceBornIn.get(slice) === serial) log.append(now, ProbeEvent.sliceCreated, slice, service);
      else log.append(now, ProbeEvent.sliceUpdated, slice, this.sliceCount.get(slice));
    }
    this.liveSlices.set(service, slices.length);
    this.oldestSlice.set(service, slices[0] ?? -1);
    return wrote;
  }

  /** Moves everything in `from` (made in this sync) into `to`, which takes its place; `from` is dropped. */
  private moveSlice(service: number, from: number, to: number, slices: number[]): void {
    const { max } = this;
    const count = this.sliceCount.get(from);
    for (let i = 0; i < count; i++) {
      const pod = this.slots.get(from * max + i);
      this.slots.set(to * max + i, pod);
      this.slotConditions.set(to * max + i, this.slotConditions.get(from * max + i));
      this.slotOf.set(service, pod, to * max + i);
    }
    this.sliceCount.set(to, count);
    this.fillMark.set(to, this.syncSerial);
    this.fillStart.set(to, 0);
    this.sliceLive.set(from, 0);
    slices.splice(slices.indexOf(from), 1);
  }

  /** Whether every slice this sync marked still has endpoints. */
  private noneEmptied(): boolean {
    const marked = this.marked;
    for (let i = 0; i < this.markedCount; i++)
      if (this.sliceCount.get(marked[i] as number) === 0) return false;
    return true;
  }

  /** The slices this sync marked, as a new array (for the rarer syncs that place or delete slices). */
  private markedSlices(): number[] {
    return this.marked.slice(0, this.markedCount);
  }

  private mark(slice: number): void {
    if (this.sliceMark.get(slice) === this.syncSerial) return;
    this.sliceMark.set(slice, this.syncSerial);
    this.marked[this.markedCount++] = slice;
  }

  /** Moves pending endpoints into `slice` until it is full or none are left (logged when the sync ends). */
  private fill(service: number, slice: number, publishNotReady: boolean): void {
    const { max, pending } = this;
    let count = this.sliceCount.get(slice);
    if (this.fillMark.get(slice) !== this.syncSerial) {
      this.fillMark.set(slice, this.syncSerial);
      this.fillStart.set(slice, count);
    }
    while (this.next < pending.length && count < max) {
      const pod = pending[this.next++] as number;
      const slot = slice * max + count++;
      this.slots.set(slot, pod);
      this.slotConditions.set(slot, endpointConditionsOf(this.tables.seenFlags.get(pod), publishNotReady));
      this.slotOf.set(service, pod, slot);
    }
    this.sliceCount.set(slice, count);
  }

  /** A new slice of `service`, written (logged) at the end of the sync that made it. */
  private createSlice(service: number, slices: number[]): number {
    const slice = this.sliceService.length;
    this.sliceService.set(slice, service);
    this.sliceCount.set(slice, 0);
    this.sliceLive.set(slice, 1);
    this.sliceBornIn.set(slice, this.syncSerial);
    slices.push(slice);
    return slice;
  }

  private deleteSlice(now: number, slices: number[], slice: number): void {
    this.sliceLive.set(slice, 0);
    slices.splice(slices.indexOf(slice), 1);
    this.log.append(now, ProbeEvent.sliceDeleted, slice);
  }

  /** Takes `pod` out of `slice`, moving the slice's last endpoint into its slot. */
  private removeSlot(service: number, slice: number, slot: number, pod: number): void {
    const count = this.sliceCount.get(slice) - 1;
    const last = slice * this.max + count;
    if (slot !== last) {
      const moved = this.slots.get(last);
      this.slots.set(slot, moved);
      this.slotConditions.set(slot, this.slotConditions.get(last));
      this.slotOf.set(service, moved, slot);
    }
    this.slotOf.delete(service, pod);
    this.sliceCount.set(slice, count);
  }

  /** The live slices of a Service with their pods, for views and tests. */
  slicesOf(service: number): { slice: number; pods: number[]; conditions: number[] }[] {
    return (this.serviceSlices[service] ?? []).map((slice) => {
      const pods: number[] = [];
      const conditions: number[] = [];
      for (let i = 0; i < this.sliceCount.get(slice); i++) {
        pods.push(this.slots.get(slice * this.max + i));
        conditions.push(this.slotConditions.get(slice * this.max + i));
      }
      return { slice, pods, conditions };
    });
  }
}
