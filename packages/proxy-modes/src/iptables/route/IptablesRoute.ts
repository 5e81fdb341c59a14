import type { Protocol, RandomStream } from '@svcsim/core';

import type { IptablesTableName } from '../IptablesRuleset.js';

/** The first packet of a NEW connection, as the node's netfilter hooks see it. */
export interface IptablesPacket {
  readonly srcIP: string;
  readonly srcPort: number;
  readonly dstIP: string;
  readonly dstPort: number;
  readonly protocol: Protocol;
  /**
   * `local`: originated by a process on the node (nat OUTPUT, filter OUTPUT, nat POSTROUTING, then
   * filter INPUT when the destination is a local address). `forward`: arrives from a pod or another
   * host (nat PREROUTING, then filter INPUT for a local destination, else filter FORWARD and nat
   * POSTROUTING).
   */
  readonly entry: 'local' | 'forward';
}

/**
 * The kernel's xt_recent lists: list name (kube-proxy names them after the SEP chain) -> source IP ->
 * virtual time in ms it was last `--set`. Mutated by routing, like the kernel's /proc/net/xt_recent.
 */
export type RecentTable = Map<string, Map<string, number>>;

/** An empty set of xt_recent lists. */
export function createRecentTable(): RecentTable {
  return new Map();
}

/** A deep copy of the xt_recent lists, so two routers can be fed identical state. */
export function cloneRecentTable(table: RecentTable): RecentTable {
  return new Map([...table].map(([name, list]) => [name, new Map(list)]));
}

/** What routing a packet may depend on besides the ruleset itself. */
export interface IptablesRouteContext {
  /** The node's own addresses (`addrtype LOCAL`); 127.0.0.0/8 is always local as well. */
  readonly nodeIPs: readonly string[];
  /** One draw per `-m statistic` match evaluated. */
  readonly random: RandomStream;
  /** Virtual time in milliseconds, for `-m recent`. */
  readonly now: number;
  readonly recent: RecentTable;
}

/** One rule that matched, in the order the kernel matched it. */
export interface IptablesTraceEntry {
  readonly table: IptablesTableName;
  /** The chain the rule is in (a built-in chain for kube-proxy's jump rules). */
  readonly chain: string;
  readonly args: readonly string[];
  readonly servicePortName?: string;
  readonly endpoint?: string;
}

interface RouteOutcome {
  /** Whether KUBE-POSTROUTING masqueraded the packet (it carried the KUBE-MARK-MASQ mark). */
  readonly masqueraded: boolean;
  readonly trace: readonly IptablesTraceEntry[];
  /** Rules the kernel evaluated for this packet: the per-new-connection cost of iptables mode. */
  readonly rulesEvaluated: number;
}

/**
 * The fate of a NEW connection: DNATed to an endpoint, rejected or dropped by the filter table, or
 * accepted unchanged because no Service rule applied.
 */
export type IptablesRouteResult =
  | (RouteOutcome & {
      readonly verdict: 'dnat';
      readonly destination: { readonly ip: string; readonly port: number };
    })
  | (RouteOutcome & { readonly verdict: 'reject' | 'drop' | 'accept' });
