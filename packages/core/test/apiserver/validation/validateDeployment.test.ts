import { describe, expect, it } from 'vitest';

import type { Deployment, DeploymentSpec } from '../../../src/api/Deployment.js';
import { validateDeployment } from '../../../src/apiserver/validation/validateDeployment.js';
import { formatted, meta } from './fixtures.js';

function deployment(spec: Partial<DeploymentSpec> = {}): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta('web'),
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'app', image: 'nginx' }] },
      },
      ...spec,
    },
  };
}
const errorsOf = (spec: Partial<DeploymentSpec>): string[] => formatted(validateDeployment(deployment(spec)));

describe('validateDeployment', () => {
  it('accepts a minimal Deployment', () => {
    expect(errorsOf({})).toEqual([]);
  });

  it('requires a selector', () => {
    expect(errorsOf({ selector: undefined as never })).toEqual([
      'spec.selector: Required value',
      'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`',
    ]);
  });

  it('rejects an empty selector', () => {
    expect(errorsOf({ selector: {} })).toEqual([
      'spec.selector: Invalid value: {}: empty selector is invalid for deployment',
    ]);
  });

  it('requires the selector to match the template labels', () => {
    expect(errorsOf({ selector: { matchLabels: { app: 'api' } } })).toEqual([
      'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`',
    ]);
    expect(
      errorsOf({ selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] } }),
    ).toEqual([]);
  });

  it('reports an unparseable selector instead of matching it', () => {
    expect(errorsOf({ selector: { matchExpressions: [{ key: 'app', operator: 'In' }] } })).toEqual([
      "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      'spec.selector: Invalid value: {"matchExpressions":[{"key":"app","operator":"In"}]}: invalid label selector',
    ]);
  });

  it('validates template labels and pod spec under spec.template', () => {
    expect(
      errorsOf({
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web', 'bad key': 'x' } }, spec: { containers: [] } },
      }),
    ).toEqual([
      `spec.template.labels: Invalid value: "bad key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
      'spec.template.spec.containers: Required value',
    ]);
  });

  it('requires the template restartPolicy to be Always', () => {
    const template = {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'app', image: 'nginx' }], restartPolicy: 'OnFailure' as const },
    };
    expect(errorsOf({ template })).toEqual([
      'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
    ]);
  });

  it('rejects negative replicas and minReadySeconds', () => {
    expect(errorsOf({ replicas: -1, minReadySeconds: -5 })).toEqual([
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      'spec.minReadySeconds: Invalid value: -5: must be greater than or equal to 0',
    ]);
    expect(errorsOf({ replicas: 0 })).toEqual([]);
  });

  it('requires a supported strategy type', () => {
    expect(errorsOf({ strategy: { type: 'BlueGreen' as never } })).toEqual([
      'spec.strategy: Unsupported value: {"type":"BlueGreen"}: supported values: "Recreate", "RollingUpdate"',
    ]);
  });

  it('forbids rollingUpdate with Recreate', () => {
    expect(errorsOf({ strategy: { type: 'Recreate' } })).toEqual([]);
    expect(errorsOf({ strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } } })).toEqual([
      "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
    ]);
  });

  it('forbids maxSurge and maxUnavailable both zero', () => {
    expect(
      errorsOf({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } }),
    ).toEqual([
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
    ]);
    expect(errorsOf({ strategy: { rollingUpdate: { maxSurge: 0 } } })).toEqual([]);
  });

  it('checks maxSurge and maxUnavailable forms and the 100% cap', () => {
    expect(errorsOf({ strategy: { rollingUpdate: { maxSurge: 'lots', maxUnavailable: '150%' } } })).toEqual([
      `spec.strategy.rollingUpdate.maxSurge: Invalid value: "lots": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')`,
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "150%": must not be greater than 100%',
    ]);
    expect(errorsOf({ strategy: { rollingUpdate: { maxUnavailable: -1 } } })).toEqual([
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: -1: must be greater than or equal to 0',
    ]);
  });

  it('requires progressDeadlineSeconds to exceed minReadySeconds', () => {
    expect(errorsOf({ minReadySeconds: 600 })).toEqual([
      'spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds',
    ]);
    expect(errorsOf({ minReadySeconds: 600, progressDeadlineSeconds: 601 })).toEqual([]);
  });

  it('rejects a negative revisionHistoryLimit', () => {
    expect(errorsOf({ revisionHistoryLimit: -1 })).toEqual([
      'spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0',
    ]);
  });
});
