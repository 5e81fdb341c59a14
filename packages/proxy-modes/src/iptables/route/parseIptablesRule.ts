import { parseIpv4 } from '@svcsim/core';

/** An IPv4 address or CIDR as `(address & mask) === base`. */
export interface AddressMatch {
  readonly base: number;
  readonly mask: number;
  readonly invert: boolean;
}

/** The matches kube-proxy's rules use, in the order they appear after the IP header matches. */
export type ExtensionMatch =
  | { readonly kind: 'port'; readonly dport: number | undefined }
  | { readonly kind: 'addrtype'; readonly direction: 'src' | 'dst'; readonly invert: boolean }
  | { readonly kind: 'statistic'; readonly probability: number }
  | { readonly kind: 'recentCheck'; readonly name: string; readonly seconds: number; readonly reap: boolean }
  | { readonly kind: 'recentSet'; readonly name: string }
  | { readonly kind: 'mark'; readonly value: number; readonly mask: number; readonly invert: boolean }
  | { readonly kind: 'ctstate'; readonly states: readonly string[]; readonly invert: boolean };

export type RuleTarget =
  | { readonly kind: 'none' }
  | { readonly kind: 'chain'; readonly chain: string }
  | { readonly kind: 'ACCEPT' | 'DROP' | 'REJECT' | 'RETURN' | 'MASQUERADE' }
  | { readonly kind: 'DNAT'; readonly ip: string; readonly port: number }
  | { readonly kind: 'MARK'; readonly op: 'or' | 'xor'; readonly value: number };

/** One rule's arguments decoded into what the kernel checks. */
export interface ParsedRule {
  readonly src: AddressMatch | undefined;
  readonly dst: AddressMatch | undefined;
  readonly protocol: { readonly name: string; readonly invert: boolean } | undefined;
  readonly matches: readonly ExtensionMatch[];
  readonly target: RuleTarget;
  /** Whether evaluating the rule can change state (a statistic draw, a recent list update). */
  readonly hasSideEffects: boolean;
}

function parseAddress(text: string, invert: boolean): AddressMatch {
  const slash = text.indexOf('/');
  const ip = parseIpv4(slash < 0 ? text : text.slice(0, slash));
  const bits = slash < 0 ? 32 : Number(text.slice(slash + 1));
  if (ip === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) {
    throw new Error(`unsupported address ${text} (IPv4 only)`);
  }
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { base: (ip & mask) >>> 0, mask, invert };
}

function parseMarkValue(text: string): { value: number; mask: number } {
  const [value, mask] = text.split('/');
  const parsed = Number(value);
  return { value: parsed, mask: mask === undefined ? 0xffffffff : Number(mask) };
}

/**
 * Decodes the iptables arguments of one rule (the subset kube-proxy writes, section 1.6). Anything else
 * throws, so a rule the router cannot evaluate faithfully is never silently skipped.
 */
