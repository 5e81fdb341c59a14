import type { Node } from '../../api/Node.js';
import type { KubeProxyConfig } from '../../proxy/KubeProxyConfig.js';
import { resolveNodeProxyConfig, type NodeProxyConfig } from '../../proxy/NodeProxyConfig.js';

/**
 * What a node's kube-proxy programs its rules with: its addresses from the Node object, the
 * simulation's `--cluster-cidr` and `--masquerade-all`, the release it emulates (the node's own
 * override first), and kube-proxy's defaults for the rest.
 *
 * The node IPs are what `GetNodeHostIPs` finds: the InternalIP addresses, else the ExternalIP ones.
 * A Node with neither gets 127.0.0.1, the address older kube-proxies assumed ("can't determine this
 * node's IP, assuming 127.0.0.1"); newer ones refuse to start instead, which svcsim does not model.
 */
export function nodeProxyConfigOf(node: Node, config: KubeProxyConfig): NodeProxyConfig {
  const addresses = node.status?.addresses ?? [];
  const internal = addresses.filter((a) => a.type === 'InternalIP').map((a) => a.address);
  const external = addresses.filter((a) => a.type === 'ExternalIP').map((a) => a.address);
  const nodeIPs = internal.length > 0 ? internal : external.length > 0 ? external : ['127.0.0.1'];
  const nodeName = node.metadata.name ?? '';
  // An own-property check: a node named `constructor` must not pick up Object.prototype's.
  const overrides = Object.prototype.hasOwnProperty.call(config.nodes, nodeName)
    ? config.nodes[nodeName]
    : undefined;
  const emulateVersion = overrides?.emulateVersion ?? config.emulateVersion;
  return resolveNodeProxyConfig({
    nodeName,
    nodeIPs,
    masqueradeAll: config.masqueradeAll,
    ...(config.clusterCIDR !== undefined && { clusterCIDR: config.clusterCIDR }),
    ...(emulateVersion !== undefined && { emulateVersion }),
  });
}
