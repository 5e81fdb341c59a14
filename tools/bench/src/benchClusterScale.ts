import { performance } from 'node:perf_hooks';

import { listObjects, resolveSimulationConfig, run, type ClusterState } from '@svcsim/core';

import { startCpuProfileSection } from './cpuProfileSection.js';
import { createClusterScaleInputs, type ClusterScaleWorkload } from './clusterScaleWorkload.js';
import { heapUsedAfterGc, type Measurement, type Timing } from './measure.js';
import { PhaseTimer } from './PhaseTimer.js';

/** Where to write CPU profiles of the benchmark's phases, if anywhere. */
export interface PhaseProfiles {
  readonly build?: string | undefined;
  readonly churn?: string | undefined;
}

/** Where the engine's run stood when the build phase ended, and what the churn phase then cost. */
interface ClusterScaleTimes {
  readonly buildSeconds: number;
  readonly churnSeconds: number;
  readonly buildCpuSeconds: number;
  readonly churnCpuSeconds: number;
  readonly heapBytes: number;
  readonly buildEntries: number;
  readonly totalEntries: number;
}

/**
 * Issue 3's scale benchmark: builds the workload's cluster from events through the whole engine
 * (apiserver, kubelets, scheduler, Deployment, ReplicaSet, EndpointSlice and Endpoints controllers, the
 * replay fold), then applies its churn. The build is timed to the end of its virtual phase, the heap is
 * measured there (after a full collection, not counted in either time), and the churn is timed from
 * there to the end of the run, so it includes every consequence of the churn: pod status writes,
 * EndpointSlice and Endpoints derivation, graceful deletions. One run; `progress` gets status lines.
 * `profiles.build` and `profiles.churn` name files to write a CPU profile of that phase alone into (which
 * slows it down).
 */
export function benchClusterScale(
  workload: ClusterScaleWorkload,
  progress: (line: string) => void,
  profiles: PhaseProfiles = {},
): Measurement[] {
  const { inputs, buildInputs, churn, durationMs } = createClusterScaleInputs(workload);
  const pods = workload.services * workload.podsPerService;
  progress(
    `cluster: ${workload.nodes} nodes, ${workload.services} Services, ${pods} pods, ${workload.churnEvents} churn events`,
  );
  const times = timeRun(inputs, workload, durationMs, progress, profiles);
  const churnEvents = churn.readinessFlips + churn.podDeletions + churn.podRecreations + churn.scaleChanges;
  const mib = (bytes: number): number => bytes / 1048576;
  return [
    {
      name: 'cluster.pods',
      unit: 'pods',
      value: pods,
      note: 'the scale the cluster.* figures were measured at',
    },
    {
      name: 'cluster.buildSeconds',
      unit: 's',
      value: times.buildSeconds,
      note: `${buildInputs.toLocaleString('en-US')} inputs, ${times.buildEntries.toLocaleString('en-US')} events`,
    },
    {
      name: 'cluster.churnEventsPerSec',
      unit: 'events/s',
      value: churnEvents / times.churnSeconds,
      note: `${churn.readinessFlips} readiness flips, ${churn.podDeletions} deletions, ${churn.podRecreations} re-creations, ${churn.scaleChanges} scale changes; ${(times.totalEntries - times.buildEntries).toLocaleString('en-US')} events in ${times.churnSeconds.toFixed(1)} s`,
    },
    // The same two phases by CPU time, which a busy machine inflates less (docs/benchmarks.md).
    {
      name: 'cluster.buildCpuSeconds',
      unit: 'CPU-s',
      value: times.buildCpuSeconds,
      note: 'user + system CPU time of the build phase',
    },
    {
      name: 'cluster.churnEventsPerCpuSec',
      unit: 'events/CPU-s',
      value: churnEvents / times.churnCpuSeconds,
      note: 'churn inputs per CPU-second of the churn phase',
    },
    {
      name: 'cluster.heapMiB',
      unit: 'MiB',
      value: mib(times.heapBytes),
      note: 'after build: log, replay snapshots, informer caches, controller state',
    },
  ];
}

function timeRun(
  inputs: Parameters<typeof run>[0],
  workload: ClusterScaleWorkload,
  durationMs: number,
  progress: (line: string) => void,
  profiles: PhaseProfiles,
): ClusterScaleTimes {
  let stopProfile: (() => void) | undefined;
  let build: Timing | undefined;
  let heapBytes = 0;
  let buildEntries = 0;
  if (profiles.build !== undefined) stopProfile = startCpuProfileSection(profiles.build);
  const timer = new PhaseTimer();
  const start = performance.now();
  const result = run(inputs, 1, resolveSimulationConfig({ durationMs, watchDelayMs: 50 }), {
    onProgress(now) {
      const elapsed = (performance.now() - start) / 1000;
      if (build === undefined && now >= workload.buildMs) {
        // onProgress comes after each 1 % of virtual time; the phases are sized so the build ends on one.
        if (now !== workload.buildMs)
          throw new Error(`bench: the build phase (${workload.buildMs} ms) does not end on a progress step`);
        build = timer.endFirstPhase();
        if (stopProfile !== undefined) {
          stopProfile();
          stopProfile = undefined;
          progress(`cluster: build profile written to ${profiles.build ?? ''}`);
        }
        heapBytes = timer.exclude(heapUsedAfterGc);
        if (profiles.churn !== undefined) stopProfile = startCpuProfileSection(profiles.churn);
        progress(`cluster: built in ${elapsed.toFixed(1)} s; heap ${(heapBytes / 1048576).toFixed(0)} MiB`);
      } else if (Math.round((now / durationMs) * 100) % 10 === 0) {
        progress(`cluster: virtual ${now / 1000} s of ${durationMs / 1000} s, wall ${elapsed.toFixed(0)} s`);
      }
    },
  });
  if (build === undefined) throw new Error('bench: the run never reached the end of its build phase');
  const churn = timer.secondPhase();
  if (stopProfile !== undefined) {
    stopProfile();
    progress(`cluster: churn profile written to ${profiles.churn ?? ''}`);
  }
  const built = result.replay.stateAt(workload.buildMs);
  assertBuilt(built, workload);
  for (const entry of result.log.entries) if (entry.at <= workload.buildMs) buildEntries++;
  return {
    buildSeconds: build.wallSeconds,
    churnSeconds: churn.wallSeconds,
    buildCpuSeconds: build.cpuSeconds,
    churnCpuSeconds: churn.cpuSeconds,
    heapBytes,
    buildEntries,
    totalEntries: result.log.entries.length,
  };
}

/**
 * Checks that the build phase really built the cluster before the churn began (a phase too short would
 * move build work into the churn figure): every pod exists and is Ready, and every Service has slices.
 */
function assertBuilt(state: ClusterState, workload: ClusterScaleWorkload): void {
  const pods = listObjects(state, 'Pod', 'default');
  const expected = workload.services * workload.podsPerService;
  const ready = pods.filter((pod) =>
    pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
  ).length;
  const slicedServices = new Set(
    listObjects(state, 'EndpointSlice', 'default').map(
      (slice) => slice.metadata.labels?.['kubernetes.io/service-name'],
    ),
  );
  if (pods.length !== expected || ready !== expected || slicedServices.size < workload.services) {
    throw new Error(
      `bench: at ${workload.buildMs} ms the cluster is not built (${pods.length} of ${expected} pods, ${ready} Ready, ${slicedServices.size} of ${workload.services} Services with slices); lengthen buildMs`,
    );
  }
}
