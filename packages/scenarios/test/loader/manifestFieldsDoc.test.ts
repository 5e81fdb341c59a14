import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { ScenarioError, loadScenario } from '../../src/index.js';
import type { ObjectSchema } from '../../src/loader/manifestSchema/FieldSchema.js';
import { objectSchemasInOrder, renderManifestFieldTable } from './renderManifestFieldTable.js';

const DOC = new URL('../../../../docs/manifest-fields.md', import.meta.url);
const BEGIN = '<!-- manifest-fields:begin -->';
const END = '<!-- manifest-fields:end -->';

/** A markdown table as rows of trimmed cells, so Prettier's column padding does not matter. */
function tableCells(table: string): string[][] {
  return table
    .trim()
    .split('\n')
    .map((row) =>
      row
        .replace(/^\|/, '')
        .replace(/\|$/, '')
        .split('|')
        .map((cell) => (/^\s*-+\s*$/.test(cell) ? '---' : cell.trim())),
    );
}

describe('docs/manifest-fields.md', () => {
  it('shows the errors its example file really gets', () => {
    const doc = readFileSync(DOC, 'utf8');
    const example = /```yaml\n([^`]*)```/.exec(doc)?.[1] ?? '';
    const output = /\$ svcsim get svc --scenario web\.yaml\nsvcsim: ([^`]*)```/.exec(doc)?.[1] ?? '';
    let message = '';
    try {
      loadScenario(example, 'web.yaml');
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      message = error.message;
    }
    expect(message).toBe(output.trimEnd());
  });

  it('lists exactly the fields the loader accepts, per object type', () => {
    const doc = readFileSync(DOC, 'utf8');
    const begin = doc.indexOf(BEGIN);
    const end = doc.indexOf(END);
    expect(begin, `${BEGIN} in the doc`).toBeGreaterThanOrEqual(0);
    expect(end, `${END} after it`).toBeGreaterThan(begin);
    // On a difference, paste renderManifestFieldTable()'s output between the markers and run Prettier.
    expect(tableCells(doc.slice(begin + BEGIN.length, end))).toEqual(tableCells(renderManifestFieldTable()));
  });
});

describe('the manifest schema', () => {
  const schemas = objectSchemasInOrder();

  it('names each object type once (the doc lists types by name)', () => {
    // required() copies a schema to mark it, so copies share their `fields`; distinct types do not.
    const fieldsByName = new Map<string, Set<ObjectSchema['fields']>>();
    const collect = (schema: ObjectSchema): void => {
      const seen = fieldsByName.get(schema.name) ?? new Set();
      if (seen.has(schema.fields)) return;
      fieldsByName.set(schema.name, seen.add(schema.fields));
      for (const field of Object.values(schema.fields)) {
        const inner = field.type === 'list' ? field.items : field;
        if (inner.type === 'object') collect(inner);
      }
    };
    schemas.forEach(collect);
    const reused = [...fieldsByName].filter(([, seen]) => seen.size > 1).map(([name]) => name);
    expect(reused).toEqual([]);
  });

  it.each(schemas.map((schema) => [schema.name, schema] as const))(
    '%s: an unmodelled field is neither modelled nor listed twice',
    (_name, schema) => {
      const modelled = new Set(Object.keys(schema.fields));
      expect(schema.unmodelled.filter((field) => modelled.has(field))).toEqual([]);
      expect(new Set(schema.unmodelled).size).toBe(schema.unmodelled.length);
    },
  );
});
