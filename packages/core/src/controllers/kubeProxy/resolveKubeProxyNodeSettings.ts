import type { KubeProxyConfig } from '../../proxy/KubeProxyConfig.js';

/** The cadence one node's kube-proxy runs with: the cluster-wide settings with its overrides applied. */
export interface KubeProxyNodeSettings {
  readonly minSyncPeriodMs: number;
  readonly syncPeriodMs: number;
  readonly watchDelayMs: number;
}

/** Applies `config.nodes[nodeName]` (when the node has overrides) to the cluster-wide cadence. */
export function resolveKubeProxyNodeSettings(
  config: KubeProxyConfig,
  nodeName: string,
): KubeProxyNodeSettings {
  // An own-property check: a node named `constructor` must not pick up Object.prototype's.
  const overrides = Object.prototype.hasOwnProperty.call(config.nodes, nodeName)
    ? config.nodes[nodeName]
    : undefined;
  return {
    minSyncPeriodMs: overrides?.minSyncPeriodMs ?? config.minSyncPeriodMs,
    syncPeriodMs: overrides?.syncPeriodMs ?? config.syncPeriodMs,
    watchDelayMs: overrides?.watchDelayMs ?? config.watchDelayMs,
  };
}

/** Every watch delay some node may run with, ascending: one shared view is kept per delay. */
export function watchDelaysOf(config: KubeProxyConfig): number[] {
  const delays = new Set([config.watchDelayMs]);
  for (const name of Object.keys(config.nodes))
    delays.add(resolveKubeProxyNodeSettings(config, name).watchDelayMs);
  return [...delays].sort((a, b) => a - b);
}
