import { parseIpv4, type SimTime } from '@svcsim/core';

import { MAX_REQUESTS_PER_TRAFFIC, requestCount } from '../traffic/requestSchedule.js';
import type { ProblemCollector } from './ProblemCollector.js';
import { objectKey } from './readManifest.js';
import type { SectionWorld } from './SectionWorld.js';
import type { TrafficRate, TrafficSource, TrafficSpec, TrafficTarget } from './TrafficSpec.js';
import { readDuration, readEnum, readMap, readSeq, readString, required, type Field } from './yamlFields.js';

const TRAFFIC_FIELDS = ['name', 'from', 'to', 'protocol', 'rate', 'start', 'end', 'connections'] as const;
const PROTOCOLS = ['TCP', 'UDP'] as const;
const CONNECTION_MODES = ['new', 'reuse'] as const;
const RATE = /^([1-9]\d*)\/(s|m)$/;
const PORT = /^[1-9]\d{0,4}$/;
// RFC 1123 labels, as Kubernetes names Services and DNS answers them; a trailing dot marks an FQDN.
const DNS_NAME =
  /^(?=.{1,253}\.?$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*\.?$/;
const URL_SCHEME = 'http://';

/** `spec.traffic` typed, plus every name written there (valid entry or not) for expectations to name. */
export interface TrafficSection {
  readonly specs: TrafficSpec[];
  readonly names: ReadonlySet<string>;
}

/**
 * Reads `spec.traffic`; entries with problems are reported and left out, and so is an entry that
 * would make more than MAX_REQUESTS_PER_TRAFFIC requests. Nothing is executed here (see trafficInputs).
 */
export function readTraffic(
  field: Field | undefined,
  world: SectionWorld,
  problems: ProblemCollector,
): TrafficSection {
  const specs: TrafficSpec[] = [];
  const firstPathByName = new Map<string, string>();
  for (const item of field === undefined ? [] : (readSeq(field, problems) ?? [])) {
    const before = problems.count;
    const spec = readEntry(item, world, firstPathByName, problems);
    if (spec !== undefined && problems.count === before) specs.push(spec);
  }
  return { specs, names: new Set(firstPathByName.keys()) };
}

function readEntry(
  item: Field,
  world: SectionWorld,
  firstPathByName: Map<string, string>,
  problems: ProblemCollector,
): TrafficSpec | undefined {
  const fields = readMap(item, problems, TRAFFIC_FIELDS);
  if (fields === undefined) return undefined;
  const nameField = required(fields, 'name', problems);
  const name = nameField && readString(nameField, problems, 'a traffic name');
  if (nameField !== undefined && name !== undefined) {
    const first = firstPathByName.get(name);
    if (first === undefined) firstPathByName.set(name, item.path);
    else problems.add(nameField.node, nameField.path, `traffic "${name}" is already defined at ${first}`);
  }
  const fromField = required(fields, 'from', problems);
  const from = fromField && readSource(fromField, world, problems);
  const toField = required(fields, 'to', problems);
  const to = toField && readTarget(toField, problems);
  const protocolField = fields.byKey.get('protocol');
  const protocol = protocolField === undefined ? 'TCP' : readEnum(protocolField, PROTOCOLS, problems);
  const rateField = required(fields, 'rate', problems);
  const rate = rateField && readRate(rateField, problems);
  const connectionsField = fields.byKey.get('connections');
  const connections =
    connectionsField === undefined ? 'new' : readEnum(connectionsField, CONNECTION_MODES, problems);
  const window = readWindow(fields.byKey.get('start'), fields.byKey.get('end'), item, world, problems);

  if (
    name === undefined ||
    from === undefined ||
    to === undefined ||
    protocol === undefined ||
    rate === undefined ||
    connections === undefined ||
    window === undefined
  )
    return undefined;
  const requests = requestCount(rate, window.startMs, window.endMs);
  if (requests > MAX_REQUESTS_PER_TRAFFIC) {
    const site = rateField ?? item;
    problems.add(
      site.node,
      site.path,
      `this rate makes ${String(requests)} requests between ${String(window.startMs)}ms and ${String(window.endMs)}ms; ` +
        `at most ${String(MAX_REQUESTS_PER_TRAFFIC)} per traffic entry are simulated (lower the rate or shorten start..end)`,
    );
    return undefined;
  }
  return { name, from, to, protocol, rate, startMs: window.startMs, endMs: window.endMs, connections };
}

/** `start` defaults to 0s and `end` to the run's end: traffic for the whole run unless told. */
function readWindow(
  startField: Field | undefined,
  endField: Field | undefined,
  item: Field,
  world: SectionWorld,
  problems: ProblemCollector,
): { startMs: SimTime; endMs: SimTime } | undefined {
  const startMs = startField === undefined ? 0 : readDuration(startField, problems);
  const endMs = endField === undefined ? world.durationMs : readDuration(endField, problems);
  if (startMs === undefined || endMs === undefined) return undefined;
  if (endField !== undefined && endMs > world.durationMs) {
    problems.add(
      endField.node,
      endField.path,
      `${String(endMs)}ms is after the end of the run (duration ${String(world.durationMs)}ms)`,
    );
    return undefined;
  }
  if (startMs >= endMs) {
    const site = startField ?? endField ?? item;
    problems.add(
      site.node,
      site.path,
      `start (${String(startMs)}ms) must be before end (${String(endMs)}ms)`,
    );
    return undefined;
  }
  return { startMs, endMs };
}

function readSource(
  field: Field,
  world: SectionWorld,
  problems: ProblemCollector,
): TrafficSource | undefined {
  const text = readString(field, problems, 'pod/<namespace>/<name>, node/<name> or external/<ip>@<node>');
  if (text === undefined) return undefined;
  const parts = text.split('/');
  const nodeKnown = (node: string): boolean => {
    if (world.nodeNames.has(node)) return true;
    problems.add(
      field.node,
      field.path,
      `node "${node}" is not in this cluster (nodes: ${[...world.nodeNames].join(', ')})`,
    );
    return false;
  };
  if (parts.length === 3 && parts[0] === 'pod' && parts[1] !== '' && parts[2] !== '') {
    const namespace = parts[1] ?? '';
    const name = parts[2] ?? '';
    if (world.objectKeys.has(objectKey('Pod', namespace, name))) return { kind: 'pod', namespace, name };
    problems.add(field.node, field.path, `Pod "${namespace}/${name}" is not defined in this file`);
    return undefined;
  }
  if (parts.length === 2 && parts[0] === 'node' && parts[1] !== '') {
    const name = parts[1] ?? '';
    return nodeKnown(name) ? { kind: 'node', name } : undefined;
  }
  if (parts.length === 2 && parts[0] === 'external') {
    const [ip = '', node = '', ...rest] = (parts[1] ?? '').split('@');
    if (rest.length === 0 && node !== '') {
      if (parseIpv4(ip) === undefined) {
        problems.add(field.node, field.path, `"${ip}" is not an IPv4 address`);
        return undefined;
      }
      return nodeKnown(node) ? { kind: 'external', ip, node } : undefined;
    }
  }
  problems.add(
    field.node,
    field.path,
    `expected pod/<namespace>/<name>, node/<name> or external/<ip>@<node>, got "${text}"`,
  );
  return undefined;
}

function readTarget(field: Field, problems: ProblemCollector): TrafficTarget | undefined {
  const text = readString(field, problems, '<host>:<port> or http://<host>:<port>/<path>');
  if (text === undefined) return undefined;
  const fail = (why: string): undefined => {
    problems.add(field.node, field.path, `${why}, got "${text}"`);
    return undefined;
  };
  if (text.includes('://')) {
    if (!text.startsWith(URL_SCHEME)) return fail('expected an http:// URL (no other scheme is simulated)');
    const rest = text.slice(URL_SCHEME.length);
    const slash = rest.indexOf('/');
    const authority = slash === -1 ? rest : rest.slice(0, slash);
    const path = slash === -1 ? '/' : rest.slice(slash);
    // Like any HTTP client, a URL without a port means port 80.
    const hostPort = authority.includes(':') ? splitHostPort(authority) : { host: authority, port: 80 };
    if (hostPort === undefined || !isHost(hostPort.host)) {
      return fail(
        'expected http://<host>[:<port>]/<path> with an IPv4 address or DNS name and a port 1..65535',
      );
    }
    return { kind: 'url', host: hostPort.host, port: hostPort.port, path };
  }
  const hostPort = splitHostPort(text);
  if (hostPort === undefined || !isHost(hostPort.host)) {
    return fail('expected <host>:<port> with an IPv4 address or DNS name and a port 1..65535');
  }
  return { kind: 'address', host: hostPort.host, port: hostPort.port };
}

function splitHostPort(text: string): { host: string; port: number } | undefined {
  const colon = text.lastIndexOf(':');
  if (colon <= 0) return undefined;
  const portText = text.slice(colon + 1);
  const port = Number(portText);
  if (!PORT.test(portText) || port > 65_535) return undefined;
  return { host: text.slice(0, colon), port };
}

/** An IPv4 address, or a DNS name that is not a malformed address (`10.0.0.300` is neither). */
function isHost(host: string): boolean {
  if (parseIpv4(host) !== undefined) return true;
  return DNS_NAME.test(host) && !/^[\d.]+$/.test(host);
}

function readRate(field: Field, problems: ProblemCollector): TrafficRate | undefined {
  const text = readString(field, problems, 'a rate such as 50/s or 30/m');
  const match = text === undefined ? null : RATE.exec(text);
  if (match !== null) return { requests: Number(match[1]), perMs: match[2] === 's' ? 1000 : 60_000 };
  if (text !== undefined) {
    problems.add(
      field.node,
      field.path,
      `expected a rate such as 50/s or 30/m (a positive whole number per second or per minute), got "${text}"`,
    );
  }
  return undefined;
}
