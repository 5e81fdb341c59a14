import { describe, expect, it } from 'vitest';

import { iptablesSaveRule, savedProbability } from '../../src/iptables/renderIptablesSave.js';

/** A restore-input line (`-A CHAIN args...`, kube-proxy's tokens) in its iptables-save form. */
function saved(restoreLine: string): string {
  const [, chain = '', ...args] = tokens(restoreLine);
  return iptablesSaveRule(chain, args);
}

/** Splits a restore line into tokens, keeping a double-quoted string (quotes included) as one token. */
function tokens(line: string): string[] {
  return [...line.matchAll(/"[^"]*"|\S+/g)].map((m) => m[0]);
}

/**
 * Each expected line was read off `iptables-save` (v1.8.9, nf_tables) after loading the input line into
 * a network namespace by hand; the nfacct one, which this kernel cannot load, from libxt_nfacct's save
 * function (`--nfacct-name` then the name through xtables_save_string).
 */
describe('iptablesSaveRule', () => {
  it.each([
    [
      'moves -d and -p to the front, adds /32 and quotes the comment',
      '-A KUBE-SERVICES -m comment --comment "default/web:http cluster IP" -m tcp -p tcp -d 10.96.45.12 --dport 80 -j KUBE-SVC-CDGGSHYLG3RE2FKL',
      '-A KUBE-SERVICES -d 10.96.45.12/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-CDGGSHYLG3RE2FKL',
    ],
    [
      'puts a negated source before the destination',
      '-A KUBE-SVC-X -m comment --comment "default/web:http cluster IP" -m tcp -p tcp -d 10.96.45.12 --dport 80 ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ',
      '-A KUBE-SVC-X ! -s 10.244.0.0/16 -d 10.96.45.12/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ',
    ],
    [
      'normalises the probability to what xt_statistic stores',
      '-A KUBE-SVC-X -m comment --comment "default/web:http -> 10.244.1.5:8080" -m statistic --mode random --probability 0.3333333333 -j KUBE-SEP-A',
      '-A KUBE-SVC-X -m comment --comment "default/web:http -> 10.244.1.5:8080" -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-A',
    ],
    [
      'prints recent --rcheck in libxt_recent order with the mask and side',
      '-A KUBE-SVC-X -m comment --comment "default/web:http -> 10.244.1.5:8080" -m recent --name KUBE-SEP-A --rcheck --seconds 10800 --reap -j KUBE-SEP-A',
      '-A KUBE-SVC-X -m comment --comment "default/web:http -> 10.244.1.5:8080" -m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-A --mask 255.255.255.255 --rsource -j KUBE-SEP-A',
    ],
    [
      'quotes a bare comment with a slash and prints recent --set in full',
      '-A KUBE-SEP-A -m comment --comment default/web:http -m recent --name KUBE-SEP-A --set -m tcp -p tcp -j DNAT --to-destination 10.244.1.5:8080',
      '-A KUBE-SEP-A -p tcp -m comment --comment "default/web:http" -m recent --set --name KUBE-SEP-A --mask 255.255.255.255 --rsource -m tcp -j DNAT --to-destination 10.244.1.5:8080',
    ],
    [
      'spells the default REJECT type out',
      '-A KUBE-SERVICES -m comment --comment "default/web:http has no endpoints" -m tcp -p tcp -d 10.96.45.12 --dport 80 -j REJECT',
      '-A KUBE-SERVICES -d 10.96.45.12/32 -p tcp -m comment --comment "default/web:http has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable',
    ],
    [
      'prints marks without padding and MARK targets as --set-xmark',
      '-A KUBE-POSTROUTING -m mark ! --mark 0x00004000/0x00004000 -j RETURN',
      '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
    ],
    [
      'turns --or-mark into value/value',
      '-A KUBE-MARK-MASQ -j MARK --or-mark 0x00004000',
      '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
    ],
    [
      'turns --xor-mark into value/0',
      '-A KUBE-POSTROUTING -j MARK --xor-mark 0x00004000',
      '-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0',
    ],
    [
      'turns --and-mark into 0/~value',
      '-A T -j MARK --and-mark 0x10',
      '-A T -j MARK --set-xmark 0x0/0xffffffef',
    ],
    [
      'gives --set-mark an all-ones mask',
      '-A T -j MARK --set-mark 0x10',
      '-A T -j MARK --set-xmark 0x10/0xffffffff',
    ],
    [
      'keeps the localnet firewall rule with its negations in place',
      '-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP',
      '-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP',
    ],
    [
      'lists conntrack states in conntrack order',
      '-A T -m conntrack --ctstate ESTABLISHED,NEW,DNAT,INVALID',
      '-A T -m conntrack --ctstate INVALID,NEW,ESTABLISHED,DNAT',
    ],
    [
      'leaves a comment of only letters, digits, _ and - bare',
      '-A T -m comment --comment abc_def-1',
      '-A T -m comment --comment abc_def-1',
    ],
    [
      'escapes quotes and backslashes in a comment',
      `-A T -m comment --comment a"b\\c'd`,
      `-A T -m comment --comment "a\\"b\\\\c\\'d"`,
    ],
    [
      'masks addresses and orders -s, -d, -i, -o, -p',
      '-A T -o eth0 -i eth1 -p udp ! -d 1.2.3.4/16 ! -s 10.1.2.3/255.255.0.0 -m udp --dport 5:7',
      '-A T ! -s 10.1.0.0/16 ! -d 1.2.0.0/16 -i eth1 -o eth0 -p udp -m udp --dport 5:7',
    ],
    [
      'loads the protocol match implicitly where its port option stood',
      '-A T -p tcp --dport 80 -m comment --comment x',
      '-A T -p tcp -m tcp --dport 80 -m comment --comment x',
    ],
    ['names a numeric protocol', '-A T -p 6 -m tcp --dport 1', '-A T -p tcp -m tcp --dport 1'],
    ['drops -p all', '-A T -p all', '-A T'],
    [
      'prints every recent option in libxt_recent order',
      '-A T -m recent --name FOO --rcheck --reap --seconds 5 --hitcount 3 --rttl --rdest',
      '-A T -m recent --rcheck --seconds 5 --reap --hitcount 3 --rttl --name FOO --mask 255.255.255.255 --rdest',
    ],
    [
      'names the default recent list',
      '-A T -m recent --update',
      '-A T -m recent --update --name DEFAULT --mask 255.255.255.255 --rsource',
    ],
    [
      'lists --src-type before --dst-type',
      '-A T -m addrtype --dst-type LOCAL --src-type LOCAL',
      '-A T -m addrtype --src-type LOCAL --dst-type LOCAL',
    ],
    [
      'keeps a bare nfacct name (only safe characters)',
      '-A KUBE-FORWARD -m conntrack --ctstate INVALID -m nfacct --nfacct-name ct_state_invalid_dropped_pkts -j DROP',
      '-A KUBE-FORWARD -m conntrack --ctstate INVALID -m nfacct --nfacct-name ct_state_invalid_dropped_pkts -j DROP',
    ],
    [
      'keeps the FW chain rule that has no target',
      '-A KUBE-FW-X -m comment --comment "other traffic to default/web:http will be dropped by KUBE-PROXY-FIREWALL"',
      '-A KUBE-FW-X -m comment --comment "other traffic to default/web:http will be dropped by KUBE-PROXY-FIREWALL"',
    ],
  ])('%s', (_title, restoreLine, saveLine) => {
    expect(saved(restoreLine)).toBe(saveLine);
  });

  it('reads exec arguments, whose comment has no quotes, the same way', () => {
    const args = [
      '-m',
      'conntrack',
      '--ctstate',
      'NEW',
      '-m',
      'comment',
      '--comment',
      'kubernetes service portals',
    ];
    expect(iptablesSaveRule('FORWARD', [...args, '-j', 'KUBE-SERVICES'])).toBe(
      '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    );
  });
});

describe('savedProbability', () => {
  it.each([
    ['0.5000000000', '0.50000000000'],
    ['0.3333333333', '0.33333333349'],
    ['0.2000000000', '0.20000000019'],
    ['0.1666666667', '0.16666666651'],
    ['0.1428571429', '0.14285714272'],
    ['0.1111111111', '0.11111111101'],
    ['0.1000000000', '0.10000000009'],
    // Historic kube-proxy wrote %0.5f.
    ['0.33333', '0.33332999982'],
    // An exact tie at the 12th decimal: glibc rounds it to even, toFixed would round it up.
    ['0.000244140625', '0.00024414062'],
  ])('prints %s as %s', (written, printed) => {
    expect(savedProbability(written)).toBe(printed);
  });
});
