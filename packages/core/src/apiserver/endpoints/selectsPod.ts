import type { Pod } from '../../api/Pod.js';
import type { Service } from '../../api/Service.js';

/**
 * Whether the Service has a selector. An empty selector counts as none: `selector` is `omitempty`, so `{}`
 * reads back from the apiserver as nil, and the controllers skip nil-selector Services.
 */
export function hasSelector(service: Service): boolean {
  return Object.keys(service.spec.selector ?? {}).length > 0;
}

/** Whether the Service's selector picks this pod: same namespace and every selector label equal. */
export function selectsPod(service: Service, pod: Pod): boolean {
  if ((service.metadata.namespace ?? '') !== (pod.metadata.namespace ?? '')) return false;
  if (!hasSelector(service)) return false;
  const labels = pod.metadata.labels ?? {};
  return Object.entries(service.spec.selector ?? {}).every(([key, value]) => labels[key] === value);
}
