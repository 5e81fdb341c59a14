import { assertNever } from '../assertNever.js';
import type { KubeObject } from '../api/KubeObject.js';

/**
 * The few facts about an object worth a timeline line: a Service's addresses, a pod's node, IP and
 * readiness, a slice's endpoints. Stable: golden tests depend on it.
 */
export function describeObject(object: KubeObject): string {
  switch (object.kind) {
    case 'Service': {
      const spec = object.spec;
      const ports = (spec.ports ?? [])
        .map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`)
        .join(',');
      return `${spec.type ?? 'ClusterIP'} ${spec.clusterIP ?? ''} ${ports}`.replace(/\s+/g, ' ').trim();
    }
    case 'Pod': {
      const ready = object.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
      const parts = [
        object.metadata.deletionTimestamp !== undefined ? 'Terminating' : (object.status?.phase ?? 'Pending'),
        object.spec.nodeName ?? '<unscheduled>',
        object.status?.podIP ?? '',
        object.status?.podIP !== undefined ? (ready ? 'Ready' : 'NotReady') : '',
      ];
      return parts.filter((p) => p !== '').join(' ');
    }
    case 'EndpointSlice': {
      const endpoints = object.endpoints.map((e) => {
        const c = e.conditions ?? {};
        const flags =
          c.terminating === true
            ? c.serving === false
              ? '(terminating)'
              : '(terminating,serving)'
            : c.ready === false
              ? '(not ready)'
              : '';
        return `${e.addresses[0] ?? '?'}${flags}`;
      });
      const ports = (object.ports ?? []).map((p) => `${p.port ?? '?'}/${p.protocol ?? 'TCP'}`).join(',');
      return `${ports === '' ? '' : `${ports} `}[${endpoints.join(' ')}]`;
    }
    case 'Endpoints': {
      const ready = (object.subsets ?? []).reduce((n, s) => n + (s.addresses?.length ?? 0), 0);
      const notReady = (object.subsets ?? []).reduce((n, s) => n + (s.notReadyAddresses?.length ?? 0), 0);
      return `${ready} ready, ${notReady} not ready`;
    }
    case 'Deployment':
    case 'ReplicaSet': {
      const s = object.status;
      return `replicas ${object.spec.replicas ?? 1}${s ? ` (ready ${s.readyReplicas ?? 0}, available ${s.availableReplicas ?? 0})` : ''}`;
    }
    case 'Node': {
      const ready = object.status?.conditions?.find((c) => c.type === 'Ready')?.status ?? 'Unknown';
      const ip = object.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '';
      const taints = (object.spec.taints ?? []).map(
        (t) => `${t.key}${t.value === undefined ? '' : `=${t.value}`}:${t.effect}`,
      );
      return `${ip} podCIDR ${object.spec.podCIDR ?? '<none>'} Ready=${ready}${taints.length > 0 ? ` taints ${taints.join(',')}` : ''}`;
    }
    case 'Namespace':
    case 'Ingress':
    case 'Secret':
    case 'ConfigMap':
      return '';
    default:
      return assertNever(object);
  }
}
