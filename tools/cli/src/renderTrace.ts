import {
  formatSimTime,
  renderResolvConf,
  type ConnectionSource,
  type ConnectionTrace,
  type DestinationResolution,
  type EndpointInfo,
  type TraceConntrack,
  type TraceDelivery,
  type TraceKubeProxy,
  type TraceOutcome,
  type TraceRoute,
  type TraceServicePort,
  type TraceTupleEnd,
} from '@svcsim/core';

import { renderTable } from './renderTable.js';

/** Changes not yet programmed that a trace lists; older ones are counted, not shown. */
const MAX_CHANGES_SHOWN = 6;
const INDENT = '   ';

/**
 * Renders a connection trace for `svcsim trace`: a heading, then one numbered section per hop the
 * connection reached (source, DNS, kube-proxy, verdict, conntrack, delivery), and the result last, with
 * the reason when it fails. Every line comes from the trace's data, so the output is as stable as the run.
 */
export function renderTrace(trace: ConnectionTrace): string {
  const { request } = trace;
  const sections: string[][] = [];
  const heading = `trace: ${describeSource(request.from)} -> ${request.host}:${String(request.port)}/${request.protocol} at ${formatSimTime(trace.at)}`;

  sections.push(['source', ...sourceLines(trace)]);
  if (trace.dns !== undefined) sections.push(['DNS', ...dnsLines(trace.dns)]);
  if (trace.kubeProxy !== undefined) {
    const kp = trace.kubeProxy;
    sections.push([
      `kube-proxy on ${kp.node}${kp.mode === undefined ? '' : ` (${kp.mode})`}`,
      ...kubeProxyLines(kp, trace),
    ]);
    sections.push(['verdict', ...verdictLines(kp, trace)]);
  }
  if (trace.conntrack !== undefined && trace.kubeProxy !== undefined) {
    sections.push([`conntrack on ${trace.kubeProxy.node}`, ...conntrackLines(trace.conntrack)]);
  }
  if (trace.delivery !== undefined) sections.push(['delivery', ...deliveryLines(trace.delivery)]);

  const body = sections
    .map(([title = '', ...lines], i) =>
      [`${String(i + 1)}. ${title}`, ...lines.map((l) => INDENT + l)].join('\n'),
    )
    .join('\n\n');
  return `${heading}\n\n${body}\n\n${resultLine(trace.outcome)}\n`;
}

function describeSource(from: ConnectionSource): string {
  switch (from.kind) {
    case 'pod':
      return `pod/${from.namespace}/${from.name}`;
    case 'node':
      return `node/${from.name}`;
    case 'external':
      return `${from.ip}@${from.node}`;
  }
}

function sourceLines(trace: ConnectionTrace): string[] {
  const { source, packet } = trace;
  const from = source.from;
  // Without an address the source could not send (the result says why): say only where it is.
  if (source.ip === undefined) {
    const where = source.node === undefined ? '' : ` on node ${source.node}`;
    return [`${describeSource(from).replace('/', ' ')}${from.kind === 'pod' ? where : ''}: it cannot send`];
  }
  const lines: string[] = [];
  switch (from.kind) {
    case 'pod':
      lines.push(
        source.hostNetwork
          ? `pod ${from.namespace}/${from.name} on node ${source.node ?? '?'}, host network: it sends from the node's address ${source.ip} as a local process (nat OUTPUT)`
          : `pod ${from.namespace}/${from.name} on node ${source.node ?? '?'}, IP ${source.ip}: its packets enter the node from the pod's interface (nat PREROUTING)`,
      );
      break;
    case 'node':
      lines.push(
        `node ${from.name}'s host network, address ${source.ip}: it sends as a local process (nat OUTPUT)`,
      );
      break;
    case 'external':
      lines.push(
        `${from.ip}, outside the cluster: its packets arrive at node ${from.node} (as a load balancer or router sends them; nat PREROUTING)`,
      );
      break;
  }
  if (packet !== undefined) {
    lines.push(`client port ${String(packet.srcPort)} (the lowest ephemeral port ${packet.srcIP} has free)`);
  }
  return lines;
}

