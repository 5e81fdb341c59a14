/** The three probe workers a container can have (pkg/kubelet/prober: one worker per container and type). */
export type ProbeKind = 'readiness' | 'liveness' | 'startup';

/** What one probe returns, and what a worker commits (pkg/kubelet/prober/results). */
export type ProbeResult = 'Success' | 'Failure' | 'Unknown';

/**
 * The result a worker sets as soon as it sees a new container, before any probe has run (newWorker's
 * initialValue): a container is not ready until a readiness probe passes, is alive until a liveness probe
 * fails, and has an unknown start-up state until the startup probe decides.
 */
export function initialProbeResult(kind: ProbeKind): ProbeResult {
  switch (kind) {
    case 'readiness':
      return 'Failure';
    case 'liveness':
      return 'Success';
    case 'startup':
      return 'Unknown';
  }
}
