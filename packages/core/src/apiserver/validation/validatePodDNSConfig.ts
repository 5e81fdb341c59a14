import { fieldErrors, type FieldError, type FieldPath } from '../../api/FieldError.js';
import type { PodDNSConfig } from '../../api/Pod.js';
import { isValidIP } from './ipAddresses.js';
import { isDNS1123Subdomain } from './names.js';

/** ExpandedDNSConfig limits (GA in 1.28), as `validatePodDNSConfig` checks them. */
const MAX_DNS_NAMESERVERS = 3;
const MAX_DNS_SEARCH_PATHS = 32;
const MAX_DNS_SEARCH_LIST_CHARS = 2048;

/**
 * `spec.dnsConfig` against `spec.dnsPolicy` (pkg/apis/core/validation: validatePodDNSConfig): policy
 * None needs at least one nameserver; at most 3 nameservers, each an IP; at most 32 search domains of
 * at most 2048 characters together, each a DNS subdomain (a trailing dot allowed); every option named.
 */
export function validatePodDNSConfig(
  dnsConfig: PodDNSConfig | undefined,
  dnsPolicy: string,
  path: FieldPath,
): FieldError[] {
  const errors: FieldError[] = [];
  if (dnsPolicy === 'None') {
    if (dnsConfig === undefined)
      return [fieldErrors.required(path, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if ((dnsConfig.nameservers ?? []).length === 0)
      errors.push(
        fieldErrors.required(
          path.child('nameservers'),
          'must provide at least one DNS nameserver when `dnsPolicy` is None',
        ),
      );
  }
  if (dnsConfig === undefined) return errors;

  const nameservers = dnsConfig.nameservers ?? [];
  if (nameservers.length > MAX_DNS_NAMESERVERS)
    errors.push(fieldErrors.tooMany(path.child('nameservers'), nameservers.length, MAX_DNS_NAMESERVERS));
  nameservers.forEach((ns, i) => {
    for (const message of isValidIP(ns))
      errors.push(fieldErrors.invalid(path.child('nameservers').index(i), ns, message));
  });

  const searches = dnsConfig.searches ?? [];
  if (searches.length > MAX_DNS_SEARCH_PATHS)
    errors.push(fieldErrors.tooMany(path.child('searches'), searches.length, MAX_DNS_SEARCH_PATHS));
  const searchListChars = searches.join(' ').length;
  if (searchListChars > MAX_DNS_SEARCH_LIST_CHARS)
    errors.push(
      fieldErrors.invalid(
        path.child('searches'),
        searches,
        `must not have more than ${MAX_DNS_SEARCH_LIST_CHARS} characters (including spaces) in the search list`,
      ),
    );
  searches.forEach((search, i) => {
    // A search domain may be written fully qualified; the trailing dot is not part of the name checked.
    const name = search.endsWith('.') ? search.slice(0, -1) : search;
    for (const message of isDNS1123Subdomain(name))
      errors.push(fieldErrors.invalid(path.child('searches').index(i), search, message));
  });

  (dnsConfig.options ?? []).forEach((option, i) => {
    if (option.name === '')
      errors.push(fieldErrors.required(path.child('options').index(i), 'Option.Name must not be empty'));
  });
  return errors;
}
