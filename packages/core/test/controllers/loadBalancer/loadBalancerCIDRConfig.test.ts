import { describe, expect, it } from 'vitest';

import {
  assertSimulationConfig,
  DEFAULT_SIMULATION_CONFIG,
  resolveSimulationConfig,
} from '../../../src/engine/SimulationConfig.js';

describe('SimulationConfig.loadBalancerCIDR', () => {
  it('is absent by default, so a run has no load-balancer controller unless asked for one', () => {
    expect('loadBalancerCIDR' in DEFAULT_SIMULATION_CONFIG).toBe(false);
    expect('loadBalancerCIDR' in resolveSimulationConfig({})).toBe(false);
    expect(resolveSimulationConfig({ loadBalancerCIDR: '203.0.113.0/24' }).loadBalancerCIDR).toBe(
      '203.0.113.0/24',
    );
  });

  it('accepts an IPv4 CIDR outside the Service range', () => {
    for (const loadBalancerCIDR of ['203.0.113.0/24', '192.168.100.240/28', '198.51.100.7/32'])
      expect(() => {
        assertSimulationConfig({ ...DEFAULT_SIMULATION_CONFIG, loadBalancerCIDR }, 'config');
      }).not.toThrow();
  });

  it('refuses anything else, naming the field', () => {
    for (const [value, shown] of [
      ['203.0.113.1/24', '"203.0.113.1/24"'], // not the network address
      ['203.0.113.0', '"203.0.113.0"'],
      ['2001:db8::/64', '"2001:db8::/64"'],
      [24, '24'],
    ] as const)
      expect(() => {
        assertSimulationConfig(
          { ...DEFAULT_SIMULATION_CONFIG, loadBalancerCIDR: value },
          'header meta.config',
        );
      }).toThrow(
        `header meta.config.loadBalancerCIDR: expected an IPv4 CIDR such as 203.0.113.0/24, got ${shown}`,
      );
  });

  it('refuses a pool that overlaps the Service range, either way round', () => {
    for (const loadBalancerCIDR of ['10.100.0.0/24', '10.0.0.0/8'])
      expect(() => {
        assertSimulationConfig({ ...DEFAULT_SIMULATION_CONFIG, loadBalancerCIDR }, 'config');
      }).toThrow(`config.loadBalancerCIDR: ${loadBalancerCIDR} overlaps serviceCIDR 10.96.0.0/12`);
  });
});
