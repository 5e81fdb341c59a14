import type { PodTemplateSpec } from '../../api/Pod.js';
import { canonicalString } from '../../canonicalDigest.js';
import { rememberPerObject } from '../../rememberPerObject.js';
import { POD_TEMPLATE_HASH_LABEL } from './podTemplateHash.js';

/**
 * deploymentutil.EqualIgnoreHash: whether two pod templates are the same apart from the pod-template-hash
 * label. This is how a Deployment recognises its "new" ReplicaSet, including an old one it is rolled back to.
 * Like apiequality.Semantic.DeepEqual, an absent and an empty map or list compare equal.
 */
export function equalIgnoreHash(a: PodTemplateSpec, b: PodTemplateSpec): boolean {
  return comparableForm(a) === comparableForm(b);
}

/**
 * The canonical string of the template without its hash label, remembered per template object: templates
 * are immutable and shared by every version of their Deployment or ReplicaSet, and a Deployment sync
 * compares its template with each of its ReplicaSets'.
 */
const comparableForm: (template: PodTemplateSpec) => string = rememberPerObject((template) =>
  canonicalString(normalizeTemplate(template)),
);

function normalizeTemplate(template: PodTemplateSpec): unknown {
  const labels = { ...(template.metadata?.labels ?? {}) };
  delete labels[POD_TEMPLATE_HASH_LABEL];
  return dropEmpty({ ...template, metadata: { ...(template.metadata ?? {}), labels } }) ?? null;
}

/** Removes empty objects and arrays (recursively) so "absent" and "empty" compare equal. */
function dropEmpty(value: unknown): unknown {
  if (Array.isArray(value)) {
    // List positions matter, so an emptied element stays as a placeholder rather than shifting the rest.
    return value.length === 0 ? undefined : value.map((item) => dropEmpty(item) ?? null);
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      const kept = dropEmpty(v);
      if (kept !== undefined) out[key] = kept;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return value;
}
