import { parseIpv4 } from '@svcsim/core';

import type { IptablesTableName } from '../IptablesRuleset.js';
import type {
  IptablesPacket,
  IptablesRouteContext,
  IptablesRouteResult,
  IptablesTraceEntry,
} from './IptablesRoute.js';
import type { AddressMatch, ParsedRule } from './parseIptablesRule.js';
import type { CompiledRule, RouteChain, RouteTables } from './RouteChain.js';
import { portKey } from './ruleIndexKey.js';

/** How a chain ended: fell off its end or hit RETURN (`continue`), or a terminating verdict. */
type ChainOutcome = 'continue' | 'accept' | 'drop' | 'reject';
/** How a rule ended: go on with the next rule, leave the chain (RETURN), or a terminating verdict. */
type RuleOutcome = 'next' | 'return' | 'accept' | 'drop' | 'reject';

const LOOPBACK = parseIpv4('127.0.0.0') ?? 0;
const LOOPBACK_MASK = 0xff000000;
/** Deeper than any kube-proxy chain nesting (built-in -> SERVICES -> NODEPORTS -> EXT -> SVC -> SEP -> MARK-MASQ). */
const MAX_DEPTH = 32;

function addressOf(ip: string): number {
  const value = parseIpv4(ip);
  if (value === undefined) throw new Error(`unsupported packet address ${ip} (IPv4 only)`);
  return value;
}

function addressMatches(match: AddressMatch | undefined, address: number): boolean {
  return match === undefined || ((address & match.mask) >>> 0 === match.base) !== match.invert;
}

/** Walks packets through one set of tables; its per-packet state lives in the walker, so walks must not nest. */
export interface PacketWalker {
  walk(packet: IptablesPacket, ctx: IptablesRouteContext): IptablesRouteResult;
}

const walkers = {
  fast: new WeakMap<RouteTables, PacketWalker>(),
  literal: new WeakMap<RouteTables, PacketWalker>(),
};

/**
 * Walks one NEW connection's first packet through the node's netfilter hooks. With `fast`, chains
 * that have an index visit only the rules that can match the packet's (destination, protocol, port)
 * and charge the skipped ones to `rulesEvaluated` without looking at them. The skipped rules cannot
 * match and have no side effects (rules with statistic/recent matches are never indexed), so the fast
 * walk takes the same path, draws the same random numbers and returns the same result as the literal one.
 */
export function walkIptablesPacket(
  tables: RouteTables,
  packet: IptablesPacket,
  ctx: IptablesRouteContext,
  fast: boolean,
): IptablesRouteResult {
  const cache = fast ? walkers.fast : walkers.literal;
  let walker = cache.get(tables);
  if (walker === undefined) {
    walker = createPacketWalker(tables, fast);
    cache.set(tables, walker);
  }
  return walker.walk(packet, ctx);
}

/**
 * A walker for `tables` (see walkIptablesPacket). Its functions are made once, not per packet: hot
 * loops route millions of packets, and per-packet closures cost more than the rules they evaluate.
 */
