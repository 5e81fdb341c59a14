import {
  createRandomStreams,
  defaultObject,
  defaultService,
  generateName,
  parseIpv4Cidr,
  validateObject,
  type InputEntry,
  type KubeObject,
  type RandomStream,
} from '@svcsim/core';

import { EndpointsAddresses } from './EndpointsAddresses.js';
import { EndpointSliceLayout, hasEndpoint } from './EndpointSliceLayout.js';
import { LagQueue } from './LagQueue.js';
import { PodFlags, ProbeEvent, type ProbeEventCode } from './ProbeEvent.js';
import { ProbeLog } from './ProbeLog.js';
import { ProbeTables, type ProbeSelector } from './ProbeTables.js';
import { ServiceSyncQueue, type ChangedPods } from './ServiceSyncQueue.js';

export interface ColumnarProbeOptions {
  readonly seed: number;
  readonly watchDelayMs: number;
  /** Virtual instant after which nothing more is processed. */
  readonly durationMs: number;
  readonly maxEndpointsPerSlice?: number;
  /** Called before each virtual instant is processed, with the probe so far (the bench marks its phases here). */
  readonly beforeInstant?: (now: number, probe: ColumnarProbeResult) => void;
}

export interface ColumnarProbeResult {
  readonly tables: ProbeTables;
  readonly slices: EndpointSliceLayout;
  readonly endpoints: EndpointsAddresses;
  readonly log: ProbeLog;
  /** Inputs refused by validation. */
  rejected: number;
}

/** Addresses a /24 pod CIDR hands out: .1 to .254. */
const ADDRESSES_PER_NODE = 254;

/**
 * A design probe, not the engine: the scale benchmark's workload run through the columnar design of
 * docs/benchmarks.md, to measure what that design costs on this machine before the engine is rebuilt on
 * it. The same chain of cause and effect as the engine's run: inputs and the ReplicaSet's pods admitted
 * with the apiserver's real defaulting and validation; a kubelet per node that starts pods (an address from the node's pod CIDR,
 * Running and Ready, as the benchmark's probe-less pods are), applies readiness inputs and ends deleted
 * pods; a scheduler binding the ReplicaSets' pods; the Deployment and ReplicaSet controllers scaling and
 * reporting ready replicas; the EndpointSlice and Endpoints controllers. Every commit is an integer-coded
 * event in the log, and every controller sees commits through one watch delay (LagQueue), acting on the
 * state the watch delivered, never on the apiserver's. State is typed-array rows and columns by interned
 * id; controllers visit only what changed.
 *
 * What it leaves out (the engine has them; the probe's workload does not use them): any input but the
 * creation of a Node, Service, pod or Deployment, a pod readiness change, a pod deletion and a Deployment
 * scale change (others are refused with an error, not ignored); updates of existing objects; probes and
 * the app model; node failure; rolling updates; several address types or port sets per Service. It keeps
 * no replay snapshots (copies of its typed arrays; docs/benchmarks.md measures what they would cost),
 * writes no .svlog bytes, and does not validate the controllers' slice and Endpoints writes.
 */
