import type { ParsedRule } from './parseIptablesRule.js';

const PROTOCOL_CODES: Readonly<Record<string, number>> = { tcp: 1, udp: 2, sctp: 3 };

/** A number standing for (protocol, port), so lookups build no strings per packet. */
export function portKey(protocol: string, port: number): number {
  return port * 4 + (PROTOCOL_CODES[protocol] ?? 0);
}

/**
 * Where an index may file a rule: under its exact destination (or any destination, `dst` undefined)
 * and its (protocol, port); undefined when the rule must be evaluated for every packet (no protocol or
 * port match, a negated protocol, or a match with side effects such as a statistic draw).
 */
export function ruleIndexKey(rule: ParsedRule): { dst: number | undefined; key: number } | undefined {
  if (rule.hasSideEffects || rule.protocol === undefined || rule.protocol.invert) return undefined;
  const port = rule.matches.find((m) => m.kind === 'port');
  if (port?.dport === undefined) return undefined;
  const key = portKey(rule.protocol.name, port.dport);
  const dst = rule.dst;
  const exact = dst !== undefined && !dst.invert && dst.mask === 0xffffffff;
  return { dst: exact ? dst.base : undefined, key };
}
