import { describe, expect, it } from 'vitest';

import { fieldPath, formatFieldError } from '../../src/api/FieldError.js';
import type { Container } from '../../src/api/Pod.js';
import { DEFAULT_APP_MODEL } from '../../src/kubelet/AppModel.js';
import { parseAppModels } from '../../src/kubelet/parseAppModels.js';

const web: Container = {
  name: 'web',
  image: 'web:1',
  ports: [
    { name: 'http', containerPort: 8080 },
    { name: 'admin', containerPort: 9000 },
    { name: 'dns', containerPort: 53, protocol: 'UDP' },
  ],
};
const proxy: Container = { name: 'proxy', image: 'envoy:1', ports: [{ containerPort: 15001 }] };

function models(annotations: Record<string, string>, containers: readonly Container[] = [web]) {
  const result = parseAppModels(annotations, containers);
  if (!result.ok) throw new Error(result.errors.map(formatFieldError).join('\n'));
  return result.models;
}

function errors(annotations: Record<string, string>, containers: readonly Container[] = [web]): string[] {
  const result = parseAppModels(annotations, containers);
  return result.ok ? [] : result.errors.map(formatFieldError);
}

describe('parseAppModels', () => {
  it('gives every container the default application, serving its declared TCP ports', () => {
    expect(models({}, [web, proxy])).toEqual({
      web: { ...DEFAULT_APP_MODEL, ports: [8080, 9000] },
      proxy: { ...DEFAULT_APP_MODEL, ports: [15001] },
    });
  });

  it('ignores annotations outside svcsim.dev/', () => {
    expect(models({ 'example.com/health': 'nonsense' }).web).toEqual({
      ...DEFAULT_APP_MODEL,
      ports: [8080, 9000],
    });
  });

  it('reads every setting', () => {
    expect(
      models({
        'svcsim.dev/startup-delay': '12s',
        'svcsim.dev/bind-address': '127.0.0.1',
        'svcsim.dev/ports': '8080,7070',
        'svcsim.dev/health': 'failing@30s,hanging@1m,healthy@1m30s',
        'svcsim.dev/crash-after': '5m',
        'svcsim.dev/exit-code': '137',
        'svcsim.dev/serve-after-sigterm': '15s',
        'svcsim.dev/health-on-sigterm': 'failing',
        'svcsim.dev/response-latency': '250ms',
      }).web,
    ).toEqual({
      startupDelayMs: 12_000,
      bindAddress: '127.0.0.1',
      ports: [7070, 8080],
      health: [
        { at: 0, state: 'healthy' },
        { at: 30_000, state: 'failing' },
        { at: 60_000, state: 'hanging' },
        { at: 90_000, state: 'healthy' },
      ],
      crash: { afterMs: 300_000, exitCode: 137 },
      serveAfterSigtermMs: 15_000,
      healthOnSigterm: 'failing',
      responseLatencyMs: 250,
    });
  });

  it('reads a health schedule that starts in a state other than healthy', () => {
    expect(models({ 'svcsim.dev/health': 'hanging' }).web?.health).toEqual([{ at: 0, state: 'hanging' }]);
    expect(models({ 'svcsim.dev/health': 'failing@0s, healthy@10s' }).web?.health).toEqual([
      { at: 0, state: 'failing' },
      { at: 10_000, state: 'healthy' },
    ]);
  });

  it('drops schedule entries that repeat the state already in force', () => {
    expect(models({ 'svcsim.dev/health': 'healthy@5s,failing@10s,failing@20s' }).web?.health).toEqual([
      { at: 0, state: 'healthy' },
      { at: 10_000, state: 'failing' },
    ]);
  });

  it('crashes with exit code 1 unless told otherwise', () => {
    expect(models({ 'svcsim.dev/crash-after': '45s' }).web?.crash).toEqual({ afterMs: 45_000, exitCode: 1 });
  });

  it('serves no port at all with ports "none"', () => {
    expect(models({ 'svcsim.dev/ports': 'none' }).web?.ports).toEqual([]);
  });

  it('lets a container-qualified annotation win over the pod-wide one', () => {
    const both = models(
      {
        'svcsim.dev/startup-delay': '30s',
        'svcsim.dev/startup-delay.proxy': '1s',
        'svcsim.dev/health.proxy': 'failing',
      },
      [web, proxy],
    );
    expect(both.web?.startupDelayMs).toBe(30_000);
    expect(both.web?.health).toEqual(DEFAULT_APP_MODEL.health);
    expect(both.proxy?.startupDelayMs).toBe(1_000);
    expect(both.proxy?.health).toEqual([{ at: 0, state: 'failing' }]);
  });

  it('refuses unknown settings and containers, naming the annotation', () => {
    expect(errors({ 'svcsim.dev/startup-dealy': '1s', 'svcsim.dev/health.sidecar': 'failing' })).toEqual([
      'metadata.annotations[svcsim.dev/health.sidecar]: Invalid value: "sidecar": the pod has no container of this name',
      'metadata.annotations[svcsim.dev/startup-dealy]: Unsupported value: "startup-dealy": supported values: ' +
        '"startup-delay", "bind-address", "ports", "health", "crash-after", "exit-code", "serve-after-sigterm", ' +
        '"health-on-sigterm", "response-latency"',
    ]);
  });

  it.each([
    ['startup-delay', '30', 'must be a duration such as "500ms", "30s" or "1m30s"'],
    ['response-latency', '-1s', 'must be a duration such as "500ms", "30s" or "1m30s"'],
    ['serve-after-sigterm', 'forever', 'must be a duration such as "500ms", "30s" or "1m30s"'],
    ['crash-after', '', 'must be a duration such as "500ms", "30s" or "1m30s"'],
    ['exit-code', '256', 'must be an integer from 0 to 255'],
    ['ports', '80,http', 'must be "none" or port numbers (1-65535) separated by commas, such as "8080,9090"'],
    ['ports', '0', 'must be "none" or port numbers (1-65535) separated by commas, such as "8080,9090"'],
    ['ports', '80,80', 'lists port 80 twice'],
    [
      'health',
      'failing@30s,healthy@20s',
      'instants must strictly increase, but 20s does not come after the item before it',
    ],
    [
      'health',
      'broken@10s',
      'must be state@instant items separated by commas, such as "failing@30s,healthy@1m" ' +
        '(states: healthy, failing, hanging; instants after container start, strictly increasing)',
    ],
    [
      'health',
      'failing@10s,healthy',
      'must be state@instant items separated by commas, such as "failing@30s,healthy@1m" ' +
        '(states: healthy, failing, hanging; instants after container start, strictly increasing)',
    ],
  ])('refuses %s=%j, saying what it expected', (setting, value, detail) => {
    expect(errors({ [`svcsim.dev/${setting}`]: value })).toEqual([
      `metadata.annotations[svcsim.dev/${setting}]: Invalid value: ${JSON.stringify(value)}: ${detail}`,
    ]);
  });

  it('lists the accepted values of enumerations', () => {
    expect(errors({ 'svcsim.dev/bind-address': '10.0.0.1', 'svcsim.dev/health-on-sigterm': 'dead' })).toEqual(
      [
        'metadata.annotations[svcsim.dev/bind-address]: Unsupported value: "10.0.0.1": supported values: "0.0.0.0", "127.0.0.1"',
        'metadata.annotations[svcsim.dev/health-on-sigterm]: Unsupported value: "dead": supported values: ' +
          '"unchanged", "healthy", "failing", "hanging"',
      ],
    );
  });

  it('refuses an exit code without a crash to give it to', () => {
    expect(errors({ 'svcsim.dev/exit-code': '3' })).toEqual([
      'metadata.annotations[svcsim.dev/exit-code]: Invalid value: 3: has no effect without svcsim.dev/crash-after for container "web"',
    ]);
  });

  it('reports at the template path when given one', () => {
    const path = fieldPath('spec').child('template').child('metadata').child('annotations');
    const result = parseAppModels({ 'svcsim.dev/ports': 'x' }, [web], path);
    expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual([
      'spec.template.metadata.annotations[svcsim.dev/ports]',
    ]);
  });
});
