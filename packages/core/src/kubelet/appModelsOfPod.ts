import type { Container, Pod, PodSpec } from '../api/Pod.js';
import { DEFAULT_APP_MODEL, type AppModel } from './AppModel.js';
import { parseAppModels } from './parseAppModels.js';

/** The containers the application model covers: sidecars (restartable init containers) first, then the regular ones. */
export function modelledContainersOf(spec: PodSpec): readonly Container[] {
  const sidecars = (spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  return sidecars.length === 0 ? spec.containers : [...sidecars, ...spec.containers];
}

interface CachedModels {
  readonly annotations: Pod['metadata']['annotations'];
  readonly models: Readonly<Record<string, AppModel>>;
}

// Keyed by the spec object: a pod's status updates keep its spec and annotations objects, so the data
// plane, which asks for every connection, parses a pod's annotations once rather than once per packet.
const cache = new WeakMap<PodSpec, CachedModels>();

/**
 * The application model of every container (and sidecar) of a pod, from its `svcsim.dev/*` annotations.
 * The apiserver refuses bad annotations, so they only fail to parse in a hand-written log; the
 * containers then behave as the default application, which is what a real cluster, ignoring the
 * annotations, would run.
 */
export function appModelsOfPod(pod: Pod): Readonly<Record<string, AppModel>> {
  const annotations = pod.metadata.annotations;
  const cached = cache.get(pod.spec);
  if (cached !== undefined && cached.annotations === annotations) return cached.models;
  const containers = modelledContainersOf(pod.spec);
  let parsed = parseAppModels(annotations, containers);
  if (!parsed.ok) parsed = parseAppModels(undefined, containers);
  const models = parsed.ok ? parsed.models : {};
  cache.set(pod.spec, { annotations, models });
  return models;
}

/** The model of one container of the pod; the default application when the pod has no such container. */
export function appModelOf(pod: Pod, container: string): AppModel {
  return appModelsOfPod(pod)[container] ?? DEFAULT_APP_MODEL;
}
