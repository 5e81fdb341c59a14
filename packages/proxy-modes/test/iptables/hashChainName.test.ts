import { describe, expect, it } from 'vitest';

import { endpointChainName, hash16, servicePortChainName } from '../../src/iptables/hashChainName.js';

describe('hashChainName (reference table 1.3)', () => {
  it.each([
    ['ns1/svc1:p80', 'tcp', 'KUBE-SVC-XPGD46QRK7WJZT7O'],
    ['default/kubernetes:https', 'tcp', 'KUBE-SVC-NPX46M4PTMTKRN6Y'],
    ['kube-system/kube-dns:dns', 'udp', 'KUBE-SVC-TCOU7JCQXEZGVUNU'],
    ['kube-system/kube-dns:dns-tcp', 'tcp', 'KUBE-SVC-ERIFXISQEP7F7OF4'],
    ['kube-system/kube-dns:metrics', 'tcp', 'KUBE-SVC-JD5MR3NA4I4DYORP'],
    ['default/web:http', 'tcp', 'KUBE-SVC-CDGGSHYLG3RE2FKL'],
    ['default/web', 'tcp', 'KUBE-SVC-LOLE4ISW44XBNF3G'],
  ])('names the service chain of %s/%s %s', (spn, protocol, chain) => {
    expect(servicePortChainName(spn, protocol, 'KUBE-SVC-')).toBe(chain);
  });

  it('shares one hash among SVC, SVL, EXT and FW chains and lowercases the protocol', () => {
    expect(servicePortChainName('default/web:http', 'TCP', 'KUBE-SVL-')).toBe('KUBE-SVL-CDGGSHYLG3RE2FKL');
    expect(servicePortChainName('default/web:http', 'tcp', 'KUBE-EXT-')).toBe('KUBE-EXT-CDGGSHYLG3RE2FKL');
    expect(servicePortChainName('default/web:http', 'tcp', 'KUBE-FW-')).toBe('KUBE-FW-CDGGSHYLG3RE2FKL');
  });

  it.each([
    ['ns1/svc1:p80', '10.180.0.1:80', 'KUBE-SEP-SXIVWICOYRO3J4NJ'],
    ['default/web:http', '10.244.1.5:8080', 'KUBE-SEP-AFGSLHOD2HFNCBX4'],
    ['default/web:http', '10.244.2.7:8080', 'KUBE-SEP-2RIJ5GIYXEFH6G4D'],
  ])('names the endpoint chain of %s -> %s %s', (spn, endpoint, chain) => {
    expect(endpointChainName(spn, 'TCP', endpoint)).toBe(chain);
  });

  it('produces 16 characters of the RFC 4648 alphabet', () => {
    expect(hash16('')).toMatch(/^[A-Z2-7]{16}$/);
  });
});
