import { describe, expect, it } from 'vitest';

import { renderIptablesRestore } from '../../src/iptables/renderIptablesRestore.js';
import { compile } from './fixtures.js';
import { GOLDEN_CASES } from './goldenCases.js';

describe('compileIptablesRules goldens', () => {
  it.each(GOLDEN_CASES)(
    'renders $name as its golden restore input',
    async ({ name, services, slices, config }) => {
      await expect(renderIptablesRestore(compile(services, slices, config))).toMatchFileSnapshot(
        `golden/${name}.txt`,
      );
    },
  );
});
