// `pnpm bench [--json] [--quick]`: engine, clock and proxy-mode throughput on this machine. Figures go in
// closing notes and the README; tests never assert on time.
import { createRandomStreams, createSimClock, resolveSimulationConfig, run } from '@svcsim/core';

import { createChurnInputs, type ChurnWorkload } from './churnWorkload.js';
import { measureRate, measureSeconds, type Measurement } from './measure.js';
import { benchIptablesMode } from './benchIptablesMode.js';
import { benchLogCodec } from './benchLogCodec.js';
import { measureStableHour } from './kubeletBench.js';

const json = process.argv.includes('--json');
const quick = process.argv.includes('--quick');
const results: Measurement[] = [];
const record = (m: Measurement): void => {
  results.push(m);
  if (!json)
    process.stdout.write(
      `${m.name.padEnd(34)} ${formatValue(m.value).padStart(14)} ${m.unit}${m.note ? `  (${m.note})` : ''}\n`,
    );
};

function formatValue(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toPrecision(3);
}

// SimClock: 100k timers pending at once, run to quiescence; then the same with half cancelled.
{
  const timers = quick ? 20_000 : 100_000;
  const times = (() => {
    const random = createRandomStreams(1).stream('bench');
    return Array.from({ length: timers }, () => random.nextInt(1_000_000));
  })();
  const scheduleAndRun = measureRate(5, () => {
    const clock = createSimClock();
    let fired = 0;
    for (const at of times) clock.schedule(at, () => fired++);
    clock.runUntilQuiescent();
    return fired;
  });
  record({
    name: 'clock.scheduleAndRun',
    unit: 'timers/s',
    value: scheduleAndRun.opsPerSecond,
    note: `${timers.toLocaleString('en-US')} pending`,
  });
  const cancelHalf = measureRate(5, () => {
    const clock = createSimClock();
    const ids = times.map((at) => clock.schedule(at, () => undefined));
    for (let i = 0; i < ids.length; i += 2) clock.cancel(ids[i] as number);
    clock.runUntilQuiescent();
    return timers;
  });
  record({ name: 'clock.scheduleCancelHalfRun', unit: 'timers/s', value: cancelHalf.opsPerSecond });
}

// Engine: a cluster whose pods flap readiness; events/s counts every committed entry (inputs + derived).
// The default size is the issue's scale target: 10,000 Services (two pods each) in one namespace.
const workload: ChurnWorkload = quick
  ? { nodes: 20, services: 200, podsPerService: 2, readinessChanges: 2_000, durationMs: 60_000 }
  : { nodes: 100, services: 10_000, podsPerService: 2, readinessChanges: 20_000, durationMs: 120_000 };
const inputs = createChurnInputs(workload);
let lastRun: ReturnType<typeof run> | undefined;
const engineSeconds = measureSeconds(() => {
  lastRun = run(inputs, 1, resolveSimulationConfig({ durationMs: workload.durationMs, watchDelayMs: 50 }));
});
if (lastRun === undefined) throw new Error('bench: the engine run did not complete');
const entries = lastRun.log.entries.length;
record({
  name: 'engine.run',
  unit: 'events/s',
  value: entries / engineSeconds,
  note: `${workload.services} services, ${workload.services * workload.podsPerService} pods, ${entries.toLocaleString('en-US')} events in ${engineSeconds.toFixed(2)} s`,
});
record({ name: 'engine.runSeconds', unit: 's', value: engineSeconds, note: 'wall time of that run' });

{
  const random = createRandomStreams(2).stream('seek');
  const replay = lastRun.replay;
  const seeks = measureRate(3, () => {
    for (let i = 0; i < 200; i++) replay.stateAt(random.nextInt(workload.durationMs));
    return 200;
  });
  record({
    name: 'replay.stateAt',
    unit: 'seeks/s',
    value: seeks.opsPerSecond,
    note: `snapshots: ${replay.snapshotCount}`,
  });
}

for (const m of benchLogCodec(lastRun.log)) record(m);

// kube-proxy's iptables mode on one node of that cluster (its final Services and EndpointSlices).
for (const m of benchIptablesMode(lastRun.finalState)) record(m);

// The kubelet: 10,000 pods with probes and stable applications, one virtual hour. The figure is what
// the hour costs beyond starting the pods (change-driven probes: nothing); the total includes start-up.
{
  const hour = measureStableHour(quick ? 1 : 2);
  record({
    name: 'kubelet.stableHourWallSeconds',
    unit: 's',
    value: hour.wallSeconds,
    note: `${hour.pods} pods, ${hour.events} events after start-up; whole run with start-up ${hour.totalWallSeconds.toFixed(2)} s`,
  });
  record({ name: 'kubelet.hourRunWallSeconds', unit: 's', value: hour.totalWallSeconds });
}

if (json)
  process.stdout.write(
    `${JSON.stringify(Object.fromEntries(results.map((m) => [m.name, m.value])), null, 2)}\n`,
  );