export function runColumnarProbe(
  inputs: readonly InputEntry[],
  options: ColumnarProbeOptions,
): ColumnarProbeResult {
  const tables = new ProbeTables();
  const log = new ProbeLog();
  const lag = new LagQueue(options.watchDelayMs);
  const slices = new EndpointSliceLayout(options.maxEndpointsPerSlice ?? 100, tables, log);
  const endpoints = new EndpointsAddresses(tables, log);
  const result: ColumnarProbeResult = { tables, slices, endpoints, log, rejected: 0 };
  const names: RandomStream = createRandomStreams(options.seed).stream('names');
  // The inputs in the order they are taken (by instant, then as given), as two columns: the loop reads
  // instants in sequence and touches an input's object only to handle it.
  const order = Int32Array.from(inputs.keys()).sort(
    (a, b) => (inputs[a] as InputEntry).at - (inputs[b] as InputEntry).at || a - b,
  );
  const orderAt = Float64Array.from(order, (index) => (inputs[index] as InputEntry).at);

  /** The virtual instant being processed: every actor below commits at it. */
  let now = 0;

  const addressInUse: Uint8Array[] = [];
  const addressCursor: number[] = [];
  let scheduleCursor = 0;

  // Work for the syncs that end an instant: Services to resync, per controller, and ReplicaSets whose
  // ready count moved.
  const membersOf = (service: number): readonly number[] => tables.serviceMembers[service] ?? [];
  const sliceQueue = new ServiceSyncQueue(membersOf, tables.serviceRows);
  const endpointsQueue = new ServiceSyncQueue(membersOf, tables.serviceRows);
  /** 1 once the watch has delivered the Service. */
  const serviceSeen = tables.serviceRows.field();
  const replicaSetWriteUnrelayed: boolean[] = [];
  const deploymentDeferred: boolean[] = [];
  const dirtyReplicaSets: number[] = [];
  const replicaSetDirty: boolean[] = [];
  /** Whether the watch last saw each ReplicaSet-owned pod count as ready. */
  const countedReady: boolean[] = [];

  /** Logs a commit and hands it to the watch, which delivers it (as logged) one watch delay later. */
  function commit(code: ProbeEventCode, id: number, state = 0, detail = 0): void {
    log.append(now, code, id, state, detail);
    lag.push(now, code, id, state, detail);
  }

  function commitPod(code: ProbeEventCode, pod: number, flags: number, detail: number): void {
    tables.podFlags.set(pod, flags);
    commit(code, pod, flags, detail);
  }

  // --- the kubelet, per node
  function startPod(pod: number, node: number): void {
    if ((tables.podFlags.get(pod) & (PodFlags.running | PodFlags.terminating)) !== 0) return;
    const used = addressInUse[node];
    const base = tables.nodeCidrBase.get(node);
    if (used === undefined)
      throw new Error(`columnar probe: node ${tables.nodes.nameOf(node)} has no pod CIDR`);
    let host = addressCursor[node] ?? 0;
    for (let tries = 0; ; tries++) {
      if (tries === ADDRESSES_PER_NODE)
        throw new Error(`columnar probe: node ${tables.nodes.nameOf(node)} has no free pod address`);
      host = (host % ADDRESSES_PER_NODE) + 1;
      if (used[host] === 0) break;
    }
    used[host] = 1;
    addressCursor[node] = host;
    tables.podIp.set(pod, (base + host) | 0);
    commitPod(
      ProbeEvent.podStatus,
      pod,
      PodFlags.exists | PodFlags.running | PodFlags.ready,
      (base + host) | 0,
    );
  }

  function endPod(pod: number): void {
    const node = tables.podNode.get(pod);
    const used = addressInUse[node];
    if (used !== undefined && (tables.podFlags.get(pod) & PodFlags.running) !== 0) {
      used[(tables.podIp.get(pod) - tables.nodeCidrBase.get(node)) & 255] = 0;
    }
    commitPod(ProbeEvent.podDeleted, pod, 0, 0);
  }

  function setReadiness(pod: number, ready: boolean): void {
    const flags = tables.podFlags.get(pod);
    if ((flags & PodFlags.running) === 0) return;
    const next = ready ? flags | PodFlags.ready : flags & ~PodFlags.ready;
    if (next !== flags) commitPod(ProbeEvent.podStatus, pod, next, tables.podIp.get(pod));
  }

  // --- the ReplicaSet and Deployment controllers, and the scheduler
  /** The ReplicaSet controller's pods for `rs`, up to `want`, stamped from its Deployment's template. */
  function createPods(rs: number, pods: number[], want: number): void {
    const prefix = `${tables.replicaSets.localNameOf(rs)}-`;
    const namespace = tables.replicaSets.namespaceOf(rs);
    const template = tables.deploymentTemplate[tables.replicaSetDeployment.get(rs)];
    if (template === undefined) throw new Error(`columnar probe: ReplicaSet ${rs} has no template`);
    while (pods.length < want) {
      const name = generateName(prefix, names);
      // The apiserver admits a controller's pod like any other (defaulting and validation).
      const admitted = admit({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name,
          generateName: prefix,
          namespace,
          ...(template.metadata?.labels === undefined ? {} : { labels: template.metadata.labels }),
          ownerReferences: [
            {
              apiVersion: 'apps/v1',
              kind: 'ReplicaSet',
              name: prefix.slice(0, -1),
              uid: `replicaset-${rs}`,
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        },
        spec: template.spec,
      });
      if (admitted === undefined) throw new Error(`columnar probe: ReplicaSet ${rs} made an invalid pod`);
      const pod = tables.addPod(namespace, name, admitted.metadata.labels ?? {}, -1, rs);
      pods.push(pod);
      commitPod(ProbeEvent.podCreated, pod, PodFlags.exists, -1);
    }
  }

  function reconcileReplicaSet(rs: number): void {
    const pods = tables.replicaSetPods[rs] ?? [];
    const want = tables.seenReplicaSetReplicas.get(rs);
    if (pods.length < want) createPods(rs, pods, want);
    while (pods.length > want) {
      // controller.ActivePods ranking, reduced to what differs here: not ready first, then the newest.
      let victim = pods.length - 1;
      for (let i = pods.length - 1; i >= 0; i--) {
        if ((tables.podFlags.get(pods[i] as number) & PodFlags.ready) === 0) {
          victim = i;
          break;
        }
      }
      const pod = pods[victim] as number;
      pods.splice(victim, 1);
      commitPod(
        ProbeEvent.podTerminating,
        pod,
        tables.podFlags.get(pod) | PodFlags.terminating,
        tables.podIp.get(pod),
      );
    }
  }

  /**
   * The Deployment controller's sync: its ReplicaSet (made on the first sync) to the replicas it saw. A
   * write while its last ReplicaSet write is still on its way back would be refused (the resourceVersion
   * it saw is old), and the delivery of that write syncs again, as the engine's Conflict and requeue do.
   */
  function syncDeployment(deployment: number): void {
    if (replicaSetWriteUnrelayed[deployment] === true) {
      deploymentDeferred[deployment] = true;
      return;
    }
    deploymentDeferred[deployment] = false;
    const replicas = tables.seenDeploymentReplicas.get(deployment);
    let rs = tables.deploymentReplicaSet.get(deployment);
    if (rs < 0) {
      rs = tables.replicaSets.intern(
        tables.deployments.namespaceOf(deployment),
        generateName(`${tables.deployments.localNameOf(deployment)}-`, names),
      );
      tables.deploymentReplicaSet.set(deployment, rs);
      tables.replicaSetDeployment.set(rs, deployment);
      tables.replicaSetPods[rs] = [];
      tables.replicaSetReplicas.set(rs, -1);
    }
    if (tables.replicaSetReplicas.get(rs) === replicas) return;
    tables.replicaSetReplicas.set(rs, replicas);
    replicaSetWriteUnrelayed[deployment] = true;
    commit(ProbeEvent.replicaSetUpdated, rs, replicas);
  }

  function bind(pod: number): void {
    const node = scheduleCursor++ % tables.nodes.size;
    tables.podNode.set(pod, node);
    log.append(now, ProbeEvent.podBound, pod, node);
    lag.push(now, ProbeEvent.podBound, pod, tables.podFlags.get(pod), node);
  }

  // --- what the watch delivers, and who reacts

  function deliver(code: number, id: number, state: number, detail: number): void {
    switch (code) {
      case ProbeEvent.podCreated:
      case ProbeEvent.podBound:
        tables.seenFlags.set(id, state);
        if (detail < 0) bind(id);
        else startPod(id, detail);
        return podSeen(id);
      case ProbeEvent.podStatus:
        tables.seenFlags.set(id, state);
        tables.seenIp.set(id, detail);
        return podSeen(id);
      case ProbeEvent.podTerminating:
        tables.seenFlags.set(id, state);
        // No preStop hook, and the app exits on SIGTERM: the kubelet reports the pod gone at once.
        endPod(id);
        return podSeen(id);
      case ProbeEvent.podDeleted:
        tables.seenFlags.set(id, 0);
        return podSeen(id);
      case ProbeEvent.serviceCreated:
        serviceSeen.set(id, 1);
        sliceQueue.touchAll(id);
        endpointsQueue.touchAll(id);
        return;
      // A controller's writes coming back (queued per Service by endInstant, not per object).
      case ProbeEvent.sliceUpdated:
        return sliceQueue.relayed(id);
      case ProbeEvent.endpointsUpdated:
        return endpointsQueue.relayed(id);
      case ProbeEvent.deploymentUpdated:
        tables.seenDeploymentReplicas.set(id, state);
        return syncDeployment(id);
      case ProbeEvent.replicaSetUpdated: {
        tables.seenReplicaSetReplicas.set(id, state);
        const deployment = tables.replicaSetDeployment.get(id);
        replicaSetWriteUnrelayed[deployment] = false;
        if (deploymentDeferred[deployment] === true) syncDeployment(deployment);
        return reconcileReplicaSet(id);
      }
      case ProbeEvent.replicaSetStatus:
        log.append(now, ProbeEvent.deploymentStatus, tables.replicaSetDeployment.get(id), state);
        return;
      default:
        throw new Error(`columnar probe: nothing watches event code ${code}`);
    }
  }

  function touchService(service: number, pod: number): void {
    // A Service the watch has not delivered yet is unknown to the controllers.
    if (serviceSeen.get(service) === 0) return;
    sliceQueue.touch(service, pod);
    endpointsQueue.touch(service, pod);
  }

  function podSeen(pod: number): void {
    const first = tables.podFirstService.get(pod);
    if (first >= 0) {
      touchService(first, pod);
      const more = tables.podMoreServices.get(pod);
      if (more !== undefined) for (const service of more) touchService(service, pod);
    }
    const rs = tables.podOwner.get(pod);
    if (rs < 0) return;
    const flags = tables.seenFlags.get(pod);
    const ready = hasEndpoint(flags) && (flags & (PodFlags.ready | PodFlags.terminating)) === PodFlags.ready;
    if (ready === (countedReady[pod] ?? false)) return;
    countedReady[pod] = ready;
    tables.replicaSetReady.set(rs, tables.replicaSetReady.get(rs) + (ready ? 1 : -1));
    if (replicaSetDirty[rs] !== true) {
      replicaSetDirty[rs] = true;
      dirtyReplicaSets.push(rs);
    }
  }

  // A write's delivery back to its controller is what lets that controller's next sync of the Service run.
  function syncSlices(service: number, changed: ChangedPods): boolean {
    const wrote = slices.sync(now, service, changed);
    if (wrote) lag.push(now, ProbeEvent.sliceUpdated, service);
    return wrote;
  }

  function syncEndpoints(service: number, changed: ChangedPods): boolean {
    const wrote = endpoints.sync(now, service, changed);
    if (wrote) lag.push(now, ProbeEvent.endpointsUpdated, service);
    return wrote;
  }

  function endInstant(): void {
    sliceQueue.run(syncSlices);
    endpointsQueue.run(syncEndpoints);
    for (const rs of dirtyReplicaSets) {
      replicaSetDirty[rs] = false;
      const ready = tables.replicaSetReady.get(rs);
      commit(ProbeEvent.replicaSetStatus, rs, ready);
    }
    if (dirtyReplicaSets.length > 0) dirtyReplicaSets.length = 0;
  }

  // --- inputs
  function admit(object: KubeObject): KubeObject | undefined {
    const defaulted = object.kind === 'Service' ? defaultService(object) : defaultObject(object);
    return validateObject(defaulted).length === 0 ? defaulted : undefined;
  }

  function handleInput(entry: InputEntry, index: number): void {
    const event = entry.event;
    log.append(now, ProbeEvent.input, index);
    switch (event.type) {
      case 'api/applied': {
        const object = admit(event.object);
        if (object === undefined) {
          result.rejected++;
          return;
        }
        return create(object);
      }
      case 'pod/readinessSet': {
        const pod = tables.pods.find(event.namespace, event.name);
        if (pod >= 0) setReadiness(pod, event.ready);
        return;
      }
      case 'api/deleted': {
        if (event.kind !== 'Pod') throw new Error(`columnar probe: deleting a ${event.kind} is not modelled`);
        const pod = tables.pods.find(event.namespace, event.name);
        const flags = pod < 0 ? 0 : tables.podFlags.get(pod);
        if ((flags & PodFlags.exists) === 0 || (flags & PodFlags.terminating) !== 0) return;
        const rs = tables.podOwner.get(pod);
        const owned = rs < 0 ? undefined : tables.replicaSetPods[rs];
        if (owned !== undefined) owned.splice(owned.indexOf(pod), 1);
        commitPod(ProbeEvent.podTerminating, pod, flags | PodFlags.terminating, tables.podIp.get(pod));
        return;
      }
      case 'api/scaled': {
        if (event.kind !== 'Deployment')
          throw new Error(`columnar probe: scaling a ${event.kind} is not modelled`);
        const deployment = tables.deployments.find(event.namespace, event.name);
        if (deployment < 0 || tables.deploymentReplicas.get(deployment) === event.replicas) return;
        tables.deploymentReplicas.set(deployment, event.replicas);
        commit(ProbeEvent.deploymentUpdated, deployment, event.replicas);
        return;
      }
      default:
        throw new Error(`columnar probe: input ${event.type} is not modelled`);
    }
  }

  function create(object: KubeObject): void {
    const namespace = object.metadata.namespace ?? 'default';
    const name = object.metadata.name ?? '';
    switch (object.kind) {
      case 'Node': {
        if (tables.nodes.find('', name) >= 0)
          throw new Error(`columnar probe: updating node ${name} is not modelled`);
        const node = tables.nodes.intern('', name);
        const cidr = object.spec.podCIDR === undefined ? undefined : parseIpv4Cidr(object.spec.podCIDR);
        if (cidr === undefined || cidr.prefixLength !== 24)
          throw new Error(`columnar probe: node ${name} needs a /24 podCIDR`);
        tables.nodeCidrBase.set(node, cidr.base | 0);
        tables.nodeZone.set(
          node,
          tables.zones.intern('', object.metadata.labels?.['topology.kubernetes.io/zone'] ?? ''),
        );
        addressInUse[node] = new Uint8Array(256);
        log.append(now, ProbeEvent.nodeCreated, node);
        return;
      }
      case 'Service': {
        if (tables.services.find(namespace, name) >= 0)
          throw new Error(`columnar probe: updating Service ${namespace}/${name} is not modelled`);
        const selector: ProbeSelector = Object.entries(object.spec.selector ?? {});
        const publishNotReady = object.spec.publishNotReadyAddresses === true;
        const service = tables.addService(namespace, name, selector, publishNotReady);
        log.append(now, ProbeEvent.serviceCreated, service);
        // The endpoint controllers leave selectorless and ExternalName Services alone (their users or
        // nobody write their endpoints), so those are never delivered to them.
        if (selector.length > 0 && object.spec.type !== 'ExternalName')
          lag.push(now, ProbeEvent.serviceCreated, service);
        return;
      }
      case 'Pod': {
        if (tables.pods.find(namespace, name) >= 0)
          throw new Error(`columnar probe: updating pod ${namespace}/${name} is not modelled`);
        const nodeName = object.spec.nodeName;
        const node = nodeName === undefined ? -1 : tables.nodes.find('', nodeName);
        if (nodeName !== undefined && node < 0)
          throw new Error(`columnar probe: pod ${namespace}/${name} is bound to unknown node ${nodeName}`);
        const pod = tables.addPod(namespace, name, object.metadata.labels ?? {}, node, -1);
        commitPod(ProbeEvent.podCreated, pod, PodFlags.exists, node);
        return;
      }
      case 'Deployment': {
        if (tables.deployments.find(namespace, name) >= 0)
          throw new Error(`columnar probe: updating Deployment ${namespace}/${name} is not modelled`);
        const deployment = tables.deployments.intern(namespace, name);
        const replicas = object.spec.replicas ?? 1;
        tables.deploymentReplicas.set(deployment, replicas);
        tables.deploymentReplicaSet.set(deployment, -1);
        tables.deploymentTemplate[deployment] = object.spec.template;
        commit(ProbeEvent.deploymentUpdated, deployment, replicas);
        return;
      }
      default:
        throw new Error(`columnar probe: creating a ${object.kind} is not modelled`);
    }
  }

  // Every cluster starts with kube-system/kube-dns, a selector Service (default/kubernetes has no selector,
  // so the endpoint controllers leave it to the apiserver).
  create({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kube-dns', namespace: 'kube-system' },
    spec: { selector: { 'k8s-app': 'kube-dns' }, ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] },
  });

  // --- the loop: each instant takes its inputs, then what the watch delivers, then runs the syncs (the
  // engine's clock order: inputs are scheduled first, deliveries when their commits happen, and syncs
  // when a delivery asks for them).
  let next = 0;
  for (;;) {
    const at = Math.min(next < order.length ? (orderAt[next] as number) : Infinity, lag.nextDue());
    if (at === Infinity || at > options.durationMs) break;
    now = at;
    options.beforeInstant?.(now, result);
    for (; next < order.length && orderAt[next] === now; next++) {
      const index = order[next] as number;
      handleInput(inputs[index] as InputEntry, index);
    }
    lag.drain(now, deliver);
    endInstant();
  }
  return result;
}
