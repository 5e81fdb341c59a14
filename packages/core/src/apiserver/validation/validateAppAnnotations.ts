import type { FieldError, FieldPath } from '../../api/FieldError.js';
import type { PodSpec } from '../../api/Pod.js';
import { modelledContainersOf } from '../../kubelet/appModelsOfPod.js';
import { parseAppModels } from '../../kubelet/parseAppModels.js';

/**
 * The `svcsim.dev/*` annotations of a pod or pod template, checked as the kubelet will read them
 * (parseAppModels), so a typo is refused when the object is applied rather than ignored at run time.
 * `path` is the annotations' path (`metadata.annotations`, `spec.template.metadata.annotations`).
 * Containers and sidecars (restartable init containers) can be addressed; plain init containers, which
 * svcsim does not run, cannot.
 */
export function validateAppAnnotations(
  annotations: Readonly<Record<string, string>> | undefined,
  spec: PodSpec,
  path: FieldPath,
): FieldError[] {
  if (annotations === undefined) return [];
  const result = parseAppModels(annotations, modelledContainersOf(spec), path);
  return result.ok ? [] : [...result.errors];
}
