import type { Pod } from '../api/Pod.js';
import type { Service } from '../api/Service.js';
import { compareCodeUnits } from '../canonicalDigest.js';
import { selectsPod } from '../apiserver/endpoints/selectsPod.js';

/**
 * Which Services might select a pod, without scanning every Service of the namespace: each Service is
 * filed under one of its selector pairs (the smallest key), and a pod looks up each of its labels. A
 * pod with L labels costs L lookups, so a namespace of 10,000 Services stays cheap per pod change.
 */
export interface ServiceSelectorIndex {
  /** Files or re-files a Service (undefined removes it). */
  set(key: string, service: Service | undefined): void;
  /** Keys of Services whose selector matches the pod's labels ("namespace/name"). */
  selecting(pod: Pod): string[];
}

/** Creates an empty index. */
export function createServiceSelectorIndex(): ServiceSelectorIndex {
  const byPair = new Map<string, Map<string, Service>>(); // "ns\0key=value" -> service key -> Service
  const filedUnder = new Map<string, string>(); // service key -> pair
  return {
    set(key, service) {
      const old = filedUnder.get(key);
      if (old !== undefined) {
        byPair.get(old)?.delete(key);
        filedUnder.delete(key);
      }
      const selector = service?.spec.selector ?? {};
      const keys = Object.keys(selector).sort(compareCodeUnits);
      const first = keys[0];
      if (service === undefined || first === undefined) return; // no selector: selects nothing
      const pair = `${service.metadata.namespace ?? ''}\0${first}=${selector[first] ?? ''}`;
      let services = byPair.get(pair);
      if (services === undefined) {
        services = new Map();
        byPair.set(pair, services);
      }
      services.set(key, service);
      filedUnder.set(key, pair);
    },
    selecting(pod) {
      const namespace = pod.metadata.namespace ?? '';
      const labels = pod.metadata.labels ?? {};
      const out: string[] = [];
      for (const [label, value] of Object.entries(labels)) {
        for (const [key, service] of byPair.get(`${namespace}\0${label}=${value}`) ?? []) {
          if (selectsPod(service, pod)) out.push(key);
        }
      }
      return out;
    },
  };
}
