import type { KubeKind } from '../../api/KubeObject.js';
import { formatFieldError, type FieldError } from '../../api/FieldError.js';
import { RESOURCE_NAME } from './resourceName.js';

/** The reasons svcsim's apiserver refuses a request with, and their HTTP codes. */
export type ApiStatusReason = 'Invalid' | 'AlreadyExists' | 'NotFound' | 'Conflict' | 'InternalError';

const CODE: { readonly [R in ApiStatusReason]: number } = {
  Invalid: 422,
  AlreadyExists: 409,
  NotFound: 404,
  Conflict: 409,
  InternalError: 500,
};

/** A refused request as plain data (a metav1.Status), so it can travel in an event. */
export interface ApiStatus {
  readonly code: number;
  readonly reason: ApiStatusReason;
  /** What kubectl prints after "Error from server (<reason>): ". */
  readonly message: string;
  readonly kind: KubeKind;
  readonly name: string;
  readonly causes: readonly FieldError[];
}

/** `Service "web" is invalid: spec.ports[0].port: Invalid value: 0: ...` (several errors are bracketed). */
export function invalidStatus(kind: KubeKind, name: string, causes: readonly FieldError[]): ApiStatus {
  const rendered = causes.map(formatFieldError);
  const list = rendered.length === 1 ? (rendered[0] as string) : `[${rendered.join(', ')}]`;
  return {
    code: CODE.Invalid,
    reason: 'Invalid',
    message: `${kind} "${name}" is invalid: ${list}`,
    kind,
    name,
    causes,
  };
}

/** `services "web" already exists`. */
export function alreadyExistsStatus(kind: KubeKind, name: string): ApiStatus {
  return {
    code: CODE.AlreadyExists,
    reason: 'AlreadyExists',
    message: `${RESOURCE_NAME[kind]} "${name}" already exists`,
    kind,
    name,
    causes: [],
  };
}

/** `services "web" not found` (also used for a missing namespace: `namespaces "shop" not found`). */
export function notFoundStatus(kind: KubeKind, name: string): ApiStatus {
  return {
    code: CODE.NotFound,
    reason: 'NotFound',
    message: `${RESOURCE_NAME[kind]} "${name}" not found`,
    kind,
    name,
    causes: [],
  };
}

/** A 500 with the apiserver's message (`Internal error occurred: failed to allocate a serviceIP: range is full`). */
export function internalErrorStatus(
  kind: KubeKind,
  name: string,
  message: string,
  causes: readonly FieldError[],
): ApiStatus {
  return { code: CODE.InternalError, reason: 'InternalError', message, kind, name, causes };
}

/**
 * The optimistic-concurrency refusal: the writer's copy (its resourceVersion) is older than the stored
 * object. `Operation cannot be fulfilled on pods "web-1": the object has been modified; please apply
 * your changes to the latest version and try again`.
 */
export function conflictStatus(kind: KubeKind, name: string): ApiStatus {
  return {
    code: CODE.Conflict,
    reason: 'Conflict',
    message: `Operation cannot be fulfilled on ${RESOURCE_NAME[kind]} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    kind,
    name,
    causes: [],
  };
}
