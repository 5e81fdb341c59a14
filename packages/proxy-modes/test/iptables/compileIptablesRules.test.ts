import { describe, expect, it } from 'vitest';

import { buildEndpointsMap, buildServicePorts } from '@svcsim/core';

import { compileIptablesRules } from '../../src/iptables/compileIptablesRules.js';
import { iptablesJumpRules } from '../../src/iptables/iptablesJumpRules.js';
import { rulesOfChain } from '../../src/iptables/IptablesRuleset.js';
import { renderIptablesRestore } from '../../src/iptables/renderIptablesRestore.js';
import { NODE_CONFIG, compile, ready, service, slice, terminating } from './fixtures.js';

const web = service('web', '10.96.45.12');
const webSlice = slice('web', [ready('10.244.1.5'), ready('10.244.2.7')]);

describe('compileIptablesRules: the 1.12 example', () => {
  const text = renderIptablesRestore(compile([web], [webSlice]));

  it('renders exactly the restore input kube-proxy writes (1.4 frame around the 1.12(a) lines)', () => {
    expect(text).toBe(
      [
        '*filter',
        ':KUBE-SERVICES - [0:0]',
        ':KUBE-EXTERNAL-SERVICES - [0:0]',
        ':KUBE-FORWARD - [0:0]',
        ':KUBE-NODEPORTS - [0:0]',
        ':KUBE-PROXY-FIREWALL - [0:0]',
        ':KUBE-FIREWALL - [0:0]',
        '-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP',
        '-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP',
        '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x00004000/0x00004000 -j ACCEPT',
        '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
        'COMMIT',
        '*nat',
        ':KUBE-SERVICES - [0:0]',
        ':KUBE-NODEPORTS - [0:0]',
        ':KUBE-POSTROUTING - [0:0]',
        ':KUBE-MARK-MASQ - [0:0]',
        ':KUBE-SVC-CDGGSHYLG3RE2FKL - [0:0]',
        ':KUBE-SEP-AFGSLHOD2HFNCBX4 - [0:0]',
        ':KUBE-SEP-2RIJ5GIYXEFH6G4D - [0:0]',
        '-A KUBE-POSTROUTING -m mark ! --mark 0x00004000/0x00004000 -j RETURN',
        '-A KUBE-POSTROUTING -j MARK --xor-mark 0x00004000',
        '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
        '-A KUBE-MARK-MASQ -j MARK --or-mark 0x00004000',
        '-A KUBE-SERVICES -m comment --comment "default/web:http cluster IP" -m tcp -p tcp -d 10.96.45.12 --dport 80 -j KUBE-SVC-CDGGSHYLG3RE2FKL',
        '-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http cluster IP" -m tcp -p tcp -d 10.96.45.12 --dport 80 ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ',
        '-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.1.5:8080" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-AFGSLHOD2HFNCBX4',
        '-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.2.7:8080" -j KUBE-SEP-2RIJ5GIYXEFH6G4D',
        '-A KUBE-SEP-AFGSLHOD2HFNCBX4 -m comment --comment default/web:http -s 10.244.1.5 -j KUBE-MARK-MASQ',
        '-A KUBE-SEP-AFGSLHOD2HFNCBX4 -m comment --comment default/web:http -m tcp -p tcp -j DNAT --to-destination 10.244.1.5:8080',
        '-A KUBE-SEP-2RIJ5GIYXEFH6G4D -m comment --comment default/web:http -s 10.244.2.7 -j KUBE-MARK-MASQ',
        '-A KUBE-SEP-2RIJ5GIYXEFH6G4D -m comment --comment default/web:http -m tcp -p tcp -j DNAT --to-destination 10.244.2.7:8080',
        '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
        'COMMIT',
        '',
      ].join('\n'),
    );
  });

  it('contains every line of 1.12(a) in order', () => {
    const reference = [
      ':KUBE-SVC-CDGGSHYLG3RE2FKL - [0:0]',
      ':KUBE-SEP-AFGSLHOD2HFNCBX4 - [0:0]',
      ':KUBE-SEP-2RIJ5GIYXEFH6G4D - [0:0]',
      '-A KUBE-SERVICES -m comment --comment "default/web:http cluster IP" -m tcp -p tcp -d 10.96.45.12 --dport 80 -j KUBE-SVC-CDGGSHYLG3RE2FKL',
      '-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http cluster IP" -m tcp -p tcp -d 10.96.45.12 --dport 80 ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ',
      '-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.1.5:8080" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-AFGSLHOD2HFNCBX4',
      '-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.2.7:8080" -j KUBE-SEP-2RIJ5GIYXEFH6G4D',
      '-A KUBE-SEP-AFGSLHOD2HFNCBX4 -m comment --comment default/web:http -s 10.244.1.5 -j KUBE-MARK-MASQ',
      '-A KUBE-SEP-AFGSLHOD2HFNCBX4 -m comment --comment default/web:http -m tcp -p tcp -j DNAT --to-destination 10.244.1.5:8080',
      '-A KUBE-SEP-2RIJ5GIYXEFH6G4D -m comment --comment default/web:http -s 10.244.2.7 -j KUBE-MARK-MASQ',
      '-A KUBE-SEP-2RIJ5GIYXEFH6G4D -m comment --comment default/web:http -m tcp -p tcp -j DNAT --to-destination 10.244.2.7:8080',
    ];
    const lines = text.split('\n');
    const positions = reference.map((line) => lines.indexOf(line));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('adds the 1.12 ClientIP affinity lines', () => {
    const sticky = service('web', '10.96.45.12', { sessionAffinity: 'ClientIP' });
    const lines = renderIptablesRestore(compile([sticky], [webSlice])).split('\n');
    expect(lines).toContain(
      '-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.1.5:8080" -m recent --name KUBE-SEP-AFGSLHOD2HFNCBX4 --rcheck --seconds 10800 --reap -j KUBE-SEP-AFGSLHOD2HFNCBX4',
    );
    expect(lines).toContain(
      '-A KUBE-SEP-AFGSLHOD2HFNCBX4 -m comment --comment default/web:http -m recent --name KUBE-SEP-AFGSLHOD2HFNCBX4 --set -m tcp -p tcp -j DNAT --to-destination 10.244.1.5:8080',
    );
  });

  it('writes the 1.12 REJECT rule and no nat rules when the Service has no endpoints', () => {
    const ruleset = compile([web], []);
    expect(renderIptablesRestore(ruleset).split('\n')).toContain(
      '-A KUBE-SERVICES -m comment --comment "default/web:http has no endpoints" -m tcp -p tcp -d 10.96.45.12 --dport 80 -j REJECT',
    );
    expect(ruleset.nat.chains.map((c) => c.name)).toEqual([
      'KUBE-SERVICES',
      'KUBE-NODEPORTS',
      'KUBE-POSTROUTING',
      'KUBE-MARK-MASQ',
    ]);
  });

  it('records the ServicePortName and endpoint each rule came from', () => {
    const ruleset = compile([web], [webSlice]);
    const sep = rulesOfChain(ruleset.nat, 'KUBE-SEP-AFGSLHOD2HFNCBX4');
    expect(sep.map((r) => [r.servicePortName, r.endpoint])).toEqual([
      ['default/web:http', '10.244.1.5:8080'],
      ['default/web:http', '10.244.1.5:8080'],
    ]);
    const postrouting = rulesOfChain(ruleset.nat, 'KUBE-POSTROUTING');
    expect(postrouting.every((r) => r.servicePortName === undefined)).toBe(true);
  });
});

describe('compileIptablesRules: fixed chains', () => {
  it('omits KUBE-FIREWALL and blocks localhost NodePorts when localhost NodePorts are off', () => {
    const text = renderIptablesRestore(compile([web], [webSlice], { localhostNodePorts: false }));
    expect(text).not.toContain('KUBE-FIREWALL');
    expect(text).toContain(
      '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL ! -d 127.0.0.0/8 -j KUBE-NODEPORTS',
    );
  });

  it('formats another masquerade bit as Go %#08x', () => {
    expect(renderIptablesRestore(compile([], [], { masqueradeBit: 0 }))).toContain(
      '-A KUBE-MARK-MASQ -j MARK --or-mark 0x00000001',
    );
  });

  it('uses masqueradeAll instead of the local traffic detector', () => {
    const text = renderIptablesRestore(compile([web], [webSlice], { masqueradeAll: true }));
    expect(text).toContain(
      '-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http cluster IP" -m tcp -p tcp -d 10.96.45.12 --dport 80 -j KUBE-MARK-MASQ',
    );
  });

  it('omits the ClusterIP masquerade rule without a cluster CIDR', () => {
    const { clusterCIDR: _unused, ...noCidr } = NODE_CONFIG;
    const ruleset = compileIptablesRules(
      buildServicePorts(web),
      buildEndpointsMap([webSlice], 'node-a'),
      noCidr,
    );
    expect(rulesOfChain(ruleset.nat, 'KUBE-SVC-CDGGSHYLG3RE2FKL').map((r) => r.args.at(-1))).toEqual([
      'KUBE-SEP-AFGSLHOD2HFNCBX4',
      'KUBE-SEP-2RIJ5GIYXEFH6G4D',
    ]);
  });

  it('is independent of the order ServicePorts are given in', () => {
    const other = service('api', '10.96.0.20');
    const slices = [webSlice, slice('api', [ready('10.244.3.3')])];
    expect(renderIptablesRestore(compile([web, other], slices))).toBe(
      renderIptablesRestore(compile([other, web], slices)),
    );
  });

  it('lists the jump rules from built-in chains in kube-proxy order', () => {
    const rules = iptablesJumpRules(NODE_CONFIG);
    expect(rules.map((r) => `${r.table} ${r.chain} ${r.args.join(' ')}`)).toEqual([
      'filter INPUT -m conntrack --ctstate NEW -m comment --comment kubernetes externally-visible service portals -j KUBE-EXTERNAL-SERVICES',
      'filter FORWARD -m conntrack --ctstate NEW -m comment --comment kubernetes externally-visible service portals -j KUBE-EXTERNAL-SERVICES',
      'filter INPUT -m comment --comment kubernetes health check service ports -j KUBE-NODEPORTS',
      'filter FORWARD -m conntrack --ctstate NEW -m comment --comment kubernetes service portals -j KUBE-SERVICES',
      'filter OUTPUT -m conntrack --ctstate NEW -m comment --comment kubernetes service portals -j KUBE-SERVICES',
      'filter FORWARD -m comment --comment kubernetes forwarding rules -j KUBE-FORWARD',
      'filter INPUT -m conntrack --ctstate NEW -m comment --comment kubernetes load balancer firewall -j KUBE-PROXY-FIREWALL',
      'filter OUTPUT -m conntrack --ctstate NEW -m comment --comment kubernetes load balancer firewall -j KUBE-PROXY-FIREWALL',
      'filter FORWARD -m conntrack --ctstate NEW -m comment --comment kubernetes load balancer firewall -j KUBE-PROXY-FIREWALL',
      'nat OUTPUT -m comment --comment kubernetes service portals -j KUBE-SERVICES',
      'nat PREROUTING -m comment --comment kubernetes service portals -j KUBE-SERVICES',
      'nat POSTROUTING -m comment --comment kubernetes postrouting rules -j KUBE-POSTROUTING',
      'filter INPUT -j KUBE-FIREWALL',
      'filter OUTPUT -j KUBE-FIREWALL',
    ]);
    expect(iptablesJumpRules({ ...NODE_CONFIG, localhostNodePorts: false })).toHaveLength(12);
  });
});

describe('compileIptablesRules: terminating endpoints', () => {
  it('dispatches to serving terminating endpoints only when none is ready', () => {
    const mixed = slice('web', [terminating('10.244.1.5'), ready('10.244.2.7')]);
    const text = renderIptablesRestore(compile([web], [mixed]));
    expect(text).not.toContain('10.244.1.5');
  });
});
