/** A contiguous range of ports, as k8s.io/apimachinery/pkg/util/net.PortRange: `base` and `size` ports. */
export interface PortRange {
  readonly base: number;
  readonly size: number;
}

/** kube-apiserver's default `--service-node-port-range`. */
export const DEFAULT_NODE_PORT_RANGE = '30000-32767';

const PORT = /^(0|[1-9][0-9]{0,4})$/;

function parsePort(text: string): number | undefined {
  if (!PORT.test(text)) return undefined;
  const port = Number(text);
  return port <= 65535 ? port : undefined;
}

/**
 * Parses a port range the way PortRange.Set does: "low-high", "base+offset" (base to base+offset) or a
 * single port; undefined for anything else, or when the range is reversed or leaves 0-65535.
 */
export function parsePortRange(text: string): PortRange | undefined {
  const dash = text.indexOf('-');
  const plus = text.indexOf('+');
  if (dash >= 0 && plus >= 0) return undefined;
  let low: number | undefined;
  let high: number | undefined;
  if (dash >= 0) {
    low = parsePort(text.slice(0, dash));
    high = parsePort(text.slice(dash + 1));
  } else if (plus >= 0) {
    low = parsePort(text.slice(0, plus));
    const extra = parsePort(text.slice(plus + 1));
    high = low === undefined || extra === undefined ? undefined : low + extra;
  } else {
    low = parsePort(text);
    high = low;
  }
  if (low === undefined || high === undefined || high < low || high > 65535) return undefined;
  return { base: low, size: high - low + 1 };
}

/** Formats a range as PortRange.String does: "low-high", or "" for an empty range. */
export function formatPortRange(range: PortRange): string {
  return range.size === 0 ? '' : `${range.base}-${range.base + range.size - 1}`;
}