function dnsLines(dns: DestinationResolution): string[] {
  if (dns.kind !== 'lookup') return [dns.reason];
  const { resolvConf, result, viaClusterDns } = dns.lookup;
  const ndots = resolvConf.options.find((option) => option.startsWith('ndots:'));
  const lines = [
    `pod ${dns.lookup.pod}'s /etc/resolv.conf:`,
    ...renderResolvConf(resolvConf)
      .trimEnd()
      .split('\n')
      .map((line) => `  ${line}`),
  ];
  if (!viaClusterDns) lines.push('its nameserver is not the cluster DNS, and svcsim models no other DNS');
  const dots = dns.host.replace(/\.$/, '').split('.').length - 1;
  lines.push(
    dns.host.endsWith('.')
      ? `${dns.host} ends with a dot: it is asked as written, once`
      : `${dns.host} has ${String(dots)} dot${dots === 1 ? '' : 's'}${ndots === undefined ? '' : `, ${ndots}`}: ${describeOrder(result.attempts[0]?.via)}`,
  );
  const rows = result.attempts.map((attempt, i) => [
    `  ${String(i + 1)}`,
    attempt.name,
    attempt.via === 'search' ? 'search list' : 'as written',
    attempt.outcome,
  ]);
  if (rows.length > 0) lines.push(...indentTable(['  #', 'NAME TRIED', 'WHY', 'ANSWER'], rows));
  if (dns.address === undefined) {
    lines.push(
      result.outcome === 'ANSWER'
        ? `${result.answeredBy ?? dns.host} answered, but with no IPv4 address`
        : `no name answered (${result.outcome}): no address to connect to`,
    );
  } else {
    const among =
      dns.addresses.length > 1
        ? ` (one of ${String(dns.addresses.length)} addresses: ${dns.addresses.join(', ')}; the cluster DNS shuffles them and the client takes the first)`
        : '';
    lines.push(`${result.answeredBy ?? dns.host} answered: ${dns.address}${among}`);
  }
  return lines;
}

/** Why the resolver tried the names in the order it did. */
function describeOrder(firstVia: 'as-is' | 'search' | undefined): string {
  return firstVia === 'as-is'
    ? 'at least ndots, so it is asked as written first, then with each search domain'
    : 'fewer than ndots, so each search domain is tried first, then the name as written';
}

function kubeProxyLines(kp: TraceKubeProxy, trace: ConnectionTrace): string[] {
  if (kp.mode === undefined || kp.settings === undefined) {
    return ['this run has no kube-proxy: no node has Service rules, so Service addresses lead nowhere'];
  }
  const lines: string[] = [];
  const at = trace.at;
  const sync = kp.lastSync;
  const synced =
    sync === undefined
      ? 'has never synced: the node has no Service rules yet'
      : `last synced at ${formatSimTime(sync.at)} (${formatSimTime(at - sync.at)} ago; ${sync.full ? 'full' : 'partial'} sync, ${sync.reason})`;
  if (kp.running) lines.push(`running; ${synced}`);
  else
    lines.push(
      `not running${kp.stoppedAt === undefined ? '' : ` (stopped at ${formatSimTime(kp.stoppedAt)})`}; the kernel keeps what it programmed; ${synced}`,
    );
  const s = kp.settings;
  lines.push(
    `it sees API changes ${formatSimTime(s.watchDelayMs)} late (watch delay) and syncs at most once per ${formatSimTime(s.minSyncPeriodMs)} (minSyncPeriod), at least every ${formatSimTime(s.syncPeriodMs)} (syncPeriod)`,
  );
  const packet = trace.packet;
  const destination =
    packet === undefined ? '' : `${packet.dstIP}:${String(packet.dstPort)}/${packet.protocol}`;
  const sp = kp.servicePort;
  if (sp === undefined) {
    lines.push(
      `${destination} is no Service's address and port${kp.addressHint === undefined ? '' : `: ${kp.addressHint}`}`,
    );
  } else {
    lines.push(`${destination} is ${addressKindPhrase(sp, packet?.dstPort ?? 0)} ${sp.servicePortName}`);
    lines.push(...servicePortLines(sp, kp, at));
  }
  if (kp.route === undefined) return lines;
  lines.push('rules matched, in order:');
  for (const step of kp.route.steps) {
    const object =
      step.endpoint !== undefined
        ? ` (${step.servicePortName ?? '?'} -> ${step.endpoint})`
        : step.servicePortName !== undefined
          ? ` (${step.servicePortName})`
          : '';
    lines.push(`  ${step.location}${object}`);
    lines.push(`    ${step.rule}`);
  }
  const choice = kp.route.choice;
  if (choice !== undefined) lines.push(choiceLine(choice));
  return lines;
}

