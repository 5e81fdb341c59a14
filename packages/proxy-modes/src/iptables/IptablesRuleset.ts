/** The two tables kube-proxy's iptables mode writes with iptables-restore. */
export type IptablesTableName = 'filter' | 'nat';

/**
 * One `-A` line of the restore input, kept structured so later stages can trace a packet's path back
 * to the ServicePort and endpoint that produced the rule.
 */
export interface IptablesRule {
  /** Position among the table's rules in the restore input (kube-proxy interleaves chains). */
  readonly seq: number;
  readonly chain: string;
  /** Arguments after `-A <chain>`, exactly as kube-proxy writes them (comments already quoted). */
  readonly args: readonly string[];
  /** The ServicePortName string the rule was generated for; absent for the fixed rules. */
  readonly servicePortName?: string;
  /** The endpoint (`ip:port`) the rule dispatches to or DNATs to, when there is one. */
  readonly endpoint?: string;
}

export interface IptablesChain {
  readonly name: string;
  /** Rules in chain order (which is also their relative order in the restore input). */
  readonly rules: readonly IptablesRule[];
}

export interface IptablesTable {
  readonly name: IptablesTableName;
  /** Chains in the order of their `:NAME - [0:0]` lines. */
  readonly chains: readonly IptablesChain[];
}

/** The rules one kube-proxy sync writes: the filter table, then the nat table. */
export interface IptablesRuleset {
  readonly filter: IptablesTable;
  readonly nat: IptablesTable;
  /** Whether the total endpoint count exceeded the threshold, so endpoint comments were dropped. */
  readonly largeClusterMode: boolean;
}

/** Every rule of a table in restore-input order. */
export function tableRulesInOrder(table: IptablesTable): IptablesRule[] {
  return table.chains.flatMap((chain) => chain.rules).sort((a, b) => a.seq - b.seq);
}

/** The rules of one chain, or an empty list when the table has no such chain. */
export function rulesOfChain(table: IptablesTable, chainName: string): readonly IptablesRule[] {
  return table.chains.find((chain) => chain.name === chainName)?.rules ?? [];
}

/**
 * A rule before it is placed in a restore input: what `-A <chain> <args>` says and what produced it.
 * The assembler numbers specs into IptablesRules in the order it writes them.
 */
export interface IptablesRuleSpec {
  readonly chain: string;
  readonly args: readonly string[];
  readonly servicePortName?: string;
  readonly endpoint?: string;
}
