import type { ProbeTables } from './ProbeTables.js';
import type { IntField } from './RowTable.js';

/**
 * A non-negative integer per (Service, pod) pair: a controller's record of where it put each of a
 * Service's pods (a slot, an address state). Nearly every pod has one Service, so the value for a pod's
 * first Service lives in a field of the pod's row, one read at a known place; the values for any other
 * Service of the pod fall back to a map per Service.
 */
export class ServicePodValues {
  /** 1 + the value for the pod's first Service; 0 when it has none. */
  private readonly forFirstService: IntField;
  private readonly others: Map<number, number>[] = [];

  constructor(private readonly tables: ProbeTables) {
    // In the pod's row, beside the first Service it is the value for.
    this.forFirstService = tables.podRows.field();
  }

  /** The value, or -1 when there is none. */
  get(service: number, pod: number): number {
    if (this.tables.podFirstService.get(pod) === service) return this.forFirstService.get(pod) - 1;
    return this.others[service]?.get(pod) ?? -1;
  }

  set(service: number, pod: number, value: number): void {
    if (value < 0) throw new RangeError(`ServicePodValues holds non-negative values, not ${value}`);
    if (this.tables.podFirstService.get(pod) === service) {
      this.forFirstService.set(pod, value + 1);
      return;
    }
    let values = this.others[service];
    if (values === undefined) {
      values = new Map();
      this.others[service] = values;
    }
    values.set(pod, value);
  }

  delete(service: number, pod: number): void {
    if (this.tables.podFirstService.get(pod) === service) this.forFirstService.set(pod, 0);
    else this.others[service]?.delete(pod);
  }
}
