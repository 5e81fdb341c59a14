/** What one node's kube-proxy is configured with, as far as rule generation depends on it. */
export interface NodeProxyConfig {
  readonly nodeName: string;
  /** The node's IPs; the first IPv4 one is kube-proxy's `nodeIP` (loadBalancerSourceRanges check). */
  readonly nodeIPs: readonly string[];
  /** `--cluster-cidr` for the ClusterCIDR LocalTrafficDetector; absent means "not implemented". */
  readonly clusterCIDR?: string;
  /** `--iptables-masquerade-bit`; the mark is `1 << masqueradeBit`. */
  readonly masqueradeBit: number;
  readonly masqueradeAll: boolean;
  /** `--iptables-localhost-nodeports`. */
  readonly localhostNodePorts: boolean;
  /** Whether the kernel supports nfacct counters (adds the localhost-NodePort and INVALID counters). */
  readonly nfacct: boolean;
  /** Above this many endpoints in total, SEP and SVC endpoint rules lose their comments. */
  readonly largeClusterThreshold: number;
  /**
   * The kube-proxy release this node runs, when it is not today's (KubeProxyConfig.emulateVersion,
   * validated); each mode decides which of its known differences that release has.
   */
  readonly emulateVersion?: string;
}

/** kube-proxy's defaults (`pkg/proxy/apis/config/v1alpha1/defaults.go`, `largeClusterEndpointsThreshold`). */
export const DEFAULT_NODE_PROXY_CONFIG = {
  masqueradeBit: 14,
  masqueradeAll: false,
  localhostNodePorts: true,
  nfacct: false,
  largeClusterThreshold: 1000,
} as const;

/** Builds a NodeProxyConfig from the per-node facts, with kube-proxy's defaults for the rest. */
export function resolveNodeProxyConfig(
  options: Pick<NodeProxyConfig, 'nodeName' | 'nodeIPs'> & Partial<NodeProxyConfig>,
): NodeProxyConfig {
  return { ...DEFAULT_NODE_PROXY_CONFIG, ...options };
}
