import { compareCodeUnits } from '@svcsim/core';

import type { IptablesNodeRules } from '../IptablesKernelState.js';
import { createIptablesNodeRouter, type IptablesNodeRouter } from './createIptablesNodeRouter.js';

/**
 * A router and how many times it has been moved on to a newer sync's rules. A node's rules own it
 * while their recorded generation is current; moving it on bumps the generation, so the older rules
 * stop trusting it and build their own if they are ever routed through again.
 */
interface RouterSlot {
  readonly router: IptablesNodeRouter;
  generation: number;
}

interface Claim {
  readonly slot: RouterSlot;
  readonly generation: number;
}

/** A router some earlier rules own, and the Services that changed since then. */
interface Inheritance extends Claim {
  readonly services: ReadonlySet<string>;
}

const owned = new WeakMap<IptablesNodeRules, Claim>();
const inherited = new WeakMap<IptablesNodeRules, Inheritance>();

/** Past this many changed Services, re-indexing them costs about as much as indexing from scratch. */
function worthInheriting(changed: number, rules: IptablesNodeRules): boolean {
  return changed <= Math.max(64, rules.services.size / 4);
}

/**
 * Records that `after` came from `before` by a sync that changed the rules of `changedServices` only
 * (same node facts and fixed rules), so the first route through `after` can move `before`'s router on
 * by re-indexing those Services instead of indexing everything. Syncing without routing builds nothing.
 */
export function passRouterOn(
  before: IptablesNodeRules,
  after: IptablesNodeRules,
  changedServices: readonly string[],
): void {
  const claim = owned.get(before);
  if (claim !== undefined && claim.slot.generation === claim.generation) {
    if (worthInheriting(changedServices.length, after)) {
      inherited.set(after, { ...claim, services: new Set(changedServices) });
    }
    return;
  }
  const earlier = inherited.get(before);
  if (earlier === undefined || earlier.slot.generation !== earlier.generation) return;
  const services = new Set([...earlier.services, ...changedServices]);
  if (worthInheriting(services.size, after)) inherited.set(after, { ...earlier, services });
}

/** The indexed router of a node's rules: built on first use, or moved on from an earlier sync's. */
export function iptablesNodeRouterFor(rules: IptablesNodeRules): IptablesNodeRouter {
  const claim = owned.get(rules);
  if (claim !== undefined && claim.slot.generation === claim.generation) return claim.slot.router;
  const inheritance = inherited.get(rules);
  inherited.delete(rules);
  let slot: RouterSlot;
  if (inheritance !== undefined && inheritance.slot.generation === inheritance.generation) {
    slot = inheritance.slot;
    for (const key of [...inheritance.services].sort(compareCodeUnits)) {
      slot.router.replaceService(key, rules.services.get(key)?.rules.ports ?? []);
    }
    slot.generation++;
  } else {
    slot = { router: createIptablesNodeRouter(rules), generation: 0 };
  }
  owned.set(rules, { slot, generation: slot.generation });
  return slot.router;
}
