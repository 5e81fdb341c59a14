import type { Service } from '../../api/Service.js';
import { toServiceAddresses, type ServiceAddresses } from './ServiceAddressAllocators.js';
import {
  clusterIPsOf,
  isHeadless,
  needsClusterIP,
  needsHealthCheckNodePort,
  nodePortsOf,
} from '../serviceTypeRules.js';

/**
 * The ClusterIPs and node ports a stored Service holds: what a delete releases
 * (releaseAllocatedResources) and what rebuilding the allocators from stored Services must mark taken.
 */
export function deriveServiceAddresses(service: Service): ServiceAddresses {
  const spec = service.spec;
  const clusterIPs =
    needsClusterIP(spec) && !isHeadless(spec)
      ? clusterIPsOf(spec).filter((ip) => ip !== '' && ip !== 'None')
      : [];
  const nodePorts = nodePortsOf(service);
  const healthCheckNodePort = spec.healthCheckNodePort ?? 0;
  if (needsHealthCheckNodePort(spec) && healthCheckNodePort > 0) nodePorts.push(healthCheckNodePort);
  return toServiceAddresses(clusterIPs, nodePorts);
}
