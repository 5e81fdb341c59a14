import { describe, expect, it } from 'vitest';

import type { ConfigMap } from '../../../src/api/ConfigData.js';
import { validateConfigMap } from '../../../src/apiserver/validation/validateConfigMap.js';
import { formatted, meta, MSG } from './fixtures.js';

const configMap = (data: Record<string, string>, name = 'settings'): ConfigMap => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: meta(name),
  data,
});

describe('validateConfigMap', () => {
  it('accepts file-like keys', () => {
    expect(validateConfigMap(configMap({ 'nginx.conf': 'x', LOG_LEVEL: 'debug' }))).toEqual([]);
  });

  it('requires keys to be config keys', () => {
    expect(formatted(validateConfigMap(configMap({ 'conf/nginx': 'x', '..data': 'y' })))).toEqual([
      `data[..data]: Invalid value: "..data": must not start with '..'`,
      `data[conf/nginx]: Invalid value: "conf/nginx": ${MSG.configKey}`,
    ]);
  });

  it('limits data to 1 MiB, reported against the whole object', () => {
    expect(formatted(validateConfigMap(configMap({ big: 'x'.repeat(1024 * 1024 + 1) })))).toEqual([
      ': Too long: must have at most 1048576 bytes',
    ]);
  });
});
