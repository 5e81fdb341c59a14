import type { Pod } from '../api/Pod.js';
import type { Service } from '../api/Service.js';
import { compareCodeUnits } from '../canonicalDigest.js';
import { selectsPod } from '../apiserver/endpoints/selectsPod.js';
import { emptyMap, mapEntry } from '../mapEntry.js';

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
  // namespace -> label key -> value -> service key -> Service: nested maps of the objects' own strings,
  // so a pod change looks its labels up without building a key string per label.
  const byPair = new Map<string, Map<string, Map<string, Map<string, Service>>>>();
  const filedUnder = new Map<string, readonly [namespace: string, key: string, value: string]>();
  return {
    set(key, service) {
      const old = filedUnder.get(key);
      if (old !== undefined) {
        const [namespace, label, value] = old;
        const byLabel = byPair.get(namespace);
        const byValue = byLabel?.get(label);
        const services = byValue?.get(value);
        services?.delete(key);
        if (services?.size === 0) byValue?.delete(value);
        if (byValue?.size === 0) byLabel?.delete(label);
        if (byLabel?.size === 0) byPair.delete(namespace);
        filedUnder.delete(key);
      }
      const selector = service?.spec.selector ?? {};
      const first = Object.keys(selector).sort(compareCodeUnits)[0];
      if (service === undefined || first === undefined) return; // no selector: selects nothing
      const pair = [service.metadata.namespace ?? '', first, selector[first] ?? ''] as const;
      const [namespace, label, value] = pair;
      const byLabel = mapEntry(byPair, namespace, emptyMap<string, Map<string, Map<string, Service>>>);
      const byValue = mapEntry(byLabel, label, emptyMap<string, Map<string, Service>>);
      mapEntry(byValue, value, emptyMap<string, Service>).set(key, service);
      filedUnder.set(key, pair);
    },
    selecting(pod) {
      const out: string[] = [];
      const byLabel = byPair.get(pod.metadata.namespace ?? '');
      const labels = pod.metadata.labels;
      if (byLabel === undefined || labels === undefined) return out;
      for (const label in labels) {
        if (!Object.hasOwn(labels, label)) continue;
        const services = byLabel.get(label)?.get(labels[label] ?? '');
        if (services === undefined) continue;
        for (const [key, service] of services) if (selectsPod(service, pod)) out.push(key);
      }
      return out;
    },
  };
}
