import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { listObjects } from '../../src/cluster/ClusterState.js';
import { run } from '../../src/engine/run.js';
import { parseIpv4 } from '../../src/net/ipv4.js';
import { resolveSimulationConfig } from '../../src/engine/SimulationConfig.js';
import type { ConnectionSource } from '../../src/events/ConnectionEvents.js';
import { traceConnection } from '../../src/views/traceConnection.js';
import { inputsArb } from '../helpers/arbitraries.js';
import { createServiceRoutingMode } from './serviceRoutingMode.js';

// The trace decides every hop as the data plane does, so where routing leaves nothing to chance (the
// test mode always takes the first candidate) a traced connection and a real one made right after the
// traced instant must end the same way, for the same reason, at the same peer.

const config = (durationMs: number) =>
  resolveSimulationConfig({
    durationMs,
    // One node lags far behind, so traces often meet rules that disagree with the cluster.
    proxy: { mode: 'routing', nodes: { 'node-1': { watchDelayMs: 700 } } },
  });

describe('traceConnection agrees with the data plane', () => {
  it('gives the outcome a connection opened one millisecond after the traced instant gets', () => {
    fc.assert(
      fc.property(
        inputsArb(30),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        fc.nat({ max: 1000 }),
        (inputs, pickT, pickSource, pickTarget, seed) => {
          // Mostly just after the last input, when pods run and rules have had time to catch up (or not).
          const last = Math.max(0, ...inputs.map((input) => input.at));
          const at = pickT % 4 === 0 ? pickT % (last + 1_500) : last + (pickT % 1_500);
          const upTo = inputs.filter((input) => input.at <= at);
          const traced = run(upTo, seed, config(at), {
            proxyMode: createServiceRoutingMode({ choose: 'first' }),
          });
          const state = traced.finalState;

          const sources: ConnectionSource[] = [
            ...listObjects(state, 'Pod').map((pod): ConnectionSource => ({
              kind: 'pod',
              namespace: pod.metadata.namespace ?? '',
              name: pod.metadata.name ?? '',
            })),
            ...listObjects(state, 'Node').map((node): ConnectionSource => ({
              kind: 'node',
              name: node.metadata.name ?? '',
            })),
            { kind: 'external', ip: '203.0.113.9', node: 'node-0' },
            { kind: 'pod', namespace: 'default', name: 'ghost' },
          ];
          const targets = [
            ...listObjects(state, 'Service').map(
              (s) => `${s.spec.clusterIP ?? ''}:${String(s.spec.ports?.[0]?.port ?? 80)}`,
            ),
            ...listObjects(state, 'Pod').flatMap((p) =>
              p.status?.podIP === undefined ? [] : [`${p.status.podIP}:8080`, `${p.status.podIP}:9100`],
            ),
            ...listObjects(state, 'Node').map((n) => `${n.status?.addresses?.[0]?.address ?? ''}:22`),
            '10.96.0.99:80',
            ...listObjects(state, 'Service').map(
              (s) => `${s.metadata.name ?? ''}.${s.metadata.namespace ?? ''}:80`,
            ),
            'nope:80',
          ];
          // Most questions are the usual one: a running pod asks for a Service.
          const running = sources.filter((source) =>
            listObjects(state, 'Pod').some(
              (p) =>
                p.metadata.name === (source.kind === 'pod' ? source.name : '') &&
                p.status?.podIP !== undefined,
            ),
          );
          const services = targets.slice(0, listObjects(state, 'Service').length);
          const sourcePool = pickSource % 4 === 0 || running.length === 0 ? sources : running;
          const targetPool = pickTarget % 3 === 0 || services.length === 0 ? targets : services;
          const from = sourcePool[pickSource % sourcePool.length] as ConnectionSource;
          const target = targetPool[pickTarget % targetPool.length] ?? '';
          const colon = target.lastIndexOf(':');
          const host = target.slice(0, colon);
          const port = Number(target.slice(colon + 1));

          const trace = traceConnection(traced, { from, host, port, protocol: 'TCP' });

          const real = run(
            [
              ...upTo,
              {
                at: at + 1,
                event: {
                  type: 'connection/opened',
                  id: 'probe',
                  from,
                  ...(parseIpv4(host) === undefined ? { dstName: host } : { dstIP: host }),
                  dstPort: port,
                  protocol: 'TCP',
                },
              },
            ],
            seed,
            config(at + 1),
            { proxyMode: createServiceRoutingMode({ choose: 'first' }) },
          );
          const answer = real.log.entries.find(
            (e) =>
              (e.event.type === 'connection/established' || e.event.type === 'connection/failed') &&
              e.event.id === 'probe',
          )?.event;
          if (answer?.type === 'connection/established') {
            expect(trace.outcome).toEqual({ ok: true, peer: answer.peer });
            expect(trace.packet).toMatchObject({ srcIP: answer.srcIP, srcPort: answer.srcPort });
            expect(trace.source.node).toBe(answer.node);
            expect(trace.kubeProxy?.route?.masqueraded ?? false).toBe(answer.masqueraded);
          } else if (answer?.type === 'connection/failed') {
            expect(trace.outcome).toEqual({ ok: false, failure: answer.failure, reason: answer.reason });
          } else {
            expect.fail('the data plane answered the probe connection with neither established nor failed');
          }
        },
      ),
      { numRuns: 80 },
    );
  });
});
