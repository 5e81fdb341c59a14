import type { Container, ContainerPort, Probe } from '../../src/api/Pod.js';
import type { SimTime } from '../../src/SimTime.js';
import {
  initialProbeWorkerState,
  nextProbeResultChange,
  type ProbeWorkerState,
} from '../../src/kubelet/nextProbeResultChange.js';
import { parseAppModels } from '../../src/kubelet/parseAppModels.js';
import type { ProbeSubject } from '../../src/kubelet/probeAttemptAt.js';
import type { ProbeKind, ProbeResult } from '../../src/kubelet/ProbeResult.js';
import { resolveProbe } from '../../src/kubelet/resolveProbe.js';

export const POD_IP = '10.244.1.7';

/** A container `app` with one probe, described the way a manifest would. */
export interface ProbeScenario {
  readonly kind: ProbeKind;
  readonly probe: Probe;
  /** `svcsim.dev/*` annotations, written without the prefix. */
  readonly app?: Readonly<Record<string, string>>;
  readonly ports?: readonly ContainerPort[];
  readonly hostNetwork?: boolean;
  /** Container start; 0 unless said. */
  readonly containerStart?: SimTime;
  /** When the container counts as started (readiness, liveness); the container start unless said, null for never. */
  readonly started?: SimTime | null;
  readonly tickOrigin?: SimTime;
  readonly sigtermAt?: SimTime;
  readonly killedAt?: SimTime;
  readonly podDeletionSeenAt?: SimTime;
}

export function containerOf(scenario: Pick<ProbeScenario, 'kind' | 'probe' | 'ports'>): Container {
  const probeField = `${scenario.kind}Probe` as const;
  return {
    name: 'app',
    image: 'app:1',
    ports: scenario.ports ?? [{ name: 'http', containerPort: 8080 }],
    [probeField]: scenario.probe,
  };
}

/** The subject the kubelet would build for this scenario: annotations parsed, probe resolved. */
export function subjectOf(scenario: ProbeScenario): ProbeSubject {
  const container = containerOf(scenario);
  const annotations = Object.fromEntries(
    Object.entries(scenario.app ?? {}).map(([k, v]) => [`svcsim.dev/${k}`, v]),
  );
  const parsed = parseAppModels(annotations, [container]);
  if (!parsed.ok) throw new Error(`bad annotations: ${JSON.stringify(parsed.errors)}`);
  const app = parsed.models.app;
  if (app === undefined) throw new Error('no model for the container');
  const containerStart = scenario.containerStart ?? 0;
  const started = scenario.started === undefined ? containerStart : scenario.started;
  return {
    probe: resolveProbe(scenario.kind, scenario.probe, container, {
      podIP: POD_IP,
      ...(scenario.hostNetwork !== undefined && { hostNetwork: scenario.hostNetwork }),
    }),
    app,
    run: {
      startedAt: containerStart,
      ...(scenario.sigtermAt !== undefined && { sigtermAt: scenario.sigtermAt }),
      ...(scenario.killedAt !== undefined && { killedAt: scenario.killedAt }),
    },
    ...(scenario.tickOrigin !== undefined && { tickOrigin: scenario.tickOrigin }),
    ...(started !== null && { startedAt: started }),
    ...(scenario.podDeletionSeenAt !== undefined && { podDeletionSeenAt: scenario.podDeletionSeenAt }),
  };
}

export interface Change {
  readonly at: SimTime;
  readonly result: ProbeResult;
}

/** Every change of the committed result, in order, as the change-driven prober reports them. */
export function changesOf(subject: ProbeSubject, from?: ProbeWorkerState): Change[] {
  const changes: Change[] = [];
  let state = from ?? initialProbeWorkerState(subject);
  for (let change = nextProbeResultChange(subject, state); change !== undefined;) {
    changes.push({ at: change.at, result: change.result });
    state = change.state;
    change = nextProbeResultChange(subject, state);
    if (changes.length > 100) throw new Error('runaway timeline');
  }
  return changes;
}

/** Shorthand: the changes of a scenario. */
export function timeline(scenario: ProbeScenario): Change[] {
  return changesOf(subjectOf(scenario));
}

export const s = (seconds: number): SimTime => seconds * 1000;
