import { fieldErrors, fieldPath, type FieldError, type FieldPath } from '../../api/FieldError.js';
import type { KubeKind } from '../../api/KubeObject.js';
import type { ObjectMeta, OwnerReference } from '../../api/ObjectMeta.js';
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, utf8Length } from './names.js';
import { sortedKeys, validateLabels } from './validateLabels.js';

/**
 * ObjectMeta validation: apimachinery's ValidateObjectMeta plus the finalizer check that
 * pkg/apis/core/validation adds on top.
 */

/** A ValidateNameFunc: `prefix` is true for generateName, where a trailing '-' is allowed. */
export type NameValidator = (name: string, prefix: boolean) => string[];

/**
 * maskTrailingDash, bug included: it drops two characters before appending 'a', so "web-" is checked
 * as "wea". Harmless, because the generated suffix is checked again on the final name.
 */
function maskTrailingDash(name: string): string {
  return name.endsWith('-') ? `${name.slice(0, Math.max(0, name.length - 2))}a` : name;
}

/** NameIsDNSSubdomain: the rule for most kinds (Pods, Nodes, Deployments, ConfigMaps, ...). */
export const nameIsDNSSubdomain: NameValidator = (name, prefix) =>
  isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);

/** NameIsDNSLabel: the rule for Namespaces, whose names become DNS labels in Service FQDNs. */
export const nameIsDNSLabel: NameValidator = (name, prefix) =>
  isDNS1123Label(prefix ? maskTrailingDash(name) : name);

/** NameIsDNS1035Label: the rule for Services, whose names become environment-variable prefixes too. */
export const nameIsDNS1035Label: NameValidator = (name, prefix) =>
  isDNS1035Label(prefix ? maskTrailingDash(name) : name);

/** How each kind's metadata is checked: the name rule and whether a namespace is required. */
export interface ObjectMetaRules {
  readonly namespaced: boolean;
  readonly validateName: NameValidator;
}

/** The name function each kind's validation passes to ValidateObjectMeta in the real apiserver. */
export const OBJECT_META_RULES: { readonly [K in KubeKind]: ObjectMetaRules } = {
  Namespace: { namespaced: false, validateName: nameIsDNSLabel },
  Node: { namespaced: false, validateName: nameIsDNSSubdomain },
  Pod: { namespaced: true, validateName: nameIsDNSSubdomain },
  Deployment: { namespaced: true, validateName: nameIsDNSSubdomain },
  ReplicaSet: { namespaced: true, validateName: nameIsDNSSubdomain },
  Service: { namespaced: true, validateName: nameIsDNS1035Label },
  Endpoints: { namespaced: true, validateName: nameIsDNSSubdomain },
  EndpointSlice: { namespaced: true, validateName: nameIsDNSSubdomain },
  Ingress: { namespaced: true, validateName: nameIsDNSSubdomain },
  Secret: { namespaced: true, validateName: nameIsDNSSubdomain },
  ConfigMap: { namespaced: true, validateName: nameIsDNSSubdomain },
};

/** TotalAnnotationSizeLimitB: keys plus values, 256 KiB. */
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** ValidateNonnegativeField ("must be greater than or equal to 0"). */
export function validateNonnegative(value: number, path: FieldPath): FieldError[] {
  return value < 0 ? [fieldErrors.invalid(path, value, 'must be greater than or equal to 0')] : [];
}

/** ValidateAnnotations: keys are qualified names compared case-insensitively, total size within 256 KiB. */
export function validateAnnotations(
  annotations: Readonly<Record<string, string>> | undefined,
  path: FieldPath,
): FieldError[] {
  const errors: FieldError[] = [];
  let size = 0;
  for (const key of sortedKeys(annotations)) {
    for (const message of isQualifiedName(key.toLowerCase()))
      errors.push(fieldErrors.invalid(path, key, message));
    size += utf8Length(key) + utf8Length(annotations?.[key] ?? '');
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) errors.push(fieldErrors.tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
  return errors;
}

/** "v1" → version v1; "apps/v1" → group apps; more slashes is unparseable (schema.ParseGroupVersion). */
function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const parts = apiVersion.split('/');
  if (apiVersion === '') return { group: '', version: '' };
  if (parts.length === 1) return { group: '', version: apiVersion };
  if (parts.length === 2) return { group: parts[0] ?? '', version: parts[1] ?? '' };
  return { group: '', version: '' };
}

