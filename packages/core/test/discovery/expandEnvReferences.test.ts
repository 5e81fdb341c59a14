import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { expandEnvReferences } from '../../src/discovery/expandEnvReferences.js';

const vars: Record<string, string> = { HOST: '10.0.0.11', PORT: '6379', EMPTY: '', SELF: '$(HOST)' };
const lookup = (name: string): string | undefined => vars[name];

describe('expandEnvReferences', () => {
  it.each([
    ['$(HOST):$(PORT)', '10.0.0.11:6379'],
    ['x$(EMPTY)y', 'xy'],
    ['$(MISSING)', '$(MISSING)'],
    ['$$(HOST)', '$(HOST)'],
    ['$$$(HOST)', '$10.0.0.11'],
    ['$$', '$'],
    ['cost $5', 'cost $5'],
    ['trailing $', 'trailing $'],
    ['$(HOST', '$(HOST'],
    ['$()', '$()'],
    ['$(SELF)', '$(HOST)'],
    ['a$(HOST)b$(PORT)c', 'a10.0.0.11b6379c'],
  ])('expands %j to %j', (input, expected) => {
    expect(expandEnvReferences(input, lookup)).toBe(expected);
  });

  it('leaves text without a $ unchanged', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.includes('$')),
        (text) => {
          expect(expandEnvReferences(text, lookup)).toBe(text);
        },
      ),
    );
  });

  it('turns an escaped reference into the literal reference', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,10}$/), (name) => {
        expect(expandEnvReferences(`$$(${name})`, lookup)).toBe(`$(${name})`);
      }),
    );
  });
});
