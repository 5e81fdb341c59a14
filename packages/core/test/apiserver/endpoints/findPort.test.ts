import { describe, expect, it } from 'vitest';

import { findPort } from '../../../src/apiserver/endpoints/findPort.js';
import { makePod, port } from './fixtures.js';

describe('findPort (§5.4)', () => {
  const pod = makePod({
    name: 'a',
    ports: [
      { name: 'dns', containerPort: 5353, protocol: 'UDP' },
      { name: 'http', containerPort: 8080 }, // protocol defaults to TCP
      { name: 'http', containerPort: 9999, protocol: 'TCP' },
    ],
    sidecarPorts: [{ name: 'proxy', containerPort: 15001 }],
  });

  it('uses a numeric targetPort as is, whatever the pod declares', () => {
    expect(findPort(pod, port('x', 80, 7000))).toBe(7000);
  });

  it('defaults an unset targetPort to the port', () => {
    expect(findPort(pod, { port: 80 })).toBe(80);
  });

  it('resolves a named targetPort by name and protocol, first match winning', () => {
    expect(findPort(pod, port('http', 80, 'http'))).toBe(8080);
    expect(findPort(pod, port('dns', 53, 'dns', 'UDP'))).toBe(5353);
  });

  it('does not match a named port of another protocol', () => {
    expect(findPort(pod, port('dns', 53, 'dns', 'TCP'))).toBeUndefined();
    expect(findPort(pod, port('http', 80, 'http', 'UDP'))).toBeUndefined();
  });

  it('finds named ports on restartable init containers (sidecars)', () => {
    expect(findPort(pod, port('proxy', 15001, 'proxy'))).toBe(15001);
  });

  it('ignores ports of init containers that are not restartable', () => {
    const plainInit = {
      ...pod,
      spec: { ...pod.spec, initContainers: [{ name: 'init', ports: [{ name: 'proxy', containerPort: 1 }] }] },
    };
    expect(findPort(plainInit, port('proxy', 15001, 'proxy'))).toBeUndefined();
  });

  it('returns undefined when no container declares the name', () => {
    expect(findPort(pod, port('metrics', 9090, 'metrics'))).toBeUndefined();
  });
});
