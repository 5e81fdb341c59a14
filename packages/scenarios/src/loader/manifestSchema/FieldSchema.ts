/**
 * What a manifest field may hold, as the apiserver's strict JSON decoder checks it: the field names of
 * each object (unknown ones are errors), the JSON shape of each value, and what a missing required
 * field decodes to. Ranges, enums and required values are validation, which the simulated apiserver
 * does when the object is applied.
 *
 * Every object schema is built by `objectSchema<T>()` from the svcsim API type it describes: its
 * `fields` must name exactly the keys of T, each with the schema of that key's type (SchemaFor), and
 * mark exactly T's required keys, so a field added to a type in packages/core/src/api without its
 * schema here does not compile.
 */

/**
 * How a scalar is checked. `timestamp` is a SimTime (virtual milliseconds, which svcsim prints) or an
 * RFC 3339 string (which a real cluster prints); the string form is accepted and dropped.
 */
export type ScalarType = 'string' | 'integer' | 'boolean' | 'intOrString' | 'timestamp';

/**
 * What a field the API type requires decodes to when the manifest leaves it out (or null):
 * - `zeroValue`: "", 0, false, an empty list or mapping, as Go's decoder leaves a value field; the
 *   apiserver's validation then refuses it as the real one does (`spec.ports[0].port: Invalid value:
 *   0`). Core relies on the fields its types require, so they are always present.
 * - `leftOut`: the field stays unset. For the fields Kubernetes declares as pointers (a Deployment's
 *   selector, an Ingress path's pathType), whose absence validation reports as `Required value`.
 */
export type MissingRequiredField = 'zeroValue' | 'leftOut';

/** What a schema may say about its field beyond its shape. */
interface FieldRules {
  /** Set when the API type requires the field. */
  readonly required?: MissingRequiredField;
}

export interface ScalarSchema<T extends ScalarType = ScalarType> {
  readonly type: T;
}

/** A mapping of string keys to string values (labels, annotations, selectors, ConfigMap data). */
export interface StringMapSchema {
  readonly type: 'stringMap';
}

export interface ListSchema<Item = FieldSchema> {
  readonly type: 'list';
  readonly items: Item;
}

export interface ObjectSchema {
  readonly type: 'object';
  /** The Kubernetes type's name (ServicePort, Container), as docs/manifest-fields.md lists it. */
  readonly name: string;
  /** The fields svcsim's API type has, each with its schema. */
  readonly fields: Readonly<Record<string, FieldSchema>>;
  /**
   * Real Kubernetes fields of this type that svcsim does not model: accepted so that real manifests
   * load, and kept on the object unchecked, but nothing in the simulation reads them.
   */
  readonly unmodelled: readonly string[];
}

export type FieldSchema = (ScalarSchema | StringMapSchema | ListSchema | ObjectSchema) & FieldRules;

declare const describes: unique symbol;

/** An object schema tied to the type it describes, so a field only takes the schema of its own type. */
export interface TypedObjectSchema<T> extends ObjectSchema {
  /** Never set; a phantom that makes the schemas of two different types unassignable to each other. */
  readonly [describes]?: (value: T) => T;
}

/**
 * The schema a value of type T needs. Wrapped in tuples so unions are judged whole: IntOrString
 * (`number | string`) must be `intOrString`, not either half.
 */
export type SchemaFor<T> = [T] extends [boolean]
  ? ScalarSchema<'boolean'>
  : [T] extends [string]
    ? ScalarSchema<'string'>
    : [T] extends [number]
      ? ScalarSchema<'integer'> | ScalarSchema<'timestamp'>
      : [T] extends [string | number]
        ? ScalarSchema<'intOrString'>
        : [T] extends [readonly (infer Item)[]]
          ? ListSchema<SchemaFor<Item>>
          : string extends keyof T
            ? StringMapSchema
            : TypedObjectSchema<T>;

export type RequiredField<S> = S & { readonly required: MissingRequiredField };
export type OptionalField<S> = S & { readonly required?: never };

/** A schema for every key of T, optional ones included; T's required keys are marked `required()`. */
export type FieldSchemas<T> = {
  readonly [K in keyof T]-?: Partial<Pick<T, K>> extends Pick<T, K>
    ? OptionalField<SchemaFor<NonNullable<T[K]>>>
    : RequiredField<SchemaFor<NonNullable<T[K]>>>;
};

export const stringField: ScalarSchema<'string'> = { type: 'string' };
export const integerField: ScalarSchema<'integer'> = { type: 'integer' };
export const booleanField: ScalarSchema<'boolean'> = { type: 'boolean' };
export const intOrStringField: ScalarSchema<'intOrString'> = { type: 'intOrString' };
export const timestampField: ScalarSchema<'timestamp'> = { type: 'timestamp' };
export const stringMapField: StringMapSchema = { type: 'stringMap' };

/** Marks a field its API type requires; left out, it decodes to its zero value. */
export function required<S extends FieldSchema>(schema: S): RequiredField<S> {
  return { ...schema, required: 'zeroValue' };
}

/** Marks a required field that Kubernetes declares as a pointer; left out, it stays unset. */
export function requiredPointer<S extends FieldSchema>(schema: S): RequiredField<S> {
  return { ...schema, required: 'leftOut' };
}

export function listOf<Item extends FieldSchema>(items: Item): ListSchema<Item> {
  return { type: 'list', items };
}

/**
 * The schema of API type T: `fields` names every key of T (the compiler checks both ways, and that
 * exactly T's required keys are marked with required or requiredPointer), and `unmodelled` the real
 * Kubernetes fields of the type that svcsim leaves out.
 */
export function objectSchema<T>(
  name: string,
  fields: FieldSchemas<T>,
  unmodelled: readonly string[] = [],
): TypedObjectSchema<T> {
  return { type: 'object', name, fields: fields as Readonly<Record<string, FieldSchema>>, unmodelled };
}
