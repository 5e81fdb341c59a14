/** kubectl cuts a load balancer's address list to this many characters unless `-o wide`. */
const LOAD_BALANCER_WIDTH = 16;

/**
 * A load balancer's ingress points as kubectl's EXTERNAL-IP and ADDRESS columns show them: each one's
 * IP, or else its hostname, without duplicates, joined by commas and cut to 16 characters unless wide.
 * kubectl collects them in an unordered set; svcsim sorts them so the output is stable.
 */
export function loadBalancerAddresses(
  ingress: readonly { readonly ip?: string; readonly hostname?: string }[] | undefined,
  wide: boolean,
): string {
  const addresses = new Set<string>();
  for (const point of ingress ?? []) {
    const address = point.ip !== undefined && point.ip !== '' ? point.ip : (point.hostname ?? '');
    if (address !== '') addresses.add(address);
  }
  const joined = [...addresses].sort().join(',');
  return !wide && joined.length > LOAD_BALANCER_WIDTH
    ? `${joined.slice(0, LOAD_BALANCER_WIDTH - 3)}...`
    : joined;
}
