import type { PodTemplateSpec } from '@svcsim/core';

import { IntColumn } from './IntColumn.js';
import { NameTable } from './NameTable.js';
import { RowTable, type IntField } from './RowTable.js';

/** A label selector as the probe keeps it: equality pairs, all of which must match. */
export type ProbeSelector = readonly (readonly [string, string])[];

const NONE: readonly number[] = [];

/**
 * Ids by label pair, as a map of label keys to maps of values: a lookup hashes the label's own key and
 * value strings (whose hashes V8 keeps) instead of a pair key built for it.
 */
export class LabelPairIndex {
  private readonly byKey = new Map<string, Map<string, number[]>>();

  add(key: string, value: string, id: number): void {
    let byValue = this.byKey.get(key);
    if (byValue === undefined) {
      byValue = new Map();
      this.byKey.set(key, byValue);
    }
    const ids = byValue.get(value);
    if (ids === undefined) byValue.set(value, [id]);
    else ids.push(id);
  }

  get(key: string, value: string): readonly number[] {
    return this.byKey.get(key)?.get(value) ?? NONE;
  }
}

/**
 * The probe's cluster in typed arrays indexed by interned id: a row per pod and per Service (RowTable),
 * a column per field for the other kinds. Two views of the
 * pods: the apiserver's (what was last committed) and the watch's (what the controllers have seen,
 * `watchDelay` later), as the engine's store and its informer cache are. Label selectors are resolved
 * once, when a Service or pod is created, into membership lists, so no sync matches labels.
 */
export class ProbeTables {
  readonly nodes = new NameTable();
  readonly nodeZone = new IntColumn();
  /** The node's pod CIDR base address (a /24). */
  readonly nodeCidrBase = new IntColumn();
  readonly zones = new NameTable();

  readonly pods = new NameTable();
  /**
   * Every per-pod integer, the controllers' included (they take fields of their own from it), side by side
   * in one row per pod: a churn input reads most of one pod's fields, so they should share a cache line.
   */
  readonly podRows = new RowTable('pod');
  readonly podNode: IntField = this.podRows.field();
  readonly podFlags: IntField = this.podRows.field();
  readonly podIp: IntField = this.podRows.field();
  /** The ReplicaSet controlling the pod, or -1. */
  readonly podOwner: IntField = this.podRows.field();
  /**
   * The Services selecting each pod: the first in its row (-1: none), any others in `podMoreServices`.
   * Nearly every pod has one Service, and every delivered pod change reads this, so the common case is one
   * integer read rather than a walk to an array of its own.
   */
  readonly podFirstService: IntField = this.podRows.field();
  readonly podMoreServices = new Map<number, number[]>();
  /** The watch's view of each pod: flags and address as last delivered (a pod never changes node). */
  readonly seenFlags: IntField = this.podRows.field();
  readonly seenIp: IntField = this.podRows.field();
  /** Pods by label pair (key, then value), for Services created after their pods. */
  readonly podsByLabel = new LabelPairIndex();
  readonly podLabels: Readonly<Record<string, string>>[] = [];

  readonly services = new NameTable();
  /** Every per-Service integer, the controllers' and their queues' included, in one row per Service. */
  readonly serviceRows = new RowTable('Service');
  readonly serviceSelector: ProbeSelector[] = [];
  readonly servicePublishNotReady: IntField = this.serviceRows.field();
  readonly serviceMembers: number[][] = [];
  /** Services by the first pair of their selector, for pods created after their Services. */
  readonly servicesByLabel = new LabelPairIndex();

  readonly deployments = new NameTable();
  readonly deploymentReplicas = new IntColumn();
  /** spec.replicas as the watch last delivered it. */
  readonly seenDeploymentReplicas = new IntColumn();
  readonly deploymentReplicaSet = new IntColumn();
  /** The pod template each Deployment's ReplicaSet stamps its pods from. */
  readonly deploymentTemplate: PodTemplateSpec[] = [];

  readonly replicaSets = new NameTable();
  readonly replicaSetReplicas = new IntColumn();
  readonly seenReplicaSetReplicas = new IntColumn();
  readonly replicaSetDeployment = new IntColumn();
  /** Pods of the ReplicaSet that are not terminating, oldest first. */
  readonly replicaSetPods: number[][] = [];
  /** Ready pods of the ReplicaSet as the watch has seen them. */
  readonly replicaSetReady = new IntColumn();

  /** Whether `labels` satisfy every pair of `selector`. */
  static selects(selector: ProbeSelector, labels: Readonly<Record<string, string>>): boolean {
    for (const [key, value] of selector) if (labels[key] !== value) return false;
    return selector.length > 0;
  }

  /** Adds a pod row; its Services are resolved from its labels now. */
  addPod(
    namespace: string,
    name: string,
    labels: Readonly<Record<string, string>>,
    node: number,
    owner: number,
  ): number {
    const id = this.pods.intern(namespace, name);
    if (id !== this.podLabels.length)
      throw new Error(`columnar probe: pod ${namespace}/${name} is created twice`);
    this.podNode.set(id, node);
    this.podFlags.set(id, 0);
    this.podIp.set(id, 0);
    this.podOwner.set(id, owner);
    this.seenFlags.set(id, 0);
    this.seenIp.set(id, 0);
    this.podLabels.push(labels);
    this.podFirstService.set(id, -1);
    for (const key in labels) {
      const value = labels[key] as string;
      this.podsByLabel.add(key, value, id);
      for (const service of this.servicesByLabel.get(key, value)) {
        if (ProbeTables.selects(this.serviceSelector[service] ?? [], labels)) {
          this.addPodService(id, service);
          this.serviceMembers[service]?.push(id);
        }
      }
    }
    return id;
  }

  /** Adds a Service row; its member pods are resolved from the pods' labels now. */
  addService(namespace: string, name: string, selector: ProbeSelector, publishNotReady: boolean): number {
    const id = this.services.intern(namespace, name);
    if (id !== this.serviceMembers.length)
      throw new Error(`columnar probe: Service ${namespace}/${name} is created twice`);
    this.serviceSelector.push(selector);
    this.servicePublishNotReady.set(id, publishNotReady ? 1 : 0);
    const members: number[] = [];
    this.serviceMembers.push(members);
    const first = selector[0];
    if (first === undefined) return id;
    this.servicesByLabel.add(first[0], first[1], id);
    for (const pod of this.podsByLabel.get(first[0], first[1])) {
      if (ProbeTables.selects(selector, this.podLabels[pod] ?? {})) {
        members.push(pod);
        this.addPodService(pod, id);
      }
    }
    return id;
  }

  private addPodService(pod: number, service: number): void {
    if (this.podFirstService.get(pod) < 0) {
      this.podFirstService.set(pod, service);
      return;
    }
    const more = this.podMoreServices.get(pod);
    if (more === undefined) this.podMoreServices.set(pod, [service]);
    else more.push(service);
  }
}
