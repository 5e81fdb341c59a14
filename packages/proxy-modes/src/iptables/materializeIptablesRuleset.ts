import { assembleIptablesRuleset } from './assembleIptablesRuleset.js';
import type { IptablesNodeRules } from './IptablesKernelState.js';
import type { IptablesRuleset } from './IptablesRuleset.js';
import { servicePortsInOrder } from './servicePortsInOrder.js';

const cache = new WeakMap<IptablesNodeRules, IptablesRuleset>();

/**
 * A node's rules as one ruleset, in the order a full sync of the same view writes them (identical to
 * `compileIptablesRules` of that view). Built on demand, for rendering and the literal walk; cached.
 */
export function materializeIptablesRuleset(rules: IptablesNodeRules): IptablesRuleset {
  let ruleset = cache.get(rules);
  if (ruleset === undefined) {
    ruleset = assembleIptablesRuleset(rules.fixed, servicePortsInOrder(rules), rules.largeClusterMode);
    cache.set(rules, ruleset);
  }
  return ruleset;
}
