import { describe, expect, it } from 'vitest';

import { iptablesJumpRules } from '../../src/iptables/iptablesJumpRules.js';
import { renderIptablesSave } from '../../src/iptables/renderIptablesSave.js';
import { compile, NODE_CONFIG } from './fixtures.js';
import { GOLDEN_CASES } from './goldenCases.js';

/**
 * What `svcsim rules` prints for each golden ruleset: the iptables-save form of its restore input
 * (golden/) plus the jump rules. kernel/iptablesSaveAgreesWithKernel.test.ts checks the same rendering
 * against the kernel's own iptables-save for every case but nfacct, which this kernel cannot load.
 * Update deliberately: `vitest run -u`.
 */
describe('renderIptablesSave goldens', () => {
  it.each(GOLDEN_CASES)('renders $name as its golden iptables-save listing', async (golden) => {
    const config = { ...NODE_CONFIG, ...golden.config };
    const ruleset = compile(golden.services, golden.slices, golden.config);
    await expect(renderIptablesSave(ruleset, iptablesJumpRules(config))).toMatchFileSnapshot(
      `golden-save/${golden.name}.txt`,
    );
  });
});