export function parseIptablesRule(args: readonly string[]): ParsedRule {
  let src: AddressMatch | undefined;
  let dst: AddressMatch | undefined;
  let protocol: ParsedRule['protocol'];
  const matches: ExtensionMatch[] = [];
  let target: RuleTarget = { kind: 'none' };
  let invert = false;
  let module = '';
  // Options of multi-option matches are collected while their module is current.
  let statistic: { probability?: number } | undefined;
  let recent: { name?: string; mode?: 'rcheck' | 'set'; seconds?: number; reap: boolean } | undefined;
  let portIndex = -1;

  const flushModule = (): void => {
    if (statistic !== undefined) {
      if (statistic.probability === undefined) throw new Error('statistic match without --probability');
      matches.push({ kind: 'statistic', probability: statistic.probability });
      statistic = undefined;
    }
    if (recent !== undefined) {
      const { name, mode, seconds, reap } = recent;
      if (name === undefined || mode === undefined) throw new Error('recent match without --name/mode');
      matches.push(
        mode === 'set'
          ? { kind: 'recentSet', name }
          : { kind: 'recentCheck', name, seconds: seconds ?? 0, reap },
      );
      recent = undefined;
    }
  };
  const value = (i: number): string => {
    const next = args[i + 1];
    if (next === undefined) throw new Error(`missing value after ${args[i] ?? ''} in ${args.join(' ')}`);
    return next;
  };

  for (let i = 0; i < args.length; i++) {
    const token = args[i] ?? '';
    const negated = invert;
    invert = false;
    switch (token) {
      case '!':
        invert = true;
        break;
      case '-s':
        src = parseAddress(value(i++), negated);
        break;
      case '-d':
        dst = parseAddress(value(i++), negated);
        break;
      case '-p':
        protocol = { name: value(i++).toLowerCase(), invert: negated };
        break;
      case '-m': {
        flushModule();
        module = value(i++);
        if (module === 'tcp' || module === 'udp' || module === 'sctp') {
          portIndex = matches.length;
          matches.push({ kind: 'port', dport: undefined });
        } else if (module === 'statistic') statistic = {};
        else if (module === 'recent') recent = { reap: false };
        else if (!['comment', 'addrtype', 'mark', 'conntrack', 'nfacct'].includes(module)) {
          throw new Error(`unsupported match -m ${module}`);
        }
        break;
      }
      case '--comment':
      case '--nfacct-name':
        i++;
        break;
      case '--dport': {
        if (negated || portIndex < 0) throw new Error(`unsupported --dport in ${args.join(' ')}`);
        matches[portIndex] = { kind: 'port', dport: Number(value(i++)) };
        break;
      }
      case '--dst-type':
      case '--src-type':
        if (value(i++) !== 'LOCAL') throw new Error(`unsupported addrtype in ${args.join(' ')}`);
        matches.push({
          kind: 'addrtype',
          direction: token === '--src-type' ? 'src' : 'dst',
          invert: negated,
        });
        break;
      case '--mode':
        if (value(i++) !== 'random') throw new Error('only statistic --mode random is supported');
        break;
      case '--probability':
        if (statistic === undefined) throw new Error('--probability outside -m statistic');
        statistic.probability = Number(value(i++));
        break;
      case '--name':
        if (recent === undefined) throw new Error('--name outside -m recent');
        recent.name = value(i++);
        break;
      case '--rcheck':
      case '--set':
        if (recent === undefined) throw new Error(`${token} outside -m recent`);
        recent.mode = token === '--set' ? 'set' : 'rcheck';
        break;
      case '--seconds':
        if (recent === undefined) throw new Error('--seconds outside -m recent');
        recent.seconds = Number(value(i++));
        break;
      case '--reap':
        if (recent === undefined) throw new Error('--reap outside -m recent');
        recent.reap = true;
        break;
      case '--mark': {
        if (module !== 'mark') throw new Error('--mark outside -m mark');
        matches.push({ kind: 'mark', ...parseMarkValue(value(i++)), invert: negated });
        break;
      }
      case '--ctstate':
        matches.push({ kind: 'ctstate', states: value(i++).split(','), invert: negated });
        break;
      case '-j':
        flushModule();
        target = parseTarget(args.slice(i + 1));
        i = args.length;
        break;
      default:
        throw new Error(`unsupported iptables argument ${token} in ${args.join(' ')}`);
    }
  }
  flushModule();
  const hasSideEffects = matches.some(
    (m) => m.kind === 'statistic' || m.kind === 'recentCheck' || m.kind === 'recentSet',
  );
  return { src, dst, protocol, matches, target, hasSideEffects };
}

function parseTarget(rest: readonly string[]): RuleTarget {
  const [name, ...options] = rest;
  const option = (flag: string): string | undefined => {
    const at = options.indexOf(flag);
    return at < 0 ? undefined : options[at + 1];
  };
  switch (name) {
    case undefined:
      throw new Error('-j without a target');
    case 'ACCEPT':
    case 'DROP':
    case 'REJECT':
    case 'RETURN':
    case 'MASQUERADE':
      return { kind: name };
    case 'DNAT': {
      const to = option('--to-destination') ?? '';
      const colon = to.lastIndexOf(':');
      if (colon < 0) throw new Error(`DNAT without ip:port (${to})`);
      return { kind: 'DNAT', ip: to.slice(0, colon), port: Number(to.slice(colon + 1)) };
    }
    case 'MARK': {
      const or = option('--or-mark');
      const xor = option('--xor-mark');
      if (or !== undefined) return { kind: 'MARK', op: 'or', value: Number(or) };
      if (xor !== undefined) return { kind: 'MARK', op: 'xor', value: Number(xor) };
      throw new Error('MARK without --or-mark/--xor-mark');
    }
    default:
      if (options.length > 0) throw new Error(`unsupported options for -j ${name}`);
      return { kind: 'chain', chain: name };
  }
}
