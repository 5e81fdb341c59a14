import { IntColumn } from './IntColumn.js';
import { NameTable } from './NameTable.js';

/** A label selector as the probe keeps it: equality pairs, all of which must match. */
export type ProbeSelector = readonly (readonly [string, string])[];

/** The text a label pair is indexed under. */
export function labelPairKey(key: string, value: string): string {
  return `${key}\u0000${value}`;
}

/**
 * The probe's cluster as rows of columns, one table per kind, indexed by interned id. Two views of the
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
  readonly podNode = new IntColumn();
  readonly podFlags = new IntColumn();
  readonly podIp = new IntColumn();
  /** The ReplicaSet controlling the pod, or -1. */
  readonly podOwner = new IntColumn();
  /** The Services selecting each pod. */
  readonly podServices: number[][] = [];
  /** The watch's view of each pod: flags and address as last delivered (a pod never changes node). */
  readonly seenFlags = new IntColumn();
  readonly seenIp = new IntColumn();
  /** Pods by label pair, for Services created after their pods. */
  readonly podsByLabel = new Map<string, number[]>();
  readonly podLabels: Readonly<Record<string, string>>[] = [];

  readonly services = new NameTable();
  readonly serviceSelector: ProbeSelector[] = [];
  readonly servicePublishNotReady = new IntColumn();
  readonly serviceMembers: number[][] = [];
  /** Services by the first pair of their selector, for pods created after their Services. */
  readonly servicesByLabel = new Map<string, number[]>();

  readonly deployments = new NameTable();
  readonly deploymentReplicas = new IntColumn();
  /** spec.replicas as the watch last delivered it. */
  readonly seenDeploymentReplicas = new IntColumn();
  readonly deploymentReplicaSet = new IntColumn();
  readonly deploymentTemplateLabels: Readonly<Record<string, string>>[] = [];

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
  addPod(name: string, labels: Readonly<Record<string, string>>, node: number, owner: number): number {
    const id = this.pods.intern(name);
    if (id !== this.podServices.length) throw new Error(`columnar probe: pod ${name} is created twice`);
    this.podNode.set(id, node);
    this.podFlags.set(id, 0);
    this.podIp.set(id, 0);
    this.podOwner.set(id, owner);
    this.seenFlags.set(id, 0);
    this.seenIp.set(id, 0);
    this.podLabels.push(labels);
    const services: number[] = [];
    for (const [key, value] of Object.entries(labels)) {
      const pairKey = labelPairKey(key, value);
      const byLabel = this.podsByLabel.get(pairKey);
      if (byLabel === undefined) this.podsByLabel.set(pairKey, [id]);
      else byLabel.push(id);
      for (const service of this.servicesByLabel.get(pairKey) ?? []) {
        if (ProbeTables.selects(this.serviceSelector[service] ?? [], labels)) {
          services.push(service);
          this.serviceMembers[service]?.push(id);
        }
      }
    }
    this.podServices.push(services);
    return id;
  }

  /** Adds a Service row; its member pods are resolved from the pods' labels now. */
  addService(name: string, selector: ProbeSelector, publishNotReady: boolean): number {
    const id = this.services.intern(name);
    if (id !== this.serviceMembers.length)
      throw new Error(`columnar probe: Service ${name} is created twice`);
    this.serviceSelector.push(selector);
    this.servicePublishNotReady.set(id, publishNotReady ? 1 : 0);
    const members: number[] = [];
    this.serviceMembers.push(members);
    const first = selector[0];
    if (first === undefined) return id;
    const pairKey = labelPairKey(first[0], first[1]);
    const byLabel = this.servicesByLabel.get(pairKey);
    if (byLabel === undefined) this.servicesByLabel.set(pairKey, [id]);
    else byLabel.push(id);
    for (const pod of this.podsByLabel.get(pairKey) ?? []) {
      if (ProbeTables.selects(selector, this.podLabels[pod] ?? {})) {
        members.push(pod);
        this.podServices[pod]?.push(id);
      }
    }
    return id;
  }
}
