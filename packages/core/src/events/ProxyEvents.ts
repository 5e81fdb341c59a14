/** A node's kube-proxy process stopped (crashed, or was stopped for an upgrade); its rules stay in the kernel. */
export interface ProxyStopped {
  readonly type: 'proxy/stopped';
  readonly node: string;
}

/**
 * A node's kube-proxy process started again. It relists Services and EndpointSlices (after its
 * watch delay) and its first sync is a full one.
 */
export interface ProxyStarted {
  readonly type: 'proxy/started';
  readonly node: string;
}

/** Why a sync ran (`syncProxyRules` does not say; svcsim records it so timelines can). */
export type ProxySyncReason =
  /** The first sync after the process started: always full. */
  | 'start'
  /** Services or EndpointSlices changed. */
  | 'change'
  /** syncPeriod passed with nothing changed (the bounded-frequency runner's max interval). */
  | 'periodic';

/** One kube-proxy sync on one node: what it rewrote and what that cost. */
export interface ProxySynced {
  readonly type: 'proxy/synced';
  readonly node: string;
  readonly mode: string;
  readonly reason: ProxySyncReason;
  /** Full: every chain rewritten. Partial: only the changed Services' chains (section 1.10). */
  readonly full: boolean;
  /** Keys (`namespace/name`) of the Services whose chains this sync rewrote, sorted; empty for a full sync. */
  readonly services: readonly string[];
  /** How many Services changed since the previous sync (for a full sync, all of them count). */
  readonly servicesChanged: number;
  readonly rulesWritten: number;
  readonly rulesTotal: number;
  /** The sync's modelled duration on a real node. */
  readonly costMicros: number;
}
