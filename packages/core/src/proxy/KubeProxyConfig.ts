/**
 * How every node's kube-proxy runs in a simulation: the mode, the sync cadence, how late each node
 * sees changes, and the flags rule generation depends on. Recorded in the log header (it is part of
 * SimulationConfig), so it must stay plain data.
 */
export interface KubeProxyConfig {
  /** The ProxyMode name; `run` is given the mode itself and checks that the names agree. */
  readonly mode: string;
  /** `--*-min-sync-period`: syncs run at most this often (a token bucket with burst 2). Default 1s. */
  readonly minSyncPeriodMs: number;
  /** `--*-sync-period`: a sync runs at least this often even with nothing changed. Default 30s. */
  readonly syncPeriodMs: number;
  /** How late this kube-proxy's informers see Service and EndpointSlice changes. */
  readonly watchDelayMs: number;
  /**
   * `--cluster-cidr`, for the ClusterCIDR LocalTrafficDetector (which traffic counts as from pods);
   * absent: no detector, so the masquerade rules that depend on it are left out, as kube-proxy does.
   */
  readonly clusterCIDR?: string;
  /** `--masquerade-all`. */
  readonly masqueradeAll: boolean;
  /**
   * The kube-proxy release to behave like, where svcsim models how it differs from today's
   * (`1.22.3`: the 1.22 iptables regressions; docs/kube-proxy-compat.md lists them). Absent, or a
   * release svcsim models no difference for: today's behaviour.
   */
  readonly emulateVersion?: string;
  /** Per-node overrides, so nodes can lag or sync differently (node name -> fields). */
  readonly nodes: Readonly<Record<string, KubeProxyNodeOverrides>>;
}

/** The fields one node may set differently from the rest. */
export type KubeProxyNodeOverrides = Partial<
  Pick<KubeProxyConfig, 'minSyncPeriodMs' | 'syncPeriodMs' | 'watchDelayMs' | 'emulateVersion'>
>;

/** kube-proxy's defaults for the iptables mode, and the control plane's usual 50 ms watch delay. */
export const DEFAULT_KUBE_PROXY_CONFIG: KubeProxyConfig = {
  mode: 'iptables',
  minSyncPeriodMs: 1000,
  syncPeriodMs: 30_000,
  watchDelayMs: 50,
  masqueradeAll: false,
  nodes: {},
};
