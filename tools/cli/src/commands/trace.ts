import {
  formatSimTime,
  getObject,
  listObjects,
  parseIpv4,
  traceConnection,
  type ClusterState,
  type ConnectionSource,
  type Protocol,
  type SimTime,
} from '@svcsim/core';

import { CheckFailed, UsageError } from '../CliError.js';
import type { Io } from '../Io.js';
import { renderTrace } from '../renderTrace.js';
import { openClusterSource } from './ClusterSource.js';
import type { ViewOptions } from './clusterCommands.js';

export interface TraceOptions extends ViewOptions {
  /** `pod/NS/NAME`, `pod/NAME`, `node/NAME`, or an outside address `IP[@NODE]`. */
  readonly from: string;
  /** `HOST:PORT` or an http(s) URL. */
  readonly to: string;
  readonly protocol?: string;
  /** Trace through the rules of this kube-proxy mode instead of the run's own. */
  readonly mode?: string;
}

/** A `--from` as written: an outside address may leave its entry node to be found from the target. */
type SourceSpec =
  Exclude<ConnectionSource, { kind: 'external' }> | { kind: 'external'; ip: string; node?: string };

interface TargetSpec {
  readonly host: string;
  readonly port: number;
  /** Written as an http(s) URL, so only TCP makes sense. */
  readonly url: boolean;
}

