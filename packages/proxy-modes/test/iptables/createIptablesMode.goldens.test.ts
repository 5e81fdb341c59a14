import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { SERVICE_NAME_LABEL, type ServiceProxyState } from '@svcsim/core';

import { createIptablesMode } from '../../src/iptables/createIptablesMode.js';
import type { IptablesKernelState } from '../../src/iptables/IptablesKernelState.js';
import { materializeIptablesRuleset } from '../../src/iptables/materializeIptablesRuleset.js';
import { renderIptablesRestore } from '../../src/iptables/renderIptablesRestore.js';
import { NODE_CONFIG } from './fixtures.js';
import { GOLDEN_CASES, type GoldenCase } from './goldenCases.js';
import { serviceProxyState, viewOf } from './proxyViews.js';

const goldenDir = fileURLToPath(new URL('./golden/', import.meta.url));
const saveGoldenDir = fileURLToPath(new URL('./golden-save/', import.meta.url));
const mode = createIptablesMode();

/** The state's restore input must be the golden, and `render` its iptables-save golden. */
function expectGoldens(state: IptablesKernelState, golden: GoldenCase): void {
  expect(renderIptablesRestore(materializeIptablesRuleset(state.rules))).toBe(
    readFileSync(`${goldenDir}${golden.name}.txt`, 'utf8'),
  );
  expect(mode.render(state)).toBe(readFileSync(`${saveGoldenDir}${golden.name}.txt`, 'utf8'));
}

function statesOf(golden: GoldenCase, withEndpoints: boolean): ServiceProxyState[] {
  return golden.services.map((svc) =>
    serviceProxyState(
      svc,
      withEndpoints
        ? golden.slices.filter((s) => s.metadata.labels?.[SERVICE_NAME_LABEL] === svc.metadata.name)
        : [],
    ),
  );
}

/**
 * The node's kernel state is byte for byte the golden restore input, and `render` its iptables-save
 * listing (golden-save/), whether that state came from one full sync or from a run of partial ones
 * (Services added one by one, first without endpoints, then with them).
 */
describe('createIptablesMode goldens', () => {
  it.each(GOLDEN_CASES)('renders $name as its golden after a full sync', (golden) => {
    const config = { ...NODE_CONFIG, ...golden.config };
    const { rules } = mode.sync({
      previous: undefined,
      view: viewOf(statesOf(golden, true)),
      config,
      full: true,
      changedServices: new Set(),
    });
    expectGoldens(rules, golden);
  });

  it.each(GOLDEN_CASES)('renders $name as its golden after partial syncs', (golden) => {
    const config = { ...NODE_CONFIG, ...golden.config };
    const sync = (
      previous: IptablesKernelState | undefined,
      states: ServiceProxyState[],
      changed: string[],
    ) =>
      mode.sync({
        previous,
        view: viewOf(states),
        config,
        full: previous === undefined,
        changedServices: new Set(changed),
      }).rules;
    const empty = statesOf(golden, false);
    const full = statesOf(golden, true);
    let state = sync(undefined, [], []);
    for (let i = 0; i < full.length; i++) {
      const key = full[i]?.key ?? '';
      state = sync(state, [...full.slice(0, i), ...empty.slice(i, i + 1)], [key]);
      state = sync(state, full.slice(0, i + 1), [key]);
    }
    expectGoldens(state, golden);
  });
});
