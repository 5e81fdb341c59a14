import { describe, expect, it } from 'vitest';

import {
  derivePodReadiness,
  isContainerReady,
  isContainerStarted,
  type ContainerProbeView,
  type PodReadinessInput,
} from '../../src/kubelet/derivePodReadiness.js';

const plain: ContainerProbeView = {
  name: 'web',
  known: true,
  running: true,
  hasStartupProbe: false,
  hasReadinessProbe: false,
};
const probed: ContainerProbeView = {
  ...plain,
  name: 'api',
  hasStartupProbe: true,
  startupResult: 'Success',
  hasReadinessProbe: true,
  readinessResult: 'Success',
};
const pod = (overrides: Partial<PodReadinessInput>): PodReadinessInput => ({
  phase: 'Running',
  containers: [plain, probed],
  readinessGates: [],
  conditions: [],
  nodeReady: true,
  ...overrides,
});

describe('container readiness', () => {
  it('is ready once running without probes, and not when not running', () => {
    expect(isContainerReady(plain)).toBe(true);
    expect(isContainerReady({ ...plain, running: false })).toBe(false);
  });

  it('waits for the startup probe, then for the readiness probe', () => {
    expect(isContainerStarted({ ...probed, startupResult: 'Unknown' })).toBe(false);
    expect(isContainerReady({ ...probed, startupResult: 'Unknown' })).toBe(false);
    expect(isContainerReady({ ...probed, readinessResult: 'Failure' })).toBe(false);
    expect(isContainerReady({ ...probed, hasStartupProbe: false, readinessResult: 'Success' })).toBe(true);
    expect(isContainerReady(probed)).toBe(true);
  });
});

describe('derivePodReadiness', () => {
  it('is Ready when every container is', () => {
    expect(derivePodReadiness(pod({}))).toEqual({
      containersReady: { type: 'ContainersReady', status: 'True' },
      ready: { type: 'Ready', status: 'True' },
    });
  });

  it('names the unready and unknown containers the way the kubelet does', () => {
    const result = derivePodReadiness(
      pod({
        containers: [
          { ...plain, running: false },
          { ...probed, readinessResult: 'Failure' },
          { ...plain, name: 'log', known: false },
        ],
      }),
    );
    const message = 'containers with unknown status: [log], containers with unready status: [web api]';
    expect(result.containersReady).toEqual({
      type: 'ContainersReady',
      status: 'False',
      reason: 'ContainersNotReady',
      message,
    });
    expect(result.ready).toEqual({ type: 'Ready', status: 'False', reason: 'ContainersNotReady', message });
  });

  it('holds Ready back until every readiness gate condition is True', () => {
    const gates = ['example.com/lb-registered', 'example.com/warmed'];
    expect(
      derivePodReadiness(
        pod({ readinessGates: gates, conditions: [{ type: gates[1] ?? '', status: 'False' }] }),
      ).ready,
    ).toEqual({
      type: 'Ready',
      status: 'False',
      reason: 'ReadinessGatesNotReady',
      message:
        'corresponding condition of pod readiness gate "example.com/lb-registered" does not exist., ' +
        'the status of pod readiness gate "example.com/warmed" is not "True", but False',
    });
    const allTrue = gates.map((type) => ({ type, status: 'True' as const }));
    expect(derivePodReadiness(pod({ readinessGates: gates, conditions: allTrue })).ready.status).toBe('True');
  });

  it('is not Ready on a node that is not Ready, whatever its containers say', () => {
    expect(derivePodReadiness(pod({ nodeReady: false }))).toEqual({
      containersReady: { type: 'ContainersReady', status: 'True' },
      ready: { type: 'Ready', status: 'False' },
    });
  });

  it('reports finished pods and pods without container statuses', () => {
    expect(derivePodReadiness(pod({ phase: 'Succeeded' })).ready).toEqual({
      type: 'Ready',
      status: 'False',
      reason: 'PodCompleted',
    });
    expect(derivePodReadiness(pod({ phase: 'Failed' })).ready.reason).toBe('PodFailed');
    expect(derivePodReadiness(pod({ containers: [{ ...plain, known: false }] })).containersReady.reason).toBe(
      'UnknownContainerStatuses',
    );
  });
});
