import type { IptablesTableName } from '../IptablesRuleset.js';
import { portKey, type CompiledChain, type CompiledRule, type RouteTables } from './compileRouteTables.js';
import type {
  IptablesPacket,
  IptablesRouteContext,
  IptablesRouteResult,
  IptablesTraceEntry,
} from './IptablesRoute.js';
import { ipv4ToUint32, type AddressMatch, type ParsedRule } from './parseIptablesRule.js';

/** How a chain ended: fell off its end or hit RETURN (`continue`), or a terminating verdict. */
type ChainOutcome = 'continue' | 'accept' | 'drop' | 'reject';
/** How a rule ended: go on with the next rule, leave the chain (RETURN), or a terminating verdict. */
type RuleOutcome = 'next' | 'return' | 'accept' | 'drop' | 'reject';

const EMPTY: readonly number[] = [];
const LOOPBACK = ipv4ToUint32('127.0.0.0') ?? 0;
const LOOPBACK_MASK = 0xff000000;
/** Deeper than any kube-proxy chain nesting (built-in -> SERVICES -> NODEPORTS -> EXT -> SVC -> SEP -> MARK-MASQ). */
const MAX_DEPTH = 32;

function addressOf(ip: string): number {
  const value = ipv4ToUint32(ip);
  if (value === undefined) throw new Error(`unsupported packet address ${ip} (IPv4 only)`);
  return value;
}

function addressMatches(match: AddressMatch | undefined, address: number): boolean {
  return match === undefined || ((address & match.mask) >>> 0 === match.base) !== match.invert;
}

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
  const src = addressOf(packet.srcIP);
  const protocol = packet.protocol.toLowerCase();
  const localAddresses = new Set(ctx.nodeIPs.map((ip) => ipv4ToUint32(ip) ?? -1));
  const isLocal = (address: number): boolean =>
    (address & LOOPBACK_MASK) >>> 0 === LOOPBACK || localAddresses.has(address);
  let dstIP = packet.dstIP;
  let dst = addressOf(dstIP);
  let dstPort = packet.dstPort;
  let mark = 0;
  let dnat = false;
  let masqueraded = false;
  let rulesEvaluated = 0;
  const trace: IptablesTraceEntry[] = [];

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
          const hit = match.states.some(
            (state) => state === 'NEW' || (state === 'DNAT' && dnat) || (state === 'SNAT' && masqueraded),
          );
          if (hit === match.invert) return false;
          break;
        }
        default:
          throw new Error(`unhandled match ${JSON.stringify(match)}`);
      }
    }
    return true;
  };

  const chainOf = (table: IptablesTableName, name: string): CompiledChain => {
    const chain = tables[table].get(name);
    if (chain === undefined) throw new Error(`no chain ${name} in the ${table} table`);
    return chain;
  };

  const evalRule = (chain: CompiledChain, rule: CompiledRule, depth: number): RuleOutcome => {
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

  const evalChain = (chain: CompiledChain, depth: number): ChainOutcome => {
    if (depth > MAX_DEPTH) throw new Error(`chain nesting deeper than ${MAX_DEPTH} at ${chain.name}`);
    const rules = chain.rules;
    const index = fast ? chain.index : undefined;
    if (index === undefined) {
      for (const rule of rules) {
        const outcome = evalRule(chain, rule, depth);
        if (outcome === 'return') return 'continue';
        if (outcome !== 'next') return outcome;
      }
      return 'continue';
    }
    // Merge the three sorted candidate lists; every position between two candidates is charged unseen.
    const key = portKey(protocol, dstPort);
    const exact = index.exact.get(dst)?.get(key) ?? EMPTY;
    const byPort = index.byPort.get(key) ?? EMPTY;
    const generic = index.generic;
    let a = 0;
    let b = 0;
    let c = 0;
    let last = -1;
    for (;;) {
      const pa = exact[a] ?? Infinity;
      const pb = byPort[b] ?? Infinity;
      const pc = generic[c] ?? Infinity;
      const position = Math.min(pa, pb, pc);
      if (position === Infinity) break;
      if (position === pa) a++;
      else if (position === pb) b++;
      else c++;
      rulesEvaluated += position - last - 1;
      last = position;
      const rule = rules[position];
      if (rule === undefined) throw new Error(`index out of range in ${chain.name}`);
      const outcome = evalRule(chain, rule, depth);
      if (outcome === 'return') return 'continue';
      if (outcome !== 'next') return outcome;
    }
    rulesEvaluated += rules.length - last - 1;
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
}
