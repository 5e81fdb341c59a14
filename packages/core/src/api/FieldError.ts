/**
 * A validation error the way the apiserver reports it (k8s.io/apimachinery/pkg/util/validation/field):
 * a field path, an error type, the offending value, and a detail. format() renders it exactly as
 * `kubectl` shows it, e.g. `spec.ports[1].name: Required value`.
 */
export type FieldErrorType =
  | 'Required value'
  | 'Invalid value'
  | 'Unsupported value'
  | 'Duplicate value'
  | 'Forbidden'
  | 'Too long'
  | 'Too many'
  | 'Not found'
  | 'Internal error';

export interface FieldError {
  readonly type: FieldErrorType;
  /** The field path: `spec.ports[1].name`, `metadata.labels`. */
  readonly field: string;
  /** The offending value, for the types that show one. */
  readonly badValue?: unknown;
  readonly detail: string;
}

/** The types whose message leaves out the value (as field.Error.ErrorBody does). */
const OMITS_VALUE: ReadonlySet<FieldErrorType> = new Set([
  'Required value',
  'Forbidden',
  'Too long',
  'Internal error',
]);

/** Renders one error as the apiserver does: `<field>: <type>[: <value>][: <detail>]`. */
export function formatFieldError(error: FieldError): string {
  let body: string = error.type;
  if (!OMITS_VALUE.has(error.type)) body += `: ${formatBadValue(error.badValue)}`;
  if (error.detail !== '') body += `: ${error.detail}`;
  return `${error.field}: ${body}`;
}

/** Values print like Go's %v with strings quoted (strconv.Quote), which is what field errors show. */
export function formatBadValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value))
    return `[]${typeof value[0] === 'string' ? 'string' : 'interface {}'}{${value.map((v) => formatBadValue(v)).join(', ')}}`;
  return JSON.stringify(value);
}

/** Builds field paths: `path('spec').child('ports').index(1).child('name').toString()`. */
export interface FieldPath {
  child(name: string): FieldPath;
  index(i: number): FieldPath;
  key(k: string): FieldPath;
  toString(): string;
}

/**
 * A class rather than closures: validation builds a path per field it visits, and closures cost an
 * allocation per method per step.
 */
class TextFieldPath implements FieldPath {
  constructor(private readonly text: string) {}
  child(name: string): FieldPath {
    return new TextFieldPath(this.text === '' ? name : `${this.text}.${name}`);
  }
  index(i: number): FieldPath {
    return new TextFieldPath(`${this.text}[${i}]`);
  }
  key(k: string): FieldPath {
    return new TextFieldPath(`${this.text}[${k}]`);
  }
  toString(): string {
    return this.text;
  }
}

/** Starts a field path at a root field name. */
export function fieldPath(root: string): FieldPath {
  return new TextFieldPath(root);
}

/** Constructors named after the apimachinery helpers (field.Required, field.Invalid, ...). */
export const fieldErrors = {
  required: (field: FieldPath, detail = ''): FieldError => ({
    type: 'Required value',
    field: field.toString(),
    detail,
  }),
  invalid: (field: FieldPath, value: unknown, detail: string): FieldError => ({
    type: 'Invalid value',
    field: field.toString(),
    badValue: value,
    detail,
  }),
  notSupported: (field: FieldPath, value: unknown, supported: readonly string[]): FieldError => ({
    type: 'Unsupported value',
    field: field.toString(),
    badValue: value,
    detail:
      supported.length === 0 ? '' : `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
  }),
  duplicate: (field: FieldPath, value: unknown): FieldError => ({
    type: 'Duplicate value',
    field: field.toString(),
    badValue: value,
    detail: '',
  }),
  forbidden: (field: FieldPath, detail: string): FieldError => ({
    type: 'Forbidden',
    field: field.toString(),
    detail,
  }),
  tooLong: (field: FieldPath, maxLength: number): FieldError => ({
    type: 'Too long',
    field: field.toString(),
    detail: `must have at most ${maxLength} bytes`,
  }),
  tooMany: (field: FieldPath, actual: number, max: number): FieldError => ({
    type: 'Too many',
    field: field.toString(),
    badValue: actual,
    detail: `must have at most ${max} items`,
  }),
  notFound: (field: FieldPath, value: unknown): FieldError => ({
    type: 'Not found',
    field: field.toString(),
    badValue: value,
    detail: '',
  }),
  internal: (field: FieldPath, detail: string): FieldError => ({
    type: 'Internal error',
    field: field.toString(),
    detail,
  }),
};