function validateOwnerReferences(
  references: readonly OwnerReference[] | undefined,
  path: FieldPath,
): FieldError[] {
  const errors: FieldError[] = [];
  let firstController = '';
  for (const ref of references ?? []) {
    // The real code passes the list path, not an indexed one, so every entry reports the same path.
    const gv = parseApiVersion(ref.apiVersion);
    if (gv.version === '')
      errors.push(fieldErrors.invalid(path.child('apiVersion'), ref.apiVersion, 'version must not be empty'));
    if (ref.kind === '') errors.push(fieldErrors.invalid(path.child('kind'), ref.kind, 'must not be empty'));
    if (ref.name === '') errors.push(fieldErrors.invalid(path.child('name'), ref.name, 'must not be empty'));
    if (ref.uid === '') errors.push(fieldErrors.invalid(path.child('uid'), ref.uid, 'must not be empty'));
    if (gv.group === '' && gv.version === 'v1' && ref.kind === 'Event')
      errors.push(fieldErrors.invalid(path, ref, '/v1, Kind=Event is disallowed from being an owner'));
    if (ref.controller === true) {
      const current = `${ref.kind}/${ref.name}`;
      if (firstController !== '')
        errors.push(
          fieldErrors.invalid(
            path,
            references,
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`,
          ),
        );
      else firstController = current;
    }
  }
  return errors;
}

/** Finalizer names the core API accepts without a domain prefix (helper.IsStandardFinalizerName). */
const STANDARD_FINALIZERS: ReadonlySet<string> = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

function validateFinalizers(finalizers: readonly string[] | undefined, path: FieldPath): FieldError[] {
  const errors: FieldError[] = [];
  const list = finalizers ?? [];
  // apimachinery's ValidateFinalizers reports against the list path...
  for (const name of list)
    for (const message of isQualifiedName(name)) errors.push(fieldErrors.invalid(path, name, message));
  if (list.includes('orphan') && list.includes('foregroundDeletion'))
    errors.push(
      fieldErrors.invalid(path, list, 'finalizer orphan and foregroundDeletion cannot be both set'),
    );
  return errors;
}

function validateKubeFinalizerNames(
  finalizers: readonly string[] | undefined,
  path: FieldPath,
): FieldError[] {
  // ...while core's extra check indexes each entry.
  const errors: FieldError[] = [];
  (finalizers ?? []).forEach((name, i) => {
    if (!name.includes('/') && !STANDARD_FINALIZERS.has(name))
      errors.push(
        fieldErrors.invalid(
          path.index(i),
          name,
          'name is neither a standard finalizer name nor is it fully qualified',
        ),
      );
  });
  return errors;
}

/**
 * Whether an update carries `field` over from the stored metadata unchanged (the very same value). A
 * module function rather than a closure in validateObjectMeta, which runs for every admitted object: under
 * tsx (keepNames) every closure made costs a defineProperty, about a microsecond here.
 */
function kept(meta: ObjectMeta, previous: ObjectMeta | undefined, field: keyof ObjectMeta): boolean {
  return previous !== undefined && meta[field] === previous[field];
}

/**
 * ValidateObjectMeta for an object of `kind`: name (or generateName), namespace presence, generation,
 * labels, annotations, owner references and finalizers, under `metadata.*`. With `previous` (the stored
 * metadata an update replaces), fields it carries over unchanged (the very same values) are not validated
 * again.
 *
 * The real apiserver generates a name from generateName before validating; svcsim validates before
 * any randomness is spent, so a missing name is accepted when generateName is set and valid.
 * Cluster-scoped kinds get "Forbidden" for a namespace, which is what the validation code says; the
 * REST layer of a real apiserver clears such a namespace before validation ever sees it.
 */
export function validateObjectMeta(
  meta: ObjectMeta,
  kind: KubeKind,
  path: FieldPath = fieldPath('metadata'),
  previous?: ObjectMeta,
): FieldError[] {
  const rules = OBJECT_META_RULES[kind];
  const errors: FieldError[] = [];
  // What an update carries over from the stored version (the same strings, maps and lists) was validated
  // with it, so a field it `kept` is not checked again.
  const generateName = meta.generateName ?? '';
  const name = meta.name ?? '';
  if (!kept(meta, previous, 'generateName') || !kept(meta, previous, 'name')) {
    if (generateName !== '')
      for (const message of rules.validateName(generateName, true))
        errors.push(fieldErrors.invalid(path.child('generateName'), generateName, message));
    if (name === '') {
      if (generateName === '')
        errors.push(fieldErrors.required(path.child('name'), 'name or generateName is required'));
    } else {
      for (const message of rules.validateName(name, false))
        errors.push(fieldErrors.invalid(path.child('name'), name, message));
    }
  }
  const namespace = meta.namespace ?? '';
  if (rules.namespaced) {
    if (namespace === '') errors.push(fieldErrors.required(path.child('namespace')));
    else if (!kept(meta, previous, 'namespace'))
      for (const message of nameIsDNSLabel(namespace, false))
        errors.push(fieldErrors.invalid(path.child('namespace'), namespace, message));
  } else if (namespace !== '') {
    errors.push(fieldErrors.forbidden(path.child('namespace'), 'not allowed on this type'));
  }
  if (meta.generation !== undefined)
    errors.push(...validateNonnegative(meta.generation, path.child('generation')));
  if (!kept(meta, previous, 'labels')) errors.push(...validateLabels(meta.labels, path.child('labels')));
  if (!kept(meta, previous, 'annotations'))
    errors.push(...validateAnnotations(meta.annotations, path.child('annotations')));
  if (!kept(meta, previous, 'ownerReferences'))
    errors.push(...validateOwnerReferences(meta.ownerReferences, path.child('ownerReferences')));
  if (!kept(meta, previous, 'finalizers')) {
    errors.push(...validateFinalizers(meta.finalizers, path.child('finalizers')));
    errors.push(...validateKubeFinalizerNames(meta.finalizers, path.child('finalizers')));
  }
  return errors;
}

/**
 * The update-only half of ValidateObjectMetaUpdate: name, namespace and a supplied uid may not change,
 * generation may not go down. The rest (labels, annotations, ...) is checked again by the kind's full
 * validation, which every Validate*Update also runs. Generation, timestamps and an empty uid are copied
 * from the stored object before validation (keepServerOwnedMetadata, as rest.BeforeUpdate does), so a
 * request that leaves them out passes; only a uid that names another object is refused here.
 */
export function validateObjectMetaUpdate(
  next: ObjectMeta,
  previous: ObjectMeta,
  path: FieldPath = fieldPath('metadata'),
): FieldError[] {
  const errors: FieldError[] = [];
  if ((next.generation ?? 0) < (previous.generation ?? 0))
    errors.push(
      fieldErrors.invalid(path.child('generation'), next.generation ?? 0, 'must not be decremented'),
    );
  const immutable = (field: 'name' | 'namespace' | 'uid'): void => {
    const a = next[field] ?? '';
    const b = previous[field] ?? '';
    if (a !== b) errors.push(fieldErrors.invalid(path.child(field), a, 'field is immutable'));
  };
  immutable('name');
  immutable('namespace');
  if ((next.uid ?? '') !== '') immutable('uid');
  return errors;
}
