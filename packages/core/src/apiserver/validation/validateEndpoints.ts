import { fieldErrors, fieldPath, type FieldError, type FieldPath } from '../../api/FieldError.js';
import type { EndpointAddress, Endpoints, EndpointSubset } from '../../api/Endpoints.js';
import { isValidIP, nonSpecialIPErrors } from './ipAddresses.js';
import { isDNS1123Label, isQualifiedName, isValidPortNum } from './names.js';
import { nameIsDNSSubdomain, validateObjectMeta } from './validateObjectMeta.js';

const SUPPORTED_PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

/**
 * validateEndpointAddress. An unparseable IP is reported twice, once by IsValidIP and once by
 * ValidateNonSpecialIP, because upstream runs both unconditionally.
 */
function validateAddress(address: EndpointAddress, path: FieldPath): FieldError[] {
  const errors: FieldError[] = [];
  const ipPath = path.child('ip');
  for (const message of isValidIP(address.ip)) errors.push(fieldErrors.invalid(ipPath, address.ip, message));
  const hostname = address.hostname ?? '';
  if (hostname !== '')
    for (const message of isDNS1123Label(hostname))
      errors.push(fieldErrors.invalid(path.child('hostname'), hostname, message));
  if (address.nodeName !== undefined)
    for (const message of nameIsDNSSubdomain(address.nodeName, false))
      errors.push(fieldErrors.invalid(path.child('nodeName'), address.nodeName, message));
  for (const message of nonSpecialIPErrors(address.ip))
    errors.push(fieldErrors.invalid(ipPath, address.ip, message));
  return errors;
}

function validateSubset(
  subset: EndpointSubset,
  path: FieldPath,
  validated: ReadonlySet<EndpointAddress>,
): FieldError[] {
  const errors: FieldError[] = [];
  const addresses = subset.addresses ?? [];
  const notReady = subset.notReadyAddresses ?? [];
  if (addresses.length === 0 && notReady.length === 0)
    errors.push(fieldErrors.required(path, 'must specify `addresses` or `notReadyAddresses`'));
  addresses.forEach((a, i) => {
    if (!validated.has(a)) errors.push(...validateAddress(a, path.child('addresses').index(i)));
  });
  notReady.forEach((a, i) => {
    if (!validated.has(a)) errors.push(...validateAddress(a, path.child('notReadyAddresses').index(i)));
  });
  const ports = subset.ports ?? [];
  ports.forEach((port, i) => {
    const portPath = path.child('ports').index(i);
    const name = port.name ?? '';
    // Ports only need names to tell them apart, so a lone port may go unnamed.
    if (ports.length > 1 && name === '') errors.push(fieldErrors.required(portPath.child('name')));
    else if (name !== '')
      for (const message of isDNS1123Label(name))
        errors.push(fieldErrors.invalid(portPath.child('name'), name, message));
    for (const message of isValidPortNum(port.port))
      errors.push(fieldErrors.invalid(portPath.child('port'), port.port, message));
    // SetDefaults_Endpoints: an unset protocol is TCP.
    const protocol: string = port.protocol ?? 'TCP';
    if (protocol === '') errors.push(fieldErrors.required(portPath.child('protocol')));
    else if (!SUPPORTED_PROTOCOLS.includes(protocol))
      errors.push(fieldErrors.notSupported(portPath.child('protocol'), protocol, SUPPORTED_PROTOCOLS));
    if (port.appProtocol !== undefined)
      for (const message of isQualifiedName(port.appProtocol))
        errors.push(fieldErrors.invalid(portPath.child('appProtocol'), port.appProtocol, message));
  });
  return errors;
}

/**
 * ValidateEndpoints: metadata, then every subset's addresses and ports (paths start at `subsets`).
 * Addresses and labels carried over unchanged from `previous` (the stored version an update replaces)
 * were validated with it and are skipped.
 */
export function validateEndpoints(endpoints: Endpoints, previous?: Endpoints): FieldError[] {
  const errors = validateObjectMeta(endpoints.metadata, 'Endpoints', undefined, previous?.metadata);
  const validated = new Set<EndpointAddress>();
  for (const subset of previous?.subsets ?? []) {
    for (const address of subset.addresses ?? []) validated.add(address);
    for (const address of subset.notReadyAddresses ?? []) validated.add(address);
  }
  (endpoints.subsets ?? []).forEach((subset, i) =>
    errors.push(...validateSubset(subset, fieldPath('subsets').index(i), validated)),
  );
  return errors;
}
