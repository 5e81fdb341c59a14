import type { SimTime } from '../SimTime.js';
import { assertKubeProxyConfig } from '../controllers/kubeProxy/assertKubeProxyConfig.js';
import { cidrContains, parseIpv4Cidr } from '../net/ipv4.js';
import { DEFAULT_KUBE_PROXY_CONFIG, type KubeProxyConfig } from '../proxy/KubeProxyConfig.js';

/** The settings that change what a run does; recorded in the log header so re-simulation can repeat them. */
export interface SimulationConfig {
  /** How long the run lasts; inputs must fall within [0, durationMs]. */
  readonly durationMs: SimTime;
  /** How late the control plane's controllers see changes (their informers' watch delay). */
  readonly watchDelayMs: number;
  /** The Service ClusterIP range (kube-apiserver --service-cluster-ip-range). */
  readonly serviceCIDR: string;
  /** The NodePort range (kube-apiserver --service-node-port-range), "first-last". */
  readonly nodePortRange: string;
  /**
   * The addresses a load-balancer controller (as MetalLB or a cloud provider's) gives LoadBalancer
   * Services, lowest first; absent, no such controller runs and they stay pending, as on a bare cluster.
   * An IPv4 CIDR that must not overlap serviceCIDR, e.g. 203.0.113.0/24.
   */
  readonly loadBalancerCIDR?: string;
  /**
   * How long the node lifecycle controller waits, after a node's kubelet last posted status, before it
   * marks the node Ready=Unknown and its pods not Ready (kube-controller-manager
   * --node-monitor-grace-period); absent, DEFAULT_NODE_MONITOR_GRACE_PERIOD_MS.
   */
  readonly nodeMonitorGracePeriodMs?: number;
  /**
   * The tolerationSeconds the DefaultTolerationSeconds admission plugin gives pods for the not-ready and
   * unreachable NoExecute taints: how long pods stay bound to an unreachable node before they are
   * evicted (kube-apiserver --default-unreachable-toleration-seconds); absent,
   * DEFAULT_TOLERATION_SECONDS.
   */
  readonly defaultTolerationSeconds?: number;
  /**
   * Every node's kube-proxy; absent, no kube-proxy runs (no rules, no syncs, no data plane). `run` must
   * then be given the ProxyMode named by `proxy.mode`.
   */
  readonly proxy?: KubeProxyConfig;
}

/**
 * 40 s, the default of --node-monitor-grace-period until Kubernetes 1.32 raised it to 50 s (kubernetes
 * PR #126287, so that it exceeds the kubelet's 40 s lease duration). svcsim keeps the long-standing 40 s,
 * which most clusters people replay incidents from still run with; set 50_000 for 1.32 and later.
 */
export const DEFAULT_NODE_MONITOR_GRACE_PERIOD_MS = 40_000;

/** 300 s, the DefaultTolerationSeconds admission plugin's default for both taints. */
export const DEFAULT_TOLERATION_SECONDS = 300;

/** kubeadm's defaults: 10.96.0.0/12 and 30000-32767. */
export const DEFAULT_SIMULATION_CONFIG: SimulationConfig = {
  durationMs: 60_000,
  watchDelayMs: 50,
  serviceCIDR: '10.96.0.0/12',
  nodePortRange: '30000-32767',
};

/** A SimulationConfig with any field left out; `proxy`, when given, may leave fields out too. */
export type PartialSimulationConfig = Partial<Omit<SimulationConfig, 'proxy'>> & {
  readonly proxy?: Partial<KubeProxyConfig>;
};

/**
 * Fills the fields a caller left out with DEFAULT_SIMULATION_CONFIG's. A `proxy` given (even `{}`)
 * is completed with DEFAULT_KUBE_PROXY_CONFIG's; without one, the run has no kube-proxy.
 */
export function resolveSimulationConfig(partial: PartialSimulationConfig): SimulationConfig {
  const { proxy, ...rest } = partial;
  const resolved: SimulationConfig = { ...DEFAULT_SIMULATION_CONFIG, ...rest };
  return proxy === undefined ? resolved : { ...resolved, proxy: { ...DEFAULT_KUBE_PROXY_CONFIG, ...proxy } };
}

/** Checks a config read from outside (a log header, a command line), naming the first bad field. */
export function assertSimulationConfig(value: unknown, where: string): asserts value is SimulationConfig {
  if (typeof value !== 'object' || value === null) {
    throw new TypeError(
      `${where}: expected an object with durationMs, watchDelayMs, serviceCIDR and nodePortRange`,
    );
  }
  const record = value as Record<string, unknown>;
  for (const field of ['durationMs', 'watchDelayMs'] as const) {
    const v = record[field];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
      throw new TypeError(
        `${where}.${field}: expected a non-negative integer number of milliseconds, got ${JSON.stringify(v)}`,
      );
    }
  }
  const cidr = record['serviceCIDR'];
  if (typeof cidr !== 'string' || parseIpv4Cidr(cidr) === undefined) {
    throw new TypeError(
      `${where}.serviceCIDR: expected an IPv4 CIDR such as 10.96.0.0/12, got ${JSON.stringify(cidr)}`,
    );
  }
  const range = record['nodePortRange'];
  const match = typeof range === 'string' ? /^(\d+)-(\d+)$/.exec(range) : null;
  if (match === null || Number(match[1]) > Number(match[2]) || Number(match[2]) > 65535) {
    throw new TypeError(
      `${where}.nodePortRange: expected a port range such as 30000-32767, got ${JSON.stringify(range)}`,
    );
  }
  if ('nodeMonitorGracePeriodMs' in record) {
    const v = record['nodeMonitorGracePeriodMs'];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) {
      throw new TypeError(
        `${where}.nodeMonitorGracePeriodMs: expected a positive integer number of milliseconds, got ${JSON.stringify(v)}`,
      );
    }
  }
  if ('defaultTolerationSeconds' in record) {
    const v = record['defaultTolerationSeconds'];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
      throw new TypeError(
        `${where}.defaultTolerationSeconds: expected a non-negative integer number of seconds, got ${JSON.stringify(v)}`,
      );
    }
  }
  if ('loadBalancerCIDR' in record) assertLoadBalancerCIDR(record['loadBalancerCIDR'], cidr, where);
  if ('proxy' in record) assertKubeProxyConfig(record['proxy'], `${where}.proxy`);
}

/** The load-balancer pool: an IPv4 CIDR apart from the Service range, so no address means two things. */
function assertLoadBalancerCIDR(value: unknown, serviceCIDR: string, where: string): void {
  const pool = typeof value === 'string' ? parseIpv4Cidr(value) : undefined;
  if (pool === undefined) {
    throw new TypeError(
      `${where}.loadBalancerCIDR: expected an IPv4 CIDR such as 203.0.113.0/24, got ${JSON.stringify(value)}`,
    );
  }
  const services = parseIpv4Cidr(serviceCIDR);
  if (services !== undefined && (cidrContains(pool, services.base) || cidrContains(services, pool.base))) {
    throw new TypeError(
      `${where}.loadBalancerCIDR: ${pool.text} overlaps serviceCIDR ${services.text}; load-balancer addresses must lie outside the ClusterIP range`,
    );
  }
}
