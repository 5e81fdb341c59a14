import { createClusterScaleInputs, type ClusterScaleWorkload } from './clusterScaleWorkload.js';
import { PodFlags } from './columnarProbe/ProbeEvent.js';
import type { ProbeTables } from './columnarProbe/ProbeTables.js';
import { runColumnarProbe } from './columnarProbe/runColumnarProbe.js';
import type { EndpointSliceLayout } from './columnarProbe/EndpointSliceLayout.js';
import { heapUsedAfterGc, type Measurement, type Timing } from './measure.js';
import { PhaseTimer } from './PhaseTimer.js';

/**
 * The cluster benchmark's workload (the same inputs, so the same churn) through the columnar design
 * probe (columnarProbe/runColumnarProbe.ts): what the design of docs/benchmarks.md costs on this machine,
 * phase by phase, timed as benchClusterScale times the engine. The probe is not the engine: these
 * figures say how close that design gets to issue 3's targets, not what svcsim does today.
 */
export function benchColumnarProbe(
  workload: ClusterScaleWorkload,
  progress: (line: string) => void,
): Measurement[] {
  const { inputs, churn, durationMs } = createClusterScaleInputs(workload);
  const pods = workload.services * workload.podsPerService;
  const churnEvents = churn.readinessFlips + churn.podDeletions + churn.podRecreations + churn.scaleChanges;
  progress(
    `columnar: ${workload.nodes} nodes, ${workload.services} Services, ${pods} pods, ${churnEvents} churn events`,
  );

  let build: Timing | undefined;
  let buildEvents = 0;
  let heapBytes = 0;
  const timer = new PhaseTimer();
  const result = runColumnarProbe(inputs, {
    seed: 1,
    watchDelayMs: 50,
    durationMs,
    beforeInstant(now, probe) {
      if (build !== undefined || now <= workload.buildMs) return;
      build = timer.endFirstPhase();
      buildEvents = probe.log.length;
      // Neither the heap measurement nor the check that the build is complete counts in the churn.
      heapBytes = timer.exclude(() => {
        assertBuilt(probe.tables, probe.slices, workload);
        return heapUsedAfterGc();
      });
      progress(
        `columnar: built in ${build.wallSeconds.toFixed(2)} s; heap ${(heapBytes / 1048576).toFixed(0)} MiB`,
      );
    },
  });
  if (build === undefined)
    throw new Error('bench: the columnar probe never reached the end of its build phase');
  const { wallSeconds: churnSeconds, cpuSeconds: churnCpuSeconds } = timer.secondPhase();
  return [
    {
      name: 'columnar.buildSeconds',
      unit: 's',
      value: build.wallSeconds,
      note: `design probe, not the engine; ${pods.toLocaleString('en-US')} pods; ${buildEvents.toLocaleString('en-US')} events`,
    },
    {
      name: 'columnar.churnEventsPerSec',
      unit: 'events/s',
      value: churnEvents / churnSeconds,
      note: `design probe; ${(result.log.length - buildEvents).toLocaleString('en-US')} events in ${churnSeconds.toFixed(2)} s`,
    },
    {
      name: 'columnar.churnEventsPerCpuSec',
      unit: 'events/CPU-s',
      value: churnEvents / churnCpuSeconds,
      note: 'churn inputs per CPU-second of the churn phase',
    },
    {
      name: 'columnar.heapMiB',
      unit: 'MiB',
      value: heapBytes / 1048576,
      note: `after build, with the workload's input objects; the log is ${(result.log.bytes / 1048576).toFixed(0)} MiB at the end`,
    },
  ];
}

/**
 * Checks, as the engine's benchmark does, that the build phase built the cluster before the churn began
 * (a phase too short would move build work into the churn figure): every pod Running and Ready, and every
 * one of the workload's Services with endpoints in its slices.
 */
function assertBuilt(tables: ProbeTables, slices: EndpointSliceLayout, workload: ClusterScaleWorkload): void {
  let ready = 0;
  for (let pod = 0; pod < tables.pods.size; pod++) {
    if (
      (tables.podFlags.get(pod) & (PodFlags.running | PodFlags.ready)) ===
      (PodFlags.running | PodFlags.ready)
    )
      ready++;
  }
  let withEndpoints = 0;
  for (let service = 0; service < tables.services.size; service++) {
    if (slices.slicesOf(service).some((slice) => slice.pods.length > 0)) withEndpoints++;
  }
  const expected = workload.services * workload.podsPerService;
  if (ready !== expected || withEndpoints !== workload.services) {
    throw new Error(
      `bench: at ${workload.buildMs} ms the columnar probe has ${ready} of ${expected} pods Ready and ${withEndpoints} of ${workload.services} Services with endpoints; lengthen buildMs`,
    );
  }
}
