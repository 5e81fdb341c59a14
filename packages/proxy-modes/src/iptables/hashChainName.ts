import { createHash } from 'node:crypto';

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The first 16 characters of `base32.StdEncoding(sha256(text))`, kube-proxy's chain-name hash (1.3). */
export function hash16(text: string): string {
  const bytes = createHash('sha256').update(text, 'utf8').digest();
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET.charAt((buffer >>> (bits - 5)) & 31);
      bits -= 5;
      if (out.length === 16) return out;
    }
  }
  return out;
}

/** Service chain prefixes; all four share one hash per ServicePort. */
export type ServiceChainPrefix = 'KUBE-SVC-' | 'KUBE-SVL-' | 'KUBE-EXT-' | 'KUBE-FW-';

/**
 * `servicePortPolicyClusterChain` and friends: prefix + hash16(ServicePortName + lowercase protocol).
 */
export function servicePortChainName(
  servicePortName: string,
  protocol: string,
  prefix: ServiceChainPrefix,
): string {
  return prefix + hash16(servicePortName + protocol.toLowerCase());
}

/** `servicePortEndpointChainName`: `KUBE-SEP-` + hash16(ServicePortName + lowercase protocol + endpoint). */
export function endpointChainName(servicePortName: string, protocol: string, endpoint: string): string {
  return 'KUBE-SEP-' + hash16(servicePortName + protocol.toLowerCase() + endpoint);
}
