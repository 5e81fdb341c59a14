import type { Service } from '../../api/Service.js';
import { deriveServiceAddresses } from './deriveServiceAddresses.js';
import { releaseAddresses, type ServiceAddressAllocators } from './ServiceAddressAllocators.js';

/** Releases everything a deleted Service held: its ClusterIP, nodePorts and healthCheckNodePort. */
export function releaseServiceAddresses(service: Service, allocators: ServiceAddressAllocators): void {
  releaseAddresses(deriveServiceAddresses(service), allocators);
}
