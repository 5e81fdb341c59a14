import type { Pod } from '../api/Pod.js';
import type { Service } from '../api/Service.js';
import { compareCodeUnits } from '../canonicalDigest.js';
import { selectsPod } from '../apiserver/endpoints/selectsPod.js';
import type { Informer } from './createInformer.js';

/**
 * The pods a Service selects, from the informer's label index: the pods carrying one of the selector's
 * pairs, filtered by the whole selector. O(pods with that label), not O(pods in the namespace).
 */
export function selectedPods(informer: Informer, service: Service): Pod[] {
  const selector = service.spec.selector ?? {};
  const first = Object.keys(selector).sort(compareCodeUnits)[0];
  if (first === undefined) return [];
  const out: Pod[] = [];
  for (const pod of informer.withLabel(
    'Pod',
    service.metadata.namespace ?? '',
    first,
    selector[first] ?? '',
  )) {
    if (selectsPod(service, pod)) out.push(pod);
  }
  return out;
}
