import type { FieldSchema, ObjectSchema } from '../../src/loader/manifestSchema/FieldSchema.js';
import { MANIFEST_SCHEMAS } from '../../src/loader/manifestSchema/manifestSchemas.js';

/** Every object schema reachable from the kinds, depth first in field order, each once. */
export function objectSchemasInOrder(): ObjectSchema[] {
  const seen = new Map<string, ObjectSchema>();
  const visit = (schema: FieldSchema): void => {
    if (schema.type === 'list') visit(schema.items);
    if (schema.type !== 'object' || seen.has(schema.name)) return;
    seen.set(schema.name, schema);
    for (const field of Object.values(schema.fields)) visit(field);
  };
  for (const schema of Object.values(MANIFEST_SCHEMAS)) visit(schema);
  return [...seen.values()];
}

/** The table docs/manifest-fields.md holds between its markers: per object type, what is modelled and what is ignored. */
export function renderManifestFieldTable(): string {
  const names = (list: readonly string[]): string => list.map((name) => `\`${name}\``).join(', ') || '-';
  const rows = objectSchemasInOrder().map((schema) => {
    const fields = Object.entries(schema.fields);
    const required = fields.flatMap(([name, field]) => (field.required === undefined ? [] : [name]));
    const optional = fields.flatMap(([name, field]) => (field.required === undefined ? [name] : []));
    return `| ${schema.name} | ${names(required)} | ${names(optional)} | ${names(schema.unmodelled)} |`;
  });
  return [
    '| Object | Required fields | Optional fields | Accepted and ignored |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
