import type { Pod } from '../../api/Pod.js';
import type { Service } from '../../api/Service.js';

/**
 * Whether the Service has a selector. An empty selector counts as none: `selector` is `omitempty`, so `{}`
 * reads back from the apiserver as nil, and the controllers skip nil-selector Services.
 */
export function hasSelector(service: Service): boolean {
  const selector = service.spec.selector;
  // A loop rather than Object.keys: this runs for every pod of every sync, and must not allocate.
  for (const key in selector) if (Object.hasOwn(selector, key)) return true;
  return false;
}

/** Whether the Service's selector picks this pod: same namespace and every selector label equal. */
export function selectsPod(service: Service, pod: Pod): boolean {
  if ((service.metadata.namespace ?? '') !== (pod.metadata.namespace ?? '')) return false;
  const selector = service.spec.selector;
  if (selector === undefined) return false;
  const labels = pod.metadata.labels;
  let any = false;
  for (const key in selector) {
    if (!Object.hasOwn(selector, key)) continue;
    any = true;
    if (labels === undefined || !Object.hasOwn(labels, key) || labels[key] !== selector[key]) return false;
  }
  return any;
}
