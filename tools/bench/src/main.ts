// `pnpm bench [--json] [--quick | --full] [--only GROUP,...] [--repeat N] [--baseline DIR] [--profile-* FILE]`:
// clock, engine, kubelet, event-log and cluster-scale figures on this machine (docs/benchmarks.md says
// what each figure means and how to read them). Figures go in closing notes and docs; tests never assert
// on time. With --repeat or --baseline this process only starts fresh runs and summarises them.
import { cpus, loadavg } from 'node:os';

import type { ChurnWorkload } from './churnWorkload.js';
import { measureRate, measureSeconds, type Measurement } from './measure.js';
import { BENCH_USAGE, parseBenchOptions, type BenchOptions } from './parseBenchOptions.js';
import { renderFigureRow, renderFiguresJson, renderSummaryJson, renderSummaryRow } from './renderFigures.js';
import { BaselineError, runRepeated } from './repeatRuns.js';

// Each group imports the code it measures when it runs (below), so `--only clock`, a refused option and
// the parent of --repeat start without loading the whole simulator; the timing helpers above are light.

let options: BenchOptions;
try {
  options = parseBenchOptions(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`bench: ${(error as Error).message}\n`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(`${BENCH_USAGE}\n`);
  process.exit(0);
}
const { json, quick, full, groups, profileBuild, profileChurn, profileReplay } = options;

/** Status of long phases; on stderr, so `--json` output stays one JSON document. */
const progress = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

if (options.repeat > 1 || options.baseline !== undefined) {
  let summary;
  try {
    summary = await runRepeated(options, progress);
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n`);
    process.exit(error instanceof BaselineError ? 2 : 1);
  }
  if (json) process.stdout.write(`${renderSummaryJson(summary)}\n`);
  else {
    const [load] = loadavg();
    process.stdout.write(
      `# ${options.repeat} ${options.baseline === undefined ? 'run(s) in fresh processes' : `pair(s) of fresh processes, each pair side by side with the baseline ${options.baseline}`}; load average ${(load ?? 0).toFixed(1)} now; median (range)\n`,
    );
    for (const figure of summary) process.stdout.write(`${renderSummaryRow(figure)}\n`);
  }
  process.exit(0);
}

const results: Measurement[] = [];
const record = (m: Measurement): void => {
  results.push(m);
  if (!json) process.stdout.write(`${renderFigureRow(m)}\n`);
};
if (!json) {
  const [load] = loadavg();
  process.stdout.write(
    `# ${quick ? 'quick' : full ? 'full' : 'default'} run; load average ${(load ?? 0).toFixed(1)} on ${cpus().length} cores\n`,
  );
}

// SimClock: 100k timers pending at once, run to quiescence; then the same with half cancelled.
if (groups.has('clock')) {
  const { createRandomStreams, createSimClock } = await import('@svcsim/core');
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
if (groups.has('engine')) {
  const { createRandomStreams, resolveSimulationConfig, run } = await import('@svcsim/core');
  const { createChurnInputs } = await import('./churnWorkload.js');
  const { benchLogCodec } = await import('./benchLogCodec.js');
  const { benchIptablesMode } = await import('./benchIptablesMode.js');
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

  // The engine run's own log (mostly whole Kubernetes objects); log.*PerSec below is the synthetic mix.
  for (const m of benchLogCodec(lastRun.log)) record(m);

  // kube-proxy's iptables mode on one node of that cluster (its final Services and EndpointSlices).
  for (const m of benchIptablesMode(lastRun.finalState)) record(m);
}

// The kubelet: 10,000 pods with probes and stable applications, one virtual hour. The figure is what
// the hour costs beyond starting the pods (change-driven probes: nothing); the total includes start-up.
if (groups.has('kubelet')) {
  const { measureStableHour } = await import('./kubeletBench.js');
  const hour = measureStableHour(quick ? 1 : 2);
  record({
    name: 'kubelet.stableHourWallSeconds',
    unit: 's',
    value: hour.wallSeconds,
    note: `${hour.pods} pods, ${hour.events} events after start-up; whole run with start-up ${hour.totalWallSeconds.toFixed(2)} s`,
  });
  record({ name: 'kubelet.hourRunWallSeconds', unit: 's', value: hour.totalWallSeconds });
}

// Issue 2: a 1,000,000-event synthetic log of mixed events through the .svlog codec and the replay fold.
if (groups.has('log')) {
  const { benchSyntheticLog } = await import('./benchSyntheticLog.js');
  const spec = { events: quick ? 100_000 : 1_000_000, seed: 1 };
  for (const m of benchSyntheticLog(spec, 3, profileReplay)) record(m);
}

// Issue 3: 1,000 nodes, 10,000 Services, 100,000 pods, then 100,000 churn events. The full scale takes
// far longer than the rest of the bench together (docs/benchmarks.md), so it runs only with --full;
// otherwise the cluster is 1/10 of it, and cluster.pods says which scale the figures are for.
if (groups.has('cluster')) {
  const { CLUSTER_SCALE, scaledDown } = await import('./clusterScaleWorkload.js');
  const { benchClusterScale } = await import('./benchClusterScale.js');
  const workload = full ? CLUSTER_SCALE : scaledDown(CLUSTER_SCALE, 10);
  for (const m of benchClusterScale(workload, progress, { build: profileBuild, churn: profileChurn }))
    record(m);
}

// The same workload through the columnar design probe: how close that design gets to issue 3's targets.
if (groups.has('columnar')) {
  const { CLUSTER_SCALE, scaledDown } = await import('./clusterScaleWorkload.js');
  const { benchColumnarProbe } = await import('./benchColumnarProbe.js');
  const workload = full ? CLUSTER_SCALE : scaledDown(CLUSTER_SCALE, 10);
  for (const m of benchColumnarProbe(workload, progress)) record(m);
}

if (json) process.stdout.write(`${renderFiguresJson(results)}\n`);