function addressKindPhrase(sp: TraceServicePort, port: number): string {
  switch (sp.addressKind) {
    case 'cluster IP':
      return 'the cluster IP and port of';
    case 'external IP':
      return 'an external IP and port of';
    case 'load balancer IP':
      return 'the load-balancer IP and port of';
    case 'NodePort':
      return `NodePort ${String(port)} (on this node's own address) of`;
  }
}

function servicePortLines(sp: TraceServicePort, kp: TraceKubeProxy, at: number): string[] {
  const lines: string[] = [];
  const inRules = sp.programmed;
  const now = sp.truth;
  const byEndpoint = new Map<string, { rules?: EndpointInfo; now?: EndpointInfo }>();
  for (const ep of inRules?.endpoints ?? []) byEndpoint.set(ep.endpoint, { rules: ep });
  for (const ep of now?.endpoints ?? [])
    byEndpoint.set(ep.endpoint, { ...byEndpoint.get(ep.endpoint), now: ep });
  const rulesColumn = `IN ${kp.node.toUpperCase()}'S RULES`;
  if (inRules === undefined) lines.push(`${kp.node}'s rules do not have ${sp.servicePortName} yet`);
  if (now === undefined) lines.push(`${sp.servicePortName} no longer exists in the cluster`);
  if (byEndpoint.size === 0) {
    lines.push('no endpoints, in the rules or in the cluster');
  } else {
    const rows = [...byEndpoint.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([endpoint, { rules, now: current }]) => [
        `  ${endpoint}`,
        (rules ?? current)?.nodeName ?? '',
        conditionOf(rules, inRules?.candidates),
        conditionOf(current, now?.candidates),
      ]);
    lines.push(...indentTable(['  ENDPOINT', 'NODE', rulesColumn, 'IN THE CLUSTER NOW'], rows));
    lines.push('(* = new connections from this node go there)');
  }
  if (sp.inSync) {
    lines.push(`${kp.node}'s rules for this Service match the cluster`);
  } else {
    const changes = sp.unprogrammedChanges;
    const first = changes[0];
    lines.push(
      `${kp.node}'s rules are behind the cluster${first === undefined ? '' : ` by ${formatSimTime(Math.max(0, at - first.at))}`}: ${String(changes.length)} change${changes.length === 1 ? '' : 's'} to the Service not programmed yet:`,
    );
    const shown = changes.slice(-MAX_CHANGES_SHOWN);
    if (changes.length > shown.length)
      lines.push(`  (${String(changes.length - shown.length)} earlier not shown)`);
    for (const change of shown)
      lines.push(`  ${formatSimTime(change.at)}  ${change.type}  ${change.description}`);
  }
  return lines;
}

function conditionOf(ep: EndpointInfo | undefined, candidates: readonly EndpointInfo[] | undefined): string {
  if (ep === undefined) return '-';
  const state = ep.terminating
    ? ep.serving
      ? 'terminating, serving'
      : 'terminating'
    : ep.ready
      ? 'ready'
      : 'not ready';
  const used = candidates?.some((c) => c.endpoint === ep.endpoint) === true;
  return used ? `${state} *` : state;
}

function choiceLine(choice: NonNullable<TraceRoute['choice']>): string {
  switch (choice.by) {
    case 'random':
      return `statistic: chose endpoint ${String(choice.index)} of ${String(choice.of)} (${String(choice.draws)} random draw${choice.draws === 1 ? '' : 's'}, from the trace's own random stream): another connection may go to another endpoint`;
    case 'affinity':
      return `session affinity (ClientIP): the client was sent to endpoint ${String(choice.index)} of ${String(choice.of)} within the last ${String(choice.timeoutSeconds)}s, so it goes there again (xt_recent)`;
    case 'only':
      return 'the only endpoint: no choice to make';
  }
}

