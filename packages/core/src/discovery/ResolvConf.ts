/** A resolver configuration: what `/etc/resolv.conf` holds, in the pieces the kubelet passes to the runtime. */
export interface ResolvConf {
  readonly nameservers: readonly string[];
  readonly searches: readonly string[];
  /** `name` or `name:value` entries, e.g. `ndots:5`. */
  readonly options: readonly string[];
}

/**
 * The file the container runtime writes into the pod sandbox (containerd's `parseDNSOptions`): a `search`
 * line, one `nameserver` line per server, then an `options` line, each only when non-empty. An empty result
 * makes containerd copy the node's own `/etc/resolv.conf` instead.
 */
export function renderResolvConf(conf: ResolvConf): string {
  let out = '';
  if (conf.searches.length > 0) out += `search ${conf.searches.join(' ')}\n`;
  for (const server of conf.nameservers) out += `nameserver ${server}\n`;
  if (conf.options.length > 0) out += `options ${conf.options.join(' ')}\n`;
  return out;
}
