import { isKubeProxyVersionIn, parseKubeProxyVersion, type NodeProxyConfig } from '@svcsim/core';

/**
 * Which known behaviours of older kube-proxy releases a node's iptables rules reproduce, decided from
 * `NodeProxyConfig.emulateVersion`. Every field false is today's proxier.
 */
export interface IptablesCompat {
  /**
   * kube-proxy 1.22.0 to 1.22.3: rules are written for every endpoint of a ServicePort, not only for the
   * usable ones (kubernetes#106182). The Service chain checks every endpoint's affinity list, NotReady
   * ones included; every endpoint gets its KUBE-SEP chain; and the Service's traffic is REJECTed only
   * when it has no endpoints at all, rather than no usable ones. The 1.22 terminating-endpoints work
   * (kubernetes#97238, on top of #96371, which put not-ready endpoints into kube-proxy's cache)
   * introduced this; kubernetes#106030 fixed it for 1.23, back-ported to 1.22.4 as #106373.
   */
  readonly rulesForEveryEndpoint: boolean;
}

const TODAY: IptablesCompat = { rulesForEveryEndpoint: false };
const KUBE_PROXY_1_22_0 = { major: 1, minor: 22, patch: 0 };
const KUBE_PROXY_1_22_4 = { major: 1, minor: 22, patch: 4 };

/**
 * The compatibility behaviours of a node's kube-proxy. A release svcsim models no difference for
 * (older or newer than the affected ones) behaves as today's; a version that does not parse is refused
 * where the configuration is read (assertKubeProxyConfig), so here it can only mean a caller skipped
 * that check.
 */
export function iptablesCompatOf(config: Pick<NodeProxyConfig, 'emulateVersion'>): IptablesCompat {
  if (config.emulateVersion === undefined) return TODAY;
  const version = parseKubeProxyVersion(config.emulateVersion);
  if (version === undefined) {
    throw new TypeError(`emulateVersion ${JSON.stringify(config.emulateVersion)} is not a release version`);
  }
  return isKubeProxyVersionIn(version, KUBE_PROXY_1_22_0, KUBE_PROXY_1_22_4)
    ? { rulesForEveryEndpoint: true }
    : TODAY;
}