/** At most this many names are listed when a --from names a pod or node that does not exist. */
const MAX_NAMES_LISTED = 8;
// RFC 1123 labels (any case: DNS compares names case-insensitively); a trailing dot makes it absolute.
const DNS_NAME =
  /^(?=.{1,253}\.?$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*\.?$/i;

/**
 * `svcsim trace`: every hop of a new connection made at --at (default: the end of the run), traced on
 * the run re-simulated up to that instant. Exits 0 when it would succeed; a failure prints its reason
 * last and exits 1 (CheckFailed); bad input exits 2.
 */
export async function traceCommand(options: TraceOptions, io: Io): Promise<void> {
  const from = parseFrom(options.from);
  const to = parseTo(options.to);
  const protocol = parseProtocol(options.protocol, to);
  const source = await openClusterSource(options);
  const at = options.at ?? source.durationMs;
  const run = source.runUntil(at, options.mode === undefined ? {} : { mode: options.mode });
  const resolved = checkedSource(from, run.finalState, at, to.host);
  const trace = traceConnection(run, { from: resolved, host: to.host, port: to.port, protocol });
  io.out(renderTrace(trace));
  if (!trace.outcome.ok) throw new CheckFailed(`the connection would fail: ${trace.outcome.reason}`);
}

function parseFrom(text: string): SourceSpec {
  const parts = text.split('/');
  if (parts[0] === 'pod' && parts.length === 3 && parts[1] !== '' && parts[2] !== '') {
    return { kind: 'pod', namespace: parts[1] ?? '', name: parts[2] ?? '' };
  }
  if (parts[0] === 'pod' && parts.length === 2 && parts[1] !== '') {
    return { kind: 'pod', namespace: 'default', name: parts[1] ?? '' };
  }
  if (parts[0] === 'node' && parts.length === 2 && parts[1] !== '')
    return { kind: 'node', name: parts[1] ?? '' };
  // `external/IP@NODE` is how scenario files write an outside client; plain `IP@NODE` is accepted too.
  const outside =
    parts[0] === 'external' && parts.length === 2 ? (parts[1] ?? '') : parts.length === 1 ? text : '';
  const [ip = '', node, ...rest] = outside.split('@');
  if (parseIpv4(ip) !== undefined && rest.length === 0 && node !== '') {
    return { kind: 'external', ip, ...(node !== undefined && { node }) };
  }
  throw new UsageError(
    `--from: expected pod/<namespace>/<name>, node/<name> or an outside address <ip>[@<node>], got ${JSON.stringify(text)}`,
  );
}

function parseTo(text: string): TargetSpec {
  const scheme = /^(https?):\/\//i.exec(text);
  if (scheme !== null) {
    const rest = text.slice(scheme[0].length);
    const slash = rest.indexOf('/');
    const authority = slash === -1 ? rest : rest.slice(0, slash);
    // Like any HTTP client: no port means the scheme's.
    const defaultPort = scheme[1]?.toLowerCase() === 'https' ? 443 : 80;
    const target = authority.includes(':')
      ? splitHostPort(authority)
      : { host: authority, port: defaultPort };
    if (target === undefined || !isHost(target.host)) {
      throw new UsageError(
        `--to: expected http://<host>[:<port>]/<path> with an IPv4 address or a DNS name and a port 1..65535, got ${JSON.stringify(text)}`,
      );
    }
    return { ...target, url: true };
  }
  const target = splitHostPort(text);
  if (target === undefined || !isHost(target.host)) {
    throw new UsageError(
      `--to: expected <host>:<port> (an IPv4 address or a DNS name, and a port 1..65535) or an http:// URL, got ${JSON.stringify(text)}`,
    );
  }
  return { ...target, url: false };
}

function splitHostPort(text: string): { host: string; port: number } | undefined {
  const colon = text.lastIndexOf(':');
  if (colon <= 0) return undefined;
  const portText = text.slice(colon + 1);
  if (!/^[1-9]\d{0,4}$/.test(portText) || Number(portText) > 65_535) return undefined;
  return { host: text.slice(0, colon), port: Number(portText) };
}

/** An IPv4 address, or a DNS name that is not a malformed address (`10.0.0.300` is neither). */
function isHost(host: string): boolean {
  if (parseIpv4(host) !== undefined) return true;
  return DNS_NAME.test(host) && !/^[\d.]+$/.test(host);
}

function parseProtocol(text: string | undefined, to: TargetSpec): Protocol {
  const protocol = (text ?? 'TCP').toUpperCase();
  if (protocol !== 'TCP' && protocol !== 'UDP') {
    throw new UsageError(`--protocol: expected TCP or UDP, got ${JSON.stringify(text)}`);
  }
  if (protocol === 'UDP' && to.url)
    throw new UsageError('--protocol UDP: an http(s) URL is TCP; give <host>:<port>');
  return protocol;
}

/**
 * The source as the trace needs it, checked against the cluster at `at`: a pod or node that does not
 * exist then is a usage error (listing what does), and an outside address without a node enters the
 * node whose address it connects to.
 */
function checkedSource(from: SourceSpec, state: ClusterState, at: SimTime, host: string): ConnectionSource {
  const when = formatSimTime(at);
  const nodes = listObjects(state, 'Node').map((n) => n.metadata.name ?? '');
  const checkNode = (name: string, flag: string): void => {
    if (!nodes.includes(name)) {
      throw new UsageError(`${flag}: no node ${JSON.stringify(name)} at ${when}; nodes: ${listed(nodes)}`);
    }
  };
  switch (from.kind) {
    case 'pod': {
      if (getObject(state, 'Pod', from.namespace, from.name) === undefined) {
        const pods = listObjects(state, 'Pod', from.namespace).map((p) => p.metadata.name ?? '');
        throw new UsageError(
          `--from: no pod ${from.namespace}/${from.name} at ${when}; pods in ${from.namespace}: ${listed(pods)}`,
        );
      }
      return from;
    }
    case 'node':
      checkNode(from.name, '--from');
      return from;
    case 'external': {
      if (from.node !== undefined) {
        checkNode(from.node, '--from');
        return { kind: 'external', ip: from.ip, node: from.node };
      }
      const target = listObjects(state, 'Node').find((n) =>
        (n.status?.addresses ?? []).some((a) => a.address === host),
      );
      if (target === undefined) {
        throw new UsageError(
          `--from ${from.ip}: say which node its packets enter, e.g. ${from.ip}@${nodes[0] ?? 'node-1'} (only a node's own address picks its node)`,
        );
      }
      return { kind: 'external', ip: from.ip, node: target.metadata.name ?? '' };
    }
  }
}

function listed(names: readonly string[]): string {
  if (names.length === 0) return 'none';
  const shown = names.slice(0, MAX_NAMES_LISTED).join(', ');
  return names.length > MAX_NAMES_LISTED ? `${shown}, ... (${String(names.length)} in all)` : shown;
}
