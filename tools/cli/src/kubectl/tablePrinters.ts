import { formatAge, formatLabels, type KubeObjectOfKind, type SimTime } from '@svcsim/core';

import { formatEndpoints, formatSliceEndpoints, formatSlicePorts } from './endpointsColumns.js';
import { formatLabelSelector } from './formatLabelSelector.js';
import { loadBalancerAddresses } from './loadBalancerAddresses.js';
import { namespacePhase } from './namespacePhase.js';
import { nodeRoles } from './nodeRoles.js';
import { podReadinessGates, podReady, podRestarts, podStatus } from './podColumns.js';
import type { ShownKind } from './resourceTypes.js';
import { serviceClusterIP, serviceExternalIP, servicePorts } from './serviceColumns.js';

/** One kind's `kubectl get` columns: the default ones, the ones `-o wide` adds, and a row of both. */
export interface TablePrinter<K extends ShownKind> {
  readonly headers: readonly string[];
  readonly wideHeaders: readonly string[];
  /** Every cell, default then wide, for one object at virtual time `now`. */
  row(object: KubeObjectOfKind<K>, now: SimTime, wide: boolean): string[];
}

const age = (creationTimestamp: SimTime | undefined, now: SimTime): string =>
  creationTimestamp === undefined ? '<unknown>' : formatAge(now - creationTimestamp);

const labelsOrNone = (labels: Readonly<Record<string, string>> | undefined): string =>
  formatLabels(labels ?? {});

/** The columns of kubectl's printers (k8s.io/kubernetes pkg/printers/internalversion) for each kind. */
export const TABLE_PRINTERS: { readonly [K in ShownKind]: TablePrinter<K> } = {
  Service: {
    headers: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
    wideHeaders: ['SELECTOR'],
    row: (service, now, wide) => [
      service.metadata.name ?? '',
      service.spec.type ?? 'ClusterIP',
      serviceClusterIP(service),
      serviceExternalIP(service, wide),
      servicePorts(service.spec.ports),
      age(service.metadata.creationTimestamp, now),
      labelsOrNone(service.spec.selector),
    ],
  },
  Endpoints: {
    headers: ['NAME', 'ENDPOINTS', 'AGE'],
    wideHeaders: [],
    row: (endpoints, now) => [
      endpoints.metadata.name ?? '',
      formatEndpoints(endpoints),
      age(endpoints.metadata.creationTimestamp, now),
    ],
  },
  EndpointSlice: {
    headers: ['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE'],
    wideHeaders: [],
    row: (slice, now) => [
      slice.metadata.name ?? '',
      slice.addressType,
      formatSlicePorts(slice.ports),
      formatSliceEndpoints(slice),
      age(slice.metadata.creationTimestamp, now),
    ],
  },
  Pod: {
    headers: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
    wideHeaders: ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
    row: (pod, now) => [
      pod.metadata.name ?? '',
      podReady(pod),
      podStatus(pod),
      podRestarts(pod, now),
      age(pod.metadata.creationTimestamp, now),
      pod.status?.podIPs?.[0]?.ip ?? pod.status?.podIP ?? '<none>',
      pod.spec.nodeName ?? '<none>',
      // svcsim's scheduler never preempts, so no pod is ever nominated to a node.
      '<none>',
      podReadinessGates(pod),
    ],
  },
  Node: {
    headers: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
    wideHeaders: ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'],
    row: (node, now) => {
      const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
      const status = [ready === undefined ? 'Unknown' : ready.status === 'True' ? 'Ready' : 'NotReady'];
      if (node.spec.unschedulable === true) status.push('SchedulingDisabled');
      const address = (type: string): string =>
        node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
      return [
        node.metadata.name ?? '',
        status.join(','),
        nodeRoles(node.metadata.labels),
        age(node.metadata.creationTimestamp, now),
        // svcsim's nodes report no nodeInfo: kubectl prints an empty VERSION and `<unknown>` for the rest.
        '',
        address('InternalIP'),
        address('ExternalIP'),
        '<unknown>',
        '<unknown>',
        '<unknown>',
      ];
    },
  },
  Namespace: {
    headers: ['NAME', 'STATUS', 'AGE'],
    wideHeaders: [],
    row: (namespace, now) => [
      namespace.metadata.name ?? '',
      namespacePhase(namespace),
      age(namespace.metadata.creationTimestamp, now),
    ],
  },
  Deployment: {
    headers: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
    wideHeaders: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (deployment, now) => {
      const containers = deployment.spec.template.spec.containers;
      return [
        deployment.metadata.name ?? '',
        `${deployment.status?.readyReplicas ?? 0}/${deployment.spec.replicas ?? 1}`,
        String(deployment.status?.updatedReplicas ?? 0),
        String(deployment.status?.availableReplicas ?? 0),
        age(deployment.metadata.creationTimestamp, now),
        containers.map((c) => c.name).join(','),
        containers.map((c) => c.image ?? '').join(','),
        formatLabelSelector(deployment.spec.selector),
      ];
    },
  },
  ReplicaSet: {
    headers: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'],
    wideHeaders: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (replicaSet, now) => {
      const containers = replicaSet.spec.template.spec.containers;
      return [
        replicaSet.metadata.name ?? '',
        String(replicaSet.spec.replicas ?? 1),
        String(replicaSet.status?.replicas ?? 0),
        String(replicaSet.status?.readyReplicas ?? 0),
        age(replicaSet.metadata.creationTimestamp, now),
        containers.map((c) => c.name).join(','),
        containers.map((c) => c.image ?? '').join(','),
        formatLabelSelector(replicaSet.spec.selector),
      ];
    },
  },
  Ingress: {
    headers: ['NAME', 'CLASS', 'HOSTS', 'ADDRESS', 'PORTS', 'AGE'],
    wideHeaders: [],
    row: (ingress, now, wide) => [
      ingress.metadata.name ?? '',
      ingress.spec.ingressClassName ?? '<none>',
      ingressHosts(ingress),
      loadBalancerAddresses(ingress.status?.loadBalancer?.ingress, wide),
      (ingress.spec.tls ?? []).length > 0 ? '80, 443' : '80',
      age(ingress.metadata.creationTimestamp, now),
    ],
  },
};

/**
 * The HOSTS column: the rules' hosts until three are listed, then "+ N more..." counting the rules
 * beyond the third; `*` when no rule names a host.
 */
function ingressHosts(ingress: KubeObjectOfKind<'Ingress'>): string {
  const rules = ingress.spec.rules ?? [];
  const hosts: string[] = [];
  let more = false;
  for (const rule of rules) {
    if (hosts.length === SHOWN_HOSTS) more = true;
    if (!more && rule.host !== undefined && rule.host !== '') hosts.push(rule.host);
  }
  if (hosts.length === 0) return '*';
  return more ? `${hosts.join(',')} + ${rules.length - SHOWN_HOSTS} more...` : hosts.join(',');
}

const SHOWN_HOSTS = 3;
