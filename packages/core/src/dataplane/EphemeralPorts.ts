/** Linux's default `net.ipv4.ip_local_port_range`: the ports connect() picks a client port from. */
export const EPHEMERAL_PORT_FIRST = 32768;
export const EPHEMERAL_PORT_LAST = 60999;

/** Client ports of open connections, per source IP. */
export interface EphemeralPorts {
  /**
   * Takes a client port for a new connection from `ip`: `requested` when the input names one (taken
   * as given, even if in use: the caller owns that choice), else the next ephemeral port after the
   * last one handed out to `ip` that no open connection from `ip` holds. Undefined when every
   * ephemeral port of `ip` is in use (connect() fails with EADDRNOTAVAIL).
   */
  take(ip: string, requested?: number): number | undefined;
  /** Gives a port back when its connection ends. */
  release(ip: string, port: number): void;
}

interface SourcePorts {
  /** The port the next search starts from. */
  next: number;
  /** Port -> open connections using it. */
  readonly inUse: Map<number, number>;
}

const RANGE_SIZE = EPHEMERAL_PORT_LAST - EPHEMERAL_PORT_FIRST + 1;

/**
 * Creates the allocator. Linux picks the starting point of its search with a keyed hash; svcsim hands
 * ports out in order instead, which is deterministic without drawing randomness and, like Linux,
 * never gives a source two open connections with one port. One port space per source IP serves every
 * protocol (Linux keeps TCP and UDP apart; sharing only matters after 28,232 open connections).
 */
export function createEphemeralPorts(): EphemeralPorts {
  const bySource = new Map<string, SourcePorts>();

  function sourcePorts(ip: string): SourcePorts {
    let ports = bySource.get(ip);
    if (ports === undefined) {
      ports = { next: EPHEMERAL_PORT_FIRST, inUse: new Map() };
      bySource.set(ip, ports);
    }
    return ports;
  }

  function hold(ports: SourcePorts, port: number): number {
    ports.inUse.set(port, (ports.inUse.get(port) ?? 0) + 1);
    return port;
  }

  return {
    take(ip, requested) {
      const ports = sourcePorts(ip);
      if (requested !== undefined) return hold(ports, requested);
      // Sequential from `next`, so the search is O(1) until the range wraps around onto ports still held.
      for (let i = 0; i < RANGE_SIZE; i++) {
        const port = EPHEMERAL_PORT_FIRST + ((ports.next - EPHEMERAL_PORT_FIRST + i) % RANGE_SIZE);
        if (!ports.inUse.has(port)) {
          ports.next = port === EPHEMERAL_PORT_LAST ? EPHEMERAL_PORT_FIRST : port + 1;
          return hold(ports, port);
        }
      }
      return undefined;
    },
    release(ip, port) {
      const inUse = bySource.get(ip)?.inUse;
      const count = inUse?.get(port);
      if (inUse === undefined || count === undefined) return;
      if (count > 1) inUse.set(port, count - 1);
      else inUse.delete(port);
    },
  };
}
