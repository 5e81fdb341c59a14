import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { canonicalDigest } from '../../src/canonicalDigest.js';
import type { ClusterState } from '../../src/cluster/ClusterState.js';
import { deriveEndpoints } from '../../src/cluster/deriveEndpoints.js';
import type { InputEntry } from '../../src/engine/InputEntry.js';
import { createReplay } from '../../src/engine/Replay.js';
import { run } from '../../src/engine/run.js';
import { SimulationError } from '../../src/engine/SimulationError.js';
import type { SimulationConfig } from '../../src/engine/SimulationConfig.js';
import { inputsArb } from '../helpers/arbitraries.js';

const config: SimulationConfig = { durationMs: 30_000, watchDelayMs: 50 };
const options = { freezeState: true } as const;

const twoNodesOneService: InputEntry[] = [
  {
    at: 0,
    event: { type: 'node/added', name: 'node-1', internalIP: '192.168.0.11', podCIDR: '10.244.1.0/24' },
  },
  {
    at: 0,
    event: { type: 'node/added', name: 'node-2', internalIP: '192.168.0.12', podCIDR: '10.244.2.0/24' },
  },
  {
    at: 0,
    event: {
      type: 'service/added',
      namespace: 'default',
      name: 'web',
      selector: { app: 'web' },
      port: 80,
      targetPort: 8080,
    },
  },
  {
    at: 100,
    event: {
      type: 'pod/added',
      namespace: 'default',
      name: 'web-a',
      nodeName: 'node-1',
      labels: { app: 'web' },
      ready: true,
    },
  },
  {
    at: 100,
    event: {
      type: 'pod/added',
      namespace: 'default',
      name: 'web-b',
      nodeName: 'node-2',
      labels: { app: 'web' },
      ready: true,
    },
  },
  { at: 1_000, event: { type: 'pod/readinessSet', namespace: 'default', name: 'web-b', ready: false } },
];

function endpointsUpdates(inputs: InputEntry[], cfg: SimulationConfig = config) {
  return run(inputs, 1, cfg, options).log.entries.filter((e) => e.event.type === 'endpoints/updated');
}

/** Endpoints of every Service computed from scratch from a state's pods. */
function endpointsFromScratch(state: ClusterState): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [namespace, services] of Object.entries(state.services)) {
    for (const service of Object.values(services)) {
      out[`${namespace}/${service.name}`] = deriveEndpoints(
        service,
        Object.values(state.pods[namespace] ?? {}),
      );
    }
  }
  return out;
}

function endpointsInState(state: ClusterState): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [namespace, endpoints] of Object.entries(state.endpoints)) {
    for (const e of Object.values(endpoints)) {
      out[`${namespace}/${e.name}`] = { addresses: e.addresses, notReadyAddresses: e.notReadyAddresses };
    }
  }
  return out;
}

