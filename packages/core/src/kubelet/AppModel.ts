import type { SimTime } from '../SimTime.js';

/**
 * How the application inside one container behaves, as the `svcsim.dev/*` annotations describe it
 * (docs/app-model.md). Plain data; every instant is in milliseconds after the container starts, so a
 * restarted container replays the same behaviour from its own start.
 */
export interface AppModel {
  /** From container start until the application is up: listening on its ports, able to pass a health check. */
  readonly startupDelayMs: SimTime;
  /** 127.0.0.1 means loopback only: connections to the pod IP are refused, exec probes still work. */
  readonly bindAddress: BindAddress;
  /**
   * TCP ports it listens on once up, ascending and unique; `any` for a container that declares no port
   * at all, which is taken to listen on whatever port it is asked on (containerPort is informational).
   */
  readonly ports: readonly number[] | 'any';
  /** Health of its endpoint over time: the first entry is at 0, instants strictly increase. */
  readonly health: readonly HealthChange[];
  /** When it exits on its own, if it does. */
  readonly crash?: { readonly afterMs: SimTime; readonly exitCode: number };
  /** How long it keeps serving after SIGTERM before it exits (exit code 0). */
  readonly serveAfterSigtermMs: SimTime;
  /** Health from SIGTERM on, or `unchanged` to keep following the schedule while it drains. */
  readonly healthOnSigterm: HealthState | 'unchanged';
  /** How long a health check (HTTP, gRPC, exec) takes to answer; at or beyond a probe's timeout it fails. */
  readonly responseLatencyMs: SimTime;
}

export type BindAddress = '0.0.0.0' | '127.0.0.1';

/**
 * healthy: answers success. failing: answers failure (HTTP 500, gRPC NOT_SERVING, exit code 1).
 * hanging: accepts the connection and never answers, so every check times out.
 */
export type HealthState = 'healthy' | 'failing' | 'hanging';

export interface HealthChange {
  /** Milliseconds after container start. */
  readonly at: SimTime;
  readonly state: HealthState;
}

/** The annotation prefix; the setting follows it, optionally with `.<container>` to address one container. */
export const APP_ANNOTATION_PREFIX = 'svcsim.dev/';

/** Every setting the app model reads, by annotation name (after the prefix). */
export const APP_SETTINGS = [
  'startup-delay',
  'bind-address',
  'ports',
  'health',
  'crash-after',
  'exit-code',
  'serve-after-sigterm',
  'health-on-sigterm',
  'response-latency',
] as const;

export type AppSetting = (typeof APP_SETTINGS)[number];

/** The exit code of a crash when `svcsim.dev/exit-code` is not given. */
export const DEFAULT_CRASH_EXIT_CODE = 1;

/**
 * The application svcsim assumes when nothing is annotated: up at once on every declared TCP
 * containerPort (any port when it declares none), bound to all addresses, always healthy, instant
 * answers, exits as soon as it gets SIGTERM. `ports` is filled in per container.
 */
export const DEFAULT_APP_MODEL: AppModel = {
  startupDelayMs: 0,
  bindAddress: '0.0.0.0',
  ports: [],
  health: [{ at: 0, state: 'healthy' }],
  serveAfterSigtermMs: 0,
  healthOnSigterm: 'unchanged',
  responseLatencyMs: 0,
};