function verdictLines(kp: TraceKubeProxy, trace: ConnectionTrace): string[] {
  const route = kp.route;
  const packet = trace.packet;
  if (route === undefined) {
    const to = packet === undefined ? '' : ` to ${packet.dstIP}:${String(packet.dstPort)}`;
    return [`no Service rules on ${kp.node}: the packet goes on${to} unchanged`];
  }
  const cost = `${String(route.rulesEvaluated)} rules evaluated, modelled first-packet cost ${formatNanos(route.costNanos)}`;
  switch (route.verdict) {
    case 'dnat': {
      const d = route.destination;
      const masq = route.masqueraded
        ? `masqueraded: the endpoint sees node ${kp.node}'s address, not the client's`
        : `not masqueraded: the endpoint sees the client's address ${packet?.srcIP ?? ''}`;
      return [`DNAT to ${d === undefined ? '?' : `${d.ip}:${String(d.port)}`}; ${masq}`, cost];
    }
    case 'reject':
      return ['REJECT: the client gets ICMP port unreachable, which it reports as connection refused', cost];
    case 'drop':
      return ['DROP: the packet is discarded; the client retries until it times out', cost];
    case 'accept': {
      const to = packet === undefined ? '' : ` to ${packet.dstIP}:${String(packet.dstPort)}`;
      return [`accepted unchanged: no Service rule translated it; the packet goes on${to}`, cost];
    }
  }
}

function conntrackLines(ct: TraceConntrack): string[] {
  const tuple = (src: TraceTupleEnd, dst: TraceTupleEnd): string =>
    `src=${src.ip} dst=${dst.ip} sport=${String(src.port)} dport=${String(dst.port)}`;
  const proto = ct.protocol.toLowerCase();
  const state: Record<TraceConntrack['state'], string> = {
    assured:
      '[ASSURED]: answered; every later packet of the connection follows this entry, whatever the rules say later',
    unreplied: '[UNREPLIED]: nothing answers; the entry times out',
    reset: 'refused by the destination: the entry is removed',
  };
  const masqueraded = ct.reply.dst.ip !== ct.original.src.ip;
  return [
    `new entry  ${proto} original: ${tuple(ct.original.src, ct.original.dst)}`,
    `           ${proto} reply:    ${tuple(ct.reply.src, ct.reply.dst)}`,
    ...(masqueraded
      ? [
          `replies go to ${ct.reply.dst.ip}, the masquerading node (svcsim keeps the client's port, where MASQUERADE --random-fully picks one)`,
        ]
      : []),
    state[ct.state],
  ];
}

function deliveryLines(delivery: TraceDelivery): string[] {
  const lines: string[] = [];
  const address = `${delivery.ip}:${String(delivery.port)}`;
  const holder = delivery.holder;
  switch (holder.kind) {
    case 'pod':
      lines.push(
        `${delivery.ip} is pod ${holder.pod} on node ${holder.node} (${holder.phase}, ${holder.ready ? 'Ready' : 'not Ready'})${holder.nodeUp ? '' : `; node ${holder.node} is down`}`,
      );
      break;
    case 'node':
      lines.push(
        `${delivery.ip} is node ${holder.node}'s own address${holder.up ? '' : ' (the node is down)'}`,
      );
      break;
    case 'loopback':
      lines.push(`${delivery.ip} is a loopback address: it stays on the client's own host`);
      break;
    case 'none':
      lines.push(`no pod or node has the address ${delivery.ip}: nothing answers`);
      break;
  }
  // With no holder, the line above has said all there is: nothing answers.
  if (holder.kind !== 'none') lines.push(listenerLine(address, delivery.listener));
  lines.push(...delivery.notes);
  return lines;
}

function listenerLine(address: string, listener: TraceDelivery['listener']): string {
  switch (listener.kind) {
    case 'accepting':
      return `${address} accepts: pod ${podName(listener.pod)} listens there`;
    case 'refusing':
      return `${address} refuses (a reset, or ICMP port unreachable for UDP): ${listener.reason}`;
    case 'silent':
      return `${address} does not answer: ${listener.reason}`;
  }
}

function podName(pod: { metadata: { namespace?: string; name?: string } }): string {
  return `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
}

function resultLine(outcome: TraceOutcome): string {
  if (outcome.ok) {
    const peer = outcome.peer;
    return `result: connected to ${peer.pod === undefined ? '' : `pod ${peer.pod} at `}${peer.ip}:${String(peer.port)}`;
  }
  const words: Record<typeof outcome.failure, string> = {
    refused: 'connection refused',
    timedOut: 'timed out',
    unsent: 'not sent',
    unresolved: 'name not resolved',
  };
  return `result: ${words[outcome.failure]}: ${outcome.reason}`;
}

function formatNanos(nanos: number): string {
  return nanos >= 1000 ? `${(nanos / 1000).toFixed(1)} µs` : `${String(nanos)} ns`;
}

function indentTable(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return renderTable(headers, rows).trimEnd().split('\n');
}