describe('run', () => {
  it('writes Endpoints one watch delay after the change that caused them', () => {
    const updates = endpointsUpdates(twoNodesOneService);
    expect(updates.map((e) => e.at)).toEqual([50, 150, 1_050]);
    expect(updates.map((e) => e.event.type === 'endpoints/updated' && e.event.addresses.length)).toEqual([
      0, 2, 1,
    ]);
  });

  it('follows the watch delay it is configured with', () => {
    const updates = endpointsUpdates(twoNodesOneService, { ...config, watchDelayMs: 400 });
    expect(updates.map((e) => e.at)).toEqual([400, 500, 1_400]);
  });

  it('assigns pod IPs inside the node pod CIDR, at the instant the pod is added', () => {
    const { log } = run(twoNodesOneService, 1, config, options);
    const assigned = log.entries.filter((e) => e.event.type === 'pod/ipAssigned');
    expect(assigned).toHaveLength(2);
    for (const entry of assigned) {
      expect(entry.at).toBe(100);
      if (entry.event.type !== 'pod/ipAssigned') continue;
      const prefix = entry.event.name === 'web-a' ? '10.244.1.' : '10.244.2.';
      expect(entry.event.ip.startsWith(prefix)).toBe(true);
      const last = Number(entry.event.ip.slice(prefix.length));
      expect(last >= 2 && last <= 254).toBe(true);
    }
  });

  it('commits entries in (at, seq) order with consecutive seqs', () => {
    fc.assert(
      fc.property(inputsArb(), fc.nat(), (inputs, seed) => {
        const { entries } = run(inputs, seed, config, options).log;
        entries.forEach((entry, i) => {
          expect(entry.seq).toBe(i);
          if (i > 0) expect(entry.at).toBeGreaterThanOrEqual((entries[i - 1] as { at: number }).at);
        });
      }),
      { numRuns: 50 },
    );
  });

  it('gives the same log for the same inputs and seed, and different IPs for another seed', () => {
    const a = run(twoNodesOneService, 7, config).log;
    const b = run(twoNodesOneService, 7, config).log;
    expect(canonicalDigest(b)).toBe(canonicalDigest(a));
    const ips = (seed: number) =>
      run(twoNodesOneService, seed, config)
        .log.entries.filter((e) => e.event.type === 'pod/ipAssigned')
        .map((e) => (e.event.type === 'pod/ipAssigned' ? e.event.ip : ''));
    const differing = [8, 9, 10, 11].filter((seed) => JSON.stringify(ips(seed)) !== JSON.stringify(ips(7)));
    expect(differing.length).toBeGreaterThan(0);
  });

  it('converges: once quiet, each Service Endpoints equal those derived from scratch from the final state', () => {
    fc.assert(
      fc.property(inputsArb(), fc.nat(), (inputs, seed) => {
        const last = inputs.reduce((max, input) => Math.max(max, input.at), 0);
        const cfg = { durationMs: last + 1_000, watchDelayMs: 50 };
        const { finalState } = run(inputs, seed, cfg, options);
        expect(endpointsInState(finalState)).toEqual(endpointsFromScratch(finalState));
      }),
      { numRuns: 100 },
    );
  });

  it('rejects an input that contradicts the state, naming the objects', () => {
    const bad: InputEntry[] = [
      {
        at: 5,
        event: {
          type: 'pod/added',
          namespace: 'default',
          name: 'lost',
          nodeName: 'node-9',
          labels: {},
          ready: true,
        },
      },
    ];
    expect(() => run(bad, 1, config, options)).toThrow(SimulationError);
    expect(() => run(bad, 1, config, options)).toThrow(
      'at 5 ms (event #0): pod default/lost is bound to node node-9, which does not exist',
    );
  });

  it('rejects inputs outside the run or of derived types, naming the input', () => {
    const late: InputEntry[] = [
      { at: 40_000, event: { type: 'pod/removed', namespace: 'default', name: 'x' } },
    ];
    expect(() => run(late, 1, config)).toThrow(
      'inputs[0].at: expected an integer number of milliseconds within the run (0..30000), got 40000',
    );
    const derived = [
      { at: 0, event: { type: 'pod/ipAssigned', namespace: 'default', name: 'x', ip: '10.0.0.1' } },
    ];
    expect(() => run(derived as unknown as InputEntry[], 1, config)).toThrow(
      'inputs[0].event.type: pod/ipAssigned is derived by the controllers, not an input',
    );
  });
});

describe('replay', () => {
  it('gives, at any instant, the state folded from scratch up to that instant', () => {
    fc.assert(
      fc.property(
        inputsArb(),
        fc.nat(),
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.nat({ max: 20_000 }), { maxLength: 8 }),
        (inputs, seed, snapshotEvery, times) => {
          const { log, replay } = run(
            inputs,
            seed,
            { durationMs: 20_000, watchDelayMs: 50 },
            { snapshotEvery, freezeState: true },
          );
          for (const t of times) {
            const upTo = log.entries.filter((e) => e.at <= t);
            const fromScratch = createReplay(upTo, { snapshotEvery: 1_000_000 }).finalState;
            expect(canonicalDigest(replay.stateAt(t))).toBe(canonicalDigest(fromScratch));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps snapshots so seeking does not fold from zero', () => {
    const inputs: InputEntry[] = [
      { at: 0, event: { type: 'node/added', name: 'n', internalIP: '192.168.0.2', podCIDR: '10.1.0.0/16' } },
      ...Array.from({ length: 500 }, (_, i): InputEntry => ({
        at: 10 + i,
        event: {
          type: 'pod/added',
          namespace: 'default',
          name: `p${i}`,
          nodeName: 'n',
          labels: {},
          ready: true,
        },
      })),
    ];
    const { replay } = run(inputs, 3, config, { snapshotEvery: 100 });
    expect(replay.snapshotCount).toBeGreaterThanOrEqual(10);
    expect(Object.keys(replay.stateAt(259).pods['default'] ?? {})).toHaveLength(250);
  });
});
