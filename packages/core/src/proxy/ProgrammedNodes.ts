import type { NodeProxyView, ProxyMode } from './ProxyMode.js';

/**
 * The kernel state every node's kube-proxy has programmed so far: what the data plane routes new
 * connections through. Written only by the kube-proxy sync loop; read by the data plane and views.
 */
export interface ProgrammedNodes {
  /** The mode every node runs. */
  readonly mode: ProxyMode;
  /**
   * What node `name`'s kernel holds now: the rules of its last successful sync (they survive a
   * kube-proxy restart), or undefined when its kube-proxy has never synced.
   */
  rulesOf(name: string): unknown;
  /**
   * The view node `name`'s rules were compiled from at its last successful sync (undefined before any),
   * so a trace can compare what a lagging node programmed with the truth.
   */
  syncedViewOf?(name: string): NodeProxyView | undefined;
}
