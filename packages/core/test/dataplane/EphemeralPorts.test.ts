import { describe, expect, it } from 'vitest';

import {
  createEphemeralPorts,
  EPHEMERAL_PORT_FIRST,
  EPHEMERAL_PORT_LAST,
} from '../../src/dataplane/EphemeralPorts.js';

const RANGE = EPHEMERAL_PORT_LAST - EPHEMERAL_PORT_FIRST + 1;

describe('ephemeral client ports', () => {
  it('hands out Linux’s default range in order, separately per source IP', () => {
    const ports = createEphemeralPorts();
    expect([ports.take('10.0.0.1'), ports.take('10.0.0.1'), ports.take('10.0.0.2')]).toEqual([
      32768, 32769, 32768,
    ]);
  });

  it('wraps around after 60999 and skips ports still held, including ones an input named', () => {
    const ports = createEphemeralPorts();
    const taken = Array.from({ length: RANGE }, () => ports.take('10.0.0.1'));
    expect(taken.at(-1)).toBe(EPHEMERAL_PORT_LAST);
    expect(ports.take('10.0.0.1')).toBeUndefined(); // every port is in use: EADDRNOTAVAIL
    ports.release('10.0.0.1', 40000);
    ports.release('10.0.0.1', 32770);
    expect(ports.take('10.0.0.1')).toBe(32770);
    expect(ports.take('10.0.0.1')).toBe(40000);
    expect(ports.take('10.0.0.1')).toBeUndefined();
  });

  it('takes a named port as given, and keeps it held until every connection using it is released', () => {
    const ports = createEphemeralPorts();
    expect(ports.take('10.0.0.1', 32768)).toBe(32768);
    expect(ports.take('10.0.0.1', 32768)).toBe(32768);
    expect(ports.take('10.0.0.1')).toBe(32769);
    ports.release('10.0.0.1', 32768);
    for (let i = 0; i < RANGE - 2; i++) ports.take('10.0.0.1');
    expect(ports.take('10.0.0.1')).toBeUndefined();
    ports.release('10.0.0.1', 32768);
    expect(ports.take('10.0.0.1')).toBe(32768);
  });
});
