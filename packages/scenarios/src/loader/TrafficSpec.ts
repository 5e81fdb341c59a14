import type { SimTime } from '@svcsim/core';

/** Where a traffic entry's requests start from. */
export type TrafficSource =
  | { readonly kind: 'pod'; readonly namespace: string; readonly name: string }
  | { readonly kind: 'node'; readonly name: string }
  /** A client outside the cluster whose packets enter through `node` (as from a load balancer). */
  | { readonly kind: 'external'; readonly ip: string; readonly node: string };

/**
 * Where a traffic entry's requests go. The host is kept as written (an IP, a short or fully qualified
 * Service name, any DNS name) so resolution, with its search paths, happens when traffic runs.
 */
export type TrafficTarget =
  | { readonly kind: 'address'; readonly host: string; readonly port: number }
  | { readonly kind: 'url'; readonly host: string; readonly port: number; readonly path: string };

/** A steady rate: `requests` every `perMs` milliseconds (`50/s` is 50 per 1000 ms). */
export interface TrafficRate {
  readonly requests: number;
  readonly perMs: 1000 | 60_000;
}

/**
 * How clients hold connections: `new` opens a connection per request (each its own conntrack entry,
 * so each is load-balanced afresh); `reuse` keeps one keep-alive connection per client, which stays
 * on the endpoint it first reached.
 */
export type ConnectionMode = 'new' | 'reuse';

/**
 * One entry of `spec.traffic`, validated and typed. loadScenario turns it into connection inputs
 * (traffic/trafficInputs.ts) and merges them into the scenario's inputs.
 */
export interface TrafficSpec {
  readonly name: string;
  readonly from: TrafficSource;
  readonly to: TrafficTarget;
  readonly protocol: 'TCP' | 'UDP';
  readonly rate: TrafficRate;
  readonly startMs: SimTime;
  readonly endMs: SimTime;
  readonly connections: ConnectionMode;
}
