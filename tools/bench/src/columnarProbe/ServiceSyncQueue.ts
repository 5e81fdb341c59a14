import { IntColumn } from './IntColumn.js';
import { RowTable, type IntField } from './RowTable.js';

/**
 * What a controller's sync of one Service is given: the first `count` entries of `pods`, the pods that
 * changed (repeats allowed), or every member of the Service when it was touched whole. The queue reuses
 * one scratch for every sync.
 */
export interface ChangedPods {
  readonly pods: ArrayLike<number>;
  readonly count: number;
}

const QUEUED = 1;
const UNRELAYED = 2;
const ALL = 4;
const PENDING = 8;

/**
 * One endpoint controller's queue of Services to sync at the end of the instant, each with the pods that
 * changed since its last sync. A Service whose last write the watch has not delivered back yet is not
 * synced (its view would be older than its own write): its changes wait, and the delivery of that write
 * queues it again, as the engine's controllers do (EndpointSliceTracker, staleEndpointsTracker).
 *
 * All of it is integers: per Service, in its row, a state word and the ends of a linked list of changed
 * pods, whose cells (columns of their own) are recycled through a free list. Touching a pod, which every delivered pod change does
 * once per selecting Service, allocates nothing and never resizes a JavaScript array.
 */
export class ServiceSyncQueue {
  private readonly state: IntField;
  /** Per Service: 1 + the first and the last cell of its list of touched pods, oldest first (0: none). */
  private readonly head: IntField;
  private readonly tail: IntField;
  private readonly cellPod = new IntColumn();
  /** 1 + the next (newer) cell, or 0. */
  private readonly cellNext = new IntColumn();
  /** 1 + the first free cell, or 0. */
  private freeCells = 0;
  private cellCount = 0;
  private readonly order = new IntColumn();
  private orderCount = 0;
  private readonly scratch: { pods: Int32Array; count: number } = { pods: new Int32Array(64), count: 0 };

  /**
   * `membersOf` gives a Service's member pods, for a sync of the whole Service. The per-Service words
   * are fields of `serviceRows`, beside the rest of each Service's row.
   */
  constructor(
    private readonly membersOf: (service: number) => readonly number[],
    serviceRows = new RowTable('Service'),
  ) {
    this.state = serviceRows.field();
    this.head = serviceRows.field();
    this.tail = serviceRows.field();
  }

  touch(service: number, pod: number): void {
    const state = this.state.get(service);
    if ((state & ALL) === 0) {
      let cell: number;
      if (this.freeCells !== 0) {
        cell = this.freeCells - 1;
        this.freeCells = this.cellNext.get(cell);
      } else {
        cell = this.cellCount++;
      }
      this.cellPod.set(cell, pod);
      this.cellNext.set(cell, 0);
      const last = this.tail.get(service);
      if (last === 0) this.head.set(service, cell + 1);
      else this.cellNext.set(last - 1, cell + 1);
      this.tail.set(service, cell + 1);
    }
    this.state.set(service, state | PENDING);
    this.enqueue(service);
  }

  touchAll(service: number): void {
    this.state.set(service, this.state.get(service) | ALL | PENDING);
    this.enqueue(service);
  }

  /** The watch delivered the Service's last write back: a sync put off for it runs now. */
  relayed(service: number): void {
    const state = this.state.get(service) & ~UNRELAYED;
    this.state.set(service, state);
    if ((state & PENDING) !== 0) this.enqueue(service);
  }

  /**
   * Runs `sync` for every queued Service whose writes have all been delivered back; `sync` says whether
   * it wrote, and then the Service waits for that write's delivery (`relayed`).
   */
  run(sync: (service: number, changed: ChangedPods) => boolean): void {
    for (let i = 0; i < this.orderCount; i++) {
      const service = this.order.get(i);
      const state = this.state.get(service) & ~QUEUED;
      if ((state & UNRELAYED) !== 0) {
        this.state.set(service, state);
        continue;
      }
      this.state.set(service, state & ~(ALL | PENDING));
      const changed = this.takeChanged(service, (state & ALL) !== 0);
      if (sync(service, changed)) this.state.set(service, this.state.get(service) | UNRELAYED);
    }
    this.orderCount = 0;
  }

  /** Moves the Service's list into the scratch, recycling its cells; a whole-Service sync gets its members. */
  private takeChanged(service: number, all: boolean): ChangedPods {
    const scratch = this.scratch;
    let count = 0;
    for (let at = this.head.get(service); at !== 0;) {
      const cell = at - 1;
      at = this.cellNext.get(cell);
      if (count === scratch.pods.length) {
        const grown = new Int32Array(count * 2);
        grown.set(scratch.pods);
        scratch.pods = grown;
      }
      scratch.pods[count++] = this.cellPod.get(cell);
      this.cellNext.set(cell, this.freeCells);
      this.freeCells = cell + 1;
    }
    this.head.set(service, 0);
    this.tail.set(service, 0);
    if (all) {
      const members = this.membersOf(service);
      return { pods: members, count: members.length };
    }
    scratch.count = count;
    return scratch;
  }

  private enqueue(service: number): void {
    const state = this.state.get(service);
    if ((state & (QUEUED | UNRELAYED)) !== 0) return;
    this.state.set(service, state | QUEUED);
    this.order.set(this.orderCount++, service);
  }
}
