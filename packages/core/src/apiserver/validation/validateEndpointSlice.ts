import { fieldErrors, fieldPath, type FieldError, type FieldPath } from '../../api/FieldError.js';
import type { Endpoint, EndpointPort, EndpointSlice } from '../../api/EndpointSlice.js';
import { isValidIPv4Address, isValidIPv6Address, nonSpecialIPErrors } from './ipAddresses.js';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from './names.js';
import { nameIsDNSSubdomain, validateObjectMeta } from './validateObjectMeta.js';

/** API limits of discovery/v1 (pkg/apis/discovery/validation). */
export const ENDPOINT_SLICE_LIMITS = {
  maxEndpoints: 1000,
  maxAddresses: 100,
  maxPorts: 20000,
  maxZoneHints: 8,
} as const;

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];
const SUPPORTED_PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

/** IsFullyQualifiedDomainName: a subdomain of at least two labels, optionally ending in '.'. */
function validateFQDN(value: string, path: FieldPath): FieldError[] {
  if (value === '') return [fieldErrors.required(path)];
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  const subdomain = isDNS1123Subdomain(name);
  if (subdomain.length > 0) return [fieldErrors.invalid(path, name, subdomain.join(','))];
  const labels = name.split('.');
  if (labels.length < 2)
    return [
      fieldErrors.invalid(path, name, 'should be a domain with at least two segments separated by dots'),
    ];
  for (const label of labels) {
    const messages = isDNS1123Label(label);
    if (messages.length > 0) return [fieldErrors.invalid(path, label, messages.join(','))];
  }
  return [];
}

function validateEndpoint(endpoint: Endpoint, addressType: string, path: FieldPath): FieldError[] {
  const errors: FieldError[] = [];
  const addressesPath = path.child('addresses');
  const addresses = endpoint.addresses;
  if (addresses.length === 0)
    errors.push(fieldErrors.required(addressesPath, 'must contain at least 1 address'));
  else if (addresses.length > ENDPOINT_SLICE_LIMITS.maxAddresses)
    errors.push(fieldErrors.tooMany(addressesPath, addresses.length, ENDPOINT_SLICE_LIMITS.maxAddresses));
  addresses.forEach((address, i) => {
    const addressPath = addressesPath.index(i);
    // Unknown address types fall through unvalidated, as upstream.
    if (addressType === 'IPv4' || addressType === 'IPv6') {
      const family = addressType === 'IPv4' ? isValidIPv4Address(address) : isValidIPv6Address(address);
      for (const message of [...family, ...nonSpecialIPErrors(address)])
        errors.push(fieldErrors.invalid(addressPath, address, message));
    } else if (addressType === 'FQDN') {
      errors.push(...validateFQDN(address, addressPath));
    }
  });
  if (endpoint.nodeName !== undefined)
    for (const message of nameIsDNSSubdomain(endpoint.nodeName, false))
      errors.push(fieldErrors.invalid(path.child('nodeName'), endpoint.nodeName, message));
  if (endpoint.hostname !== undefined)
    for (const message of isDNS1123Label(endpoint.hostname))
      errors.push(fieldErrors.invalid(path.child('hostname'), endpoint.hostname, message));
  const zones = endpoint.hints?.forZones;
  if (zones !== undefined) {
    const zonesPath = path.child('hints').child('forZones');
    if (zones.length > ENDPOINT_SLICE_LIMITS.maxZoneHints) {
      errors.push(fieldErrors.tooMany(zonesPath, zones.length, ENDPOINT_SLICE_LIMITS.maxZoneHints));
    } else {
      const seen = new Set<string>();
      zones.forEach((zone, i) => {
        const zonePath = zonesPath.index(i).child('name');
        if (seen.has(zone.name)) errors.push(fieldErrors.duplicate(zonePath, zone.name));
        else seen.add(zone.name);
        for (const message of isValidLabelValue(zone.name))
          errors.push(fieldErrors.invalid(zonePath, zone.name, message));
      });
    }
  }
  return errors;
}

function validatePorts(ports: readonly EndpointPort[], path: FieldPath): FieldError[] {
  if (ports.length > ENDPOINT_SLICE_LIMITS.maxPorts)
    return [fieldErrors.tooMany(path, ports.length, ENDPOINT_SLICE_LIMITS.maxPorts)];
  const errors: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const portPath = path.index(i);
    // SetDefaults_EndpointPort: name "" and protocol TCP, so two unnamed ports collide on "".
    const name = port.name ?? '';
    if (name !== '')
      for (const message of isDNS1123Label(name))
        errors.push(fieldErrors.invalid(portPath.child('name'), name, message));
    if (names.has(name)) errors.push(fieldErrors.duplicate(portPath.child('name'), name));
    else names.add(name);
    const protocol: string = port.protocol ?? 'TCP';
    if (!SUPPORTED_PROTOCOLS.includes(protocol))
      errors.push(fieldErrors.notSupported(portPath.child('protocol'), protocol, SUPPORTED_PROTOCOLS));
    if (port.appProtocol !== undefined)
      for (const message of isQualifiedName(port.appProtocol))
        errors.push(fieldErrors.invalid(portPath.child('appProtocol'), port.appProtocol, message));
  });
  return errors;
}

/**
 * ValidateEndpointSlice: metadata, addressType, endpoints (addresses per type, node, hints) and ports.
 * Endpoints and labels carried over unchanged from `previous` (the stored version an update replaces, if
 * of the same address type) were validated with it and are skipped.
 */
export function validateEndpointSlice(slice: EndpointSlice, previous?: EndpointSlice): FieldError[] {
  const errors = validateObjectMeta(slice.metadata, 'EndpointSlice', undefined, previous?.metadata);
  const addressType: string = slice.addressType;
  if (addressType === '') errors.push(fieldErrors.required(fieldPath('addressType')));
  else if (!ADDRESS_TYPES.includes(addressType))
    errors.push(fieldErrors.notSupported(fieldPath('addressType'), addressType, ADDRESS_TYPES));
  const endpointsPath = fieldPath('endpoints');
  if (slice.endpoints.length > ENDPOINT_SLICE_LIMITS.maxEndpoints) {
    errors.push(
      fieldErrors.tooMany(endpointsPath, slice.endpoints.length, ENDPOINT_SLICE_LIMITS.maxEndpoints),
    );
  } else {
    const validated = new Set(previous?.addressType === addressType ? previous.endpoints : []);
    slice.endpoints.forEach((endpoint, i) => {
      if (!validated.has(endpoint))
        errors.push(...validateEndpoint(endpoint, addressType, endpointsPath.index(i)));
    });
  }
  errors.push(...validatePorts(slice.ports ?? [], fieldPath('ports')));
  return errors;
}
