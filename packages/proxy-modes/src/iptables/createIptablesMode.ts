import type { ProxyMode, ProxyRouteResult, ProxyTraceStep } from '@svcsim/core';

import { iptablesFirstPacketNanos } from './iptablesCostModel.js';
import type { IptablesKernelState } from './IptablesKernelState.js';
import { materializeIptablesRuleset } from './materializeIptablesRuleset.js';
import { iptablesJumpRules } from './iptablesJumpRules.js';
import { renderIptablesSave } from './renderIptablesSave.js';
import type { IptablesRouteResult, IptablesTraceEntry } from './route/IptablesRoute.js';
import { iptablesNodeRouterFor, passRouterOn } from './route/iptablesNodeRouters.js';
import { routeIptablesPacket } from './route/routeIptablesPacket.js';
import { walkIptablesPacket } from './route/walkIptablesPacket.js';
import { syncIptablesRules } from './syncIptablesRules.js';

export interface IptablesModeOptions {
  /**
   * Route by walking every rule literally, as the kernel does, over the node's rules assembled into one
   * ruleset, instead of through the incremental index. For cross-checks at small scale: the results
   * (verdicts, traces, costs, random draws, xt_recent updates) are identical, only slower.
   */
  readonly literalWalk?: boolean;
}

/**
 * kube-proxy's iptables mode. `sync` programs a node from its view (full or partial, section 1.10),
 * keeping the rules per Service so a partial sync costs what changed; `route` walks a new connection's
 * first packet through the node's kernel state; `render` prints what `iptables-save` lists on the node
 * (its restore input and jump rules in the kernel's canonical form; `renderIptablesRestore` gives the
 * restore input itself).
 */
export function createIptablesMode(options: IptablesModeOptions = {}): ProxyMode<IptablesKernelState> {
  const literalWalk = options.literalWalk ?? false;
  return {
    name: 'iptables',
    sync(input) {
      const { outcome, changedRules } = syncIptablesRules(input);
      const before = input.previous?.rules;
      if (!literalWalk && before !== undefined && changedRules !== undefined) {
        passRouterOn(before, outcome.rules.rules, changedRules);
      }
      return outcome;
    },
    route(state, packet, ctx) {
      const iptablesContext = {
        nodeIPs: ctx.nodeIPs,
        random: ctx.random,
        now: ctx.now,
        recent: state.recent,
      };
      const result = literalWalk
        ? routeIptablesPacket(materializeIptablesRuleset(state.rules), packet, iptablesContext)
        : walkIptablesPacket(iptablesNodeRouterFor(state.rules).tables, packet, iptablesContext, true);
      return toProxyRouteResult(result);
    },
    render(state) {
      return renderIptablesSave(
        materializeIptablesRuleset(state.rules),
        iptablesJumpRules(state.rules.config),
      );
    },
  };
}

function toProxyRouteResult(result: IptablesRouteResult): ProxyRouteResult {
  const outcome = {
    masqueraded: result.masqueraded,
    trace: result.trace.map(toTraceStep),
    rulesEvaluated: result.rulesEvaluated,
    costNanos: iptablesFirstPacketNanos(result.rulesEvaluated),
  };
  return result.verdict === 'dnat'
    ? { verdict: 'dnat', destination: result.destination, ...outcome }
    : { verdict: result.verdict, ...outcome };
}

/** Trace entries are shared per rule, so each rule is formatted once. */
const traceSteps = new WeakMap<IptablesTraceEntry, ProxyTraceStep>();

/**
 * A matched rule as `nat KUBE-SERVICES` plus its `-A` line. kube-proxy's jump rules in the built-in
 * chains are kept as exec arguments (the comment unquoted); they are quoted here as in the restore form.
 */
function toTraceStep(entry: IptablesTraceEntry): ProxyTraceStep {
  let step = traceSteps.get(entry);
  if (step === undefined) {
    step = formatTraceStep(entry);
    traceSteps.set(entry, step);
  }
  return step;
}

function formatTraceStep(entry: IptablesTraceEntry): ProxyTraceStep {
  const args = entry.args.map((arg, i) =>
    entry.args[i - 1] === '--comment' && arg.includes(' ') && !arg.startsWith('"') ? `"${arg}"` : arg,
  );
  return {
    location: `${entry.table} ${entry.chain}`,
    rule: ['-A', entry.chain, ...args].join(' '),
    ...(entry.servicePortName === undefined ? {} : { servicePortName: entry.servicePortName }),
    ...(entry.endpoint === undefined ? {} : { endpoint: entry.endpoint }),
  };
}
