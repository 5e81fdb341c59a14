import type { Service } from '../../api/Service.js';
import { ipFamilyOf } from './parseIpAddress.js';

/**
 * The EndpointSlice address types a Service gets (getAddressTypesForService), IPv4 before IPv6: its
 * `ipFamilies`; without them the family of its cluster IP; and for a headless Service without families,
 * both, as the controller assumes until the apiserver defaults the field.
 */
export function addressTypesForService(service: Service): ('IPv4' | 'IPv6')[] {
  const families = new Set(service.spec.ipFamilies ?? []);
  if (families.size === 0) {
    const clusterIP = service.spec.clusterIP ?? '';
    if (clusterIP !== '' && clusterIP !== 'None') families.add(ipFamilyOf(clusterIP));
    else families.add('IPv4').add('IPv6');
  }
  return (['IPv4', 'IPv6'] as const).filter((family) => families.has(family));
}