export function createPacketWalker(tables: RouteTables, fast: boolean): PacketWalker {
  // The packet being walked and what the rules did to it so far.
  let packet: IptablesPacket;
  let ctx: IptablesRouteContext;
  let src = 0;
  let protocol = '';
  let dstIP = '';
  let dst = 0;
  let dstPort = 0;
  let mark = 0;
  let dnat = false;
  let masqueraded = false;
  let rulesEvaluated = 0;
  let trace: IptablesTraceEntry[] = [];
  let nodeIPs: readonly string[] | undefined;
  let localAddresses = new Set<number>();

  const isLocal = (address: number): boolean =>
    (address & LOOPBACK_MASK) >>> 0 === LOOPBACK || localAddresses.has(address);

  const matches = (rule: ParsedRule): boolean => {
    if (!addressMatches(rule.src, src) || !addressMatches(rule.dst, dst)) return false;
    if (rule.protocol !== undefined && (rule.protocol.name === protocol) === rule.protocol.invert)
      return false;
    for (const match of rule.matches) {
      switch (match.kind) {
        case 'port':
          if (match.dport !== undefined && match.dport !== dstPort) return false;
          break;
        case 'addrtype':
          if (isLocal(match.direction === 'src' ? src : dst) === match.invert) return false;
          break;
        case 'statistic':
          // xt_statistic matches when (get_random_u32() & 0x7fffffff) < lround(p * 2^31); comparing a
          // uniform [0,1) draw with the 10-decimal p kube-proxy wrote is the same distribution to within
          // |lround(p * 2^31) / 2^31 - p| <= 2^-32 < 1e-9.
          if (!(ctx.random.nextFloat() < match.probability)) return false;
          break;
        case 'recentCheck': {
          // xt_recent: a hit when the source was seen no more than --seconds ago (jiffies there, virtual
          // ms here). --reap forgets stale entries; they could not match any later check of this list.
          const list = ctx.recent.get(match.name);
          const seen = list?.get(packet.srcIP);
          const hit = seen !== undefined && (match.seconds <= 0 || ctx.now - seen <= match.seconds * 1000);
          if (!hit) {
            if (match.reap && seen !== undefined) list?.delete(packet.srcIP);
            return false;
          }
          break;
        }
        case 'recentSet': {
          let list = ctx.recent.get(match.name);
          if (list === undefined) {
            list = new Map();
            ctx.recent.set(match.name, list);
          }
          list.set(packet.srcIP, ctx.now);
          break;
        }
        case 'mark':
          if (((mark & match.mask) >>> 0 === match.value) === match.invert) return false;
          break;
        case 'ctstate': {
          // A NEW connection is never INVALID, RELATED or ESTABLISHED; DNAT/SNAT once NAT applied.
          let hit = false;
          for (const state of match.states) {
            if (state === 'NEW' || (state === 'DNAT' && dnat) || (state === 'SNAT' && masqueraded))
              hit = true;
          }
          if (hit === match.invert) return false;
          break;
        }
        default:
          throw new Error(`unhandled match ${JSON.stringify(match)}`);
      }
    }
    return true;
  };

  const chainOf = (table: IptablesTableName, name: string): RouteChain => {
    const chain = tables.chain(table, name);
    if (chain === undefined) throw new Error(`no chain ${name} in the ${table} table`);
    return chain;
  };

  const evalRule = (chain: RouteChain, rule: CompiledRule, depth: number): RuleOutcome => {
    rulesEvaluated++;
    if (!matches(rule.parsed)) return 'next';
    trace.push(rule.trace);
    const target = rule.parsed.target;
    switch (target.kind) {
      case 'none':
        return 'next';
      case 'chain': {
        const callee = chainOf(chain.table, target.chain);
        if (callee.builtin) throw new Error(`jump to built-in chain ${target.chain}`);
        const outcome = evalChain(callee, depth + 1);
        return outcome === 'continue' ? 'next' : outcome;
      }
      case 'RETURN':
        return 'return';
      case 'ACCEPT':
        return 'accept';
      case 'DROP':
        return 'drop';
      case 'REJECT':
        return 'reject';
      case 'MARK':
        mark = (target.op === 'or' ? mark | target.value : mark ^ target.value) >>> 0;
        return 'next';
      case 'DNAT':
        // NAT targets end the table's traversal for this hook (NF_ACCEPT).
        dnat = true;
        dstIP = target.ip;
        dst = addressOf(target.ip);
        dstPort = target.port;
        return 'accept';
      case 'MASQUERADE':
        masqueraded = true;
        return 'accept';
      default:
        throw new Error(`unhandled target ${JSON.stringify(target)}`);
    }
  };

  // One frame per nesting level (chains nest, packets do not): the chain being walked, the position of
  // the last rule visited, and how the chain ended if a rule left it early.
  const frames = Array.from({ length: MAX_DEPTH + 1 }, (_, depth) => {
    const frame = {
      chain: undefined as RouteChain | undefined,
      last: -1,
      ended: undefined as ChainOutcome | undefined,
      // The fast walk visits only candidates; every position between two of them is charged unseen.
      visit: (position: number, rule: CompiledRule): boolean => {
        rulesEvaluated += position - frame.last - 1;
        frame.last = position;
        const result = evalRule(frame.chain as RouteChain, rule, depth);
        if (result === 'next') return false;
        frame.ended = result === 'return' ? 'continue' : result;
        return true;
      },
    };
    return frame;
  });

  type Frame = (typeof frames)[number];
  const enter = (frame: Frame, chain: RouteChain): void => {
    frame.chain = chain;
    frame.last = -1;
    frame.ended = undefined;
  };

  const evalChain = (chain: RouteChain, depth: number): ChainOutcome => {
    const frame = frames[depth];
    if (frame === undefined) throw new Error(`chain nesting deeper than ${MAX_DEPTH} at ${chain.name}`);
    enter(frame, chain);
    if (!(fast && chain.forEachCandidate(dst, portKey(protocol, dstPort), frame.visit))) {
      chain.forEachRule(frame.visit);
    }
    if (frame.ended !== undefined) return frame.ended;
    rulesEvaluated += chain.size() - frame.last - 1;
    return 'continue';
  };

  /** A built-in chain: falling off its end applies the policy, ACCEPT on a kube-proxy node. */
  const hook = (table: IptablesTableName, name: string): 'accept' | 'drop' | 'reject' => {
    const outcome = evalChain(chainOf(table, name), 0);
    return outcome === 'continue' ? 'accept' : outcome;
  };

  const finish = (verdict: 'accept' | 'drop' | 'reject'): IptablesRouteResult => {
    const outcome = { masqueraded, trace, rulesEvaluated };
    if (verdict !== 'accept') return { verdict, ...outcome };
    return dnat
      ? { verdict: 'dnat', destination: { ip: dstIP, port: dstPort }, ...outcome }
      : { verdict, ...outcome };
  };

  const walk = (): IptablesRouteResult => {
    let verdict: 'accept' | 'drop' | 'reject';
    if (packet.entry === 'local') {
      // Locally generated: nat OUTPUT (priority -100) before filter OUTPUT (0), then POSTROUTING; a local
      // destination then loops back through filter INPUT (nat PREROUTING is skipped: the conntrack entry
      // is already confirmed).
      if ((verdict = hook('nat', 'OUTPUT')) !== 'accept') return finish(verdict);
      if ((verdict = hook('filter', 'OUTPUT')) !== 'accept') return finish(verdict);
      if ((verdict = hook('nat', 'POSTROUTING')) !== 'accept') return finish(verdict);
      return finish(isLocal(dst) ? hook('filter', 'INPUT') : 'accept');
    }
    // Received: nat PREROUTING, then the routing decision on the (possibly DNATed) destination.
    if ((verdict = hook('nat', 'PREROUTING')) !== 'accept') return finish(verdict);
    if (isLocal(dst)) return finish(hook('filter', 'INPUT'));
    if ((verdict = hook('filter', 'FORWARD')) !== 'accept') return finish(verdict);
    return finish(hook('nat', 'POSTROUTING'));
  };

  return {
    walk(nextPacket, nextCtx) {
      packet = nextPacket;
      ctx = nextCtx;
      if (ctx.nodeIPs !== nodeIPs) {
        nodeIPs = ctx.nodeIPs;
        localAddresses = new Set(nodeIPs.map((ip) => parseIpv4(ip) ?? -1));
      }
      src = addressOf(packet.srcIP);
      protocol = packet.protocol.toLowerCase();
      dstIP = packet.dstIP;
      dst = addressOf(dstIP);
      dstPort = packet.dstPort;
      mark = 0;
      dnat = false;
      masqueraded = false;
      rulesEvaluated = 0;
      trace = [];
      return walk();
    },
  };
}
