/**
 * The iptables mode's cost model: how long a sync and a new connection's first packet take on a real
 * node, from the work svcsim counts (restore lines written, rules held, rules evaluated). Every
 * constant is calibrated to a published figure (reference/performance.md, section 1); the results are
 * integers so runs stay deterministic.
 *
 * Sync. `iptables-restore` parses its input line by line, but it also reads the whole table from the
 * kernel and writes the whole table back (the table is replaced as one blob, partial input or not).
 * So a sync costs `restoreMicrosPerLine` per line written (L) plus `kernelMicrosPerRule` per rule held (K):
 *   - a ~696k-line full restore takes ~12.8 s (kubernetes issue #96018): 18.4 µs per line when every
 *     rule is also written, i.e. L + K = 18.4 µs;
 *   - partial restores (KEP-3453) about halved network programming latency at 5,000 nodes (p50 27 s ->
 *     13 s), while writing only the top-level chains, about 1/8 of a 10,000-Service table: so
 *     L / 8 + K = (L + K) / 2, i.e. K = 3/4 L, which gives L = 10.5 µs and K = 7.9 µs.
 *   - `syncFixedMicros`: starting iptables-restore and iptables-save once per sync; a small cluster's
 *     sync lands in the first `sync_proxy_rules_duration_seconds` bucket (1 ms), so 1 ms.
 *
 * First packet. iptables walks KUBE-SERVICES linearly, so a new connection's first-packet latency grows
 * with the rules it passes; nftables, which does one map lookup, stays flat at p50 ~12 µs from 5k to 30k
 * Services (nftables KEP-3866 chart, Kubernetes blog "NFTables mode for kube-proxy", 2025-02-28). That
 * flat part is `firstPacketBaseNanos`. The per-rule cost is fitted to iptables' published p50 of 47 µs
 * at 5k and 59 µs at 10k Services, using the rules this model evaluates for a pod's first packet to a
 * uniformly chosen ClusterIP of two-endpoint Services (p50 2,491 at 5k and 5,058 at 10k: about half of
 * KUBE-SERVICES plus the hooks, the SVC and SEP chains and the filter chains): 11 ns per rule gives
 * 39 µs and 68 µs, within 17 % of both (the least-squares fit is 10.6 ns), and sits in the 10-25 ns per
 * rule that the same sources give. The published curve is not linear (272 µs at 30k), so no single
 * constant fits every point; p50 at 5k-10k is the range this model is calibrated for.
 */
export const IPTABLES_COST_MODEL = {
  syncFixedMicros: 1_000,
  restoreMicrosPerLine: 10.5,
  kernelMicrosPerRule: 7.9,
  firstPacketBaseNanos: 12_000,
  firstPacketNanosPerRule: 11,
} as const;

/** What a sync did, as the sync cost depends on it. */
export interface IptablesSyncWork {
  /** Lines of the restore input: table headers, chain lines, `-A` and `-X` lines, COMMITs. */
  readonly restoreLines: number;
  /** Rules the kernel holds in kube-proxy's chains after the sync. */
  readonly rulesTotal: number;
}

/** The modelled wall time of one sync on a real node, in whole microseconds. */
export function iptablesSyncCostMicros(work: IptablesSyncWork): number {
  const model = IPTABLES_COST_MODEL;
  return Math.round(
    model.syncFixedMicros +
      model.restoreMicrosPerLine * work.restoreLines +
      model.kernelMicrosPerRule * work.rulesTotal,
  );
}

/** The modelled first-packet latency of a new connection that made the kernel evaluate `rules` rules. */
export function iptablesFirstPacketNanos(rulesEvaluated: number): number {
  return (
    IPTABLES_COST_MODEL.firstPacketBaseNanos + IPTABLES_COST_MODEL.firstPacketNanosPerRule * rulesEvaluated
  );
}
