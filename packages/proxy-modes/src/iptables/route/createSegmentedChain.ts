import { compareCodeUnits } from '@svcsim/core';

import type { IptablesTableName } from '../IptablesRuleset.js';
import type { CompiledRule, RouteChain, RuleVisitor } from './RouteChain.js';
import { ruleIndexKey } from './ruleIndexKey.js';

/** Where a segment sits in its chain: fixed rules first or last, ServicePorts in restore order between. */
export interface SegmentOrder {
  /** 0: fixed rules written before the ServicePorts; 1: a ServicePort; 2: fixed rules written after. */
  readonly rank: 0 | 1 | 2;
  readonly servicePortName: string;
  readonly protocol: string;
}

/** A run of consecutive rules of a top-level chain that one ServicePort (or the fixed rules) wrote. */
export interface ChainSegment {
  readonly order: SegmentOrder;
  readonly rules: readonly CompiledRule[];
}

/** A top-level chain whose ServicePort segments can be added and removed without re-indexing the rest. */
export interface SegmentedChain extends RouteChain {
  add(segment: ChainSegment): void;
  remove(segment: ChainSegment): void;
}

/** A rule filed in the index: the segment it belongs to and its position inside it. */
interface Entry {
  readonly segment: Placed;
  readonly local: number;
}

interface Placed {
  readonly segment: ChainSegment;
  /** Position of the segment's first rule in the chain; valid while the chain is not dirty. */
  offset: number;
}

const EMPTY: readonly Entry[] = [];

function compareOrder(a: SegmentOrder, b: SegmentOrder): number {
  return (
    a.rank - b.rank ||
    compareCodeUnits(a.servicePortName, b.servicePortName) ||
    compareCodeUnits(a.protocol, b.protocol)
  );
}

function compareEntries(a: Entry, b: Entry): number {
  return compareOrder(a.segment.segment.order, b.segment.segment.order) || a.local - b.local;
}

/** The first index in the ascending `list` whose element is not before `item`. */
function lowerBound<T>(list: readonly T[], item: T, compare: (a: T, b: T) => number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compare(list[middle] as T, item) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * A top-level chain (KUBE-SERVICES, KUBE-NODEPORTS, the filter chains) as the concatenation of its
 * segments in restore order. Its index files every rule under (destination, protocol/port) as the
 * flat chains' index does, but by (segment, position in segment), so adding or removing one
 * ServicePort's segment touches only that segment's entries; absolute positions come from segment
 * offsets, recomputed in one pass over the segments after a change.
 */
export function createSegmentedChain(table: IptablesTableName, name: string): SegmentedChain {
  const segments: Placed[] = [];
  const placedOf = new Map<ChainSegment, Placed>();
  const exact = new Map<number, Map<number, Entry[]>>();
  const byPort = new Map<number, Entry[]>();
  const generic: Entry[] = [];
  let length = 0;
  let dirty = false;

  const listFor = (rule: CompiledRule, create: boolean): Entry[] | undefined => {
    const key = ruleIndexKey(rule.parsed);
    if (key === undefined) return generic;
    let byKey: Map<number, Entry[]> | undefined = byPort;
    if (key.dst !== undefined) {
      byKey = exact.get(key.dst);
      if (byKey === undefined) {
        if (!create) return undefined;
        byKey = new Map();
        exact.set(key.dst, byKey);
      }
    }
    let list = byKey.get(key.key);
    if (list === undefined && create) {
      list = [];
      byKey.set(key.key, list);
    }
    return list;
  };

  /** Drops the emptied lists of a removed rule's key, so addresses that come and go leave nothing behind. */
  const forget = (rule: CompiledRule): void => {
    const key = ruleIndexKey(rule.parsed);
    if (key === undefined) return;
    if (key.dst === undefined) {
      byPort.delete(key.key);
      return;
    }
    const byKey = exact.get(key.dst);
    byKey?.delete(key.key);
    if (byKey?.size === 0) exact.delete(key.dst);
  };

  const settle = (): void => {
    if (!dirty) return;
    let offset = 0;
    for (const placed of segments) {
      placed.offset = offset;
      offset += placed.segment.rules.length;
    }
    length = offset;
    dirty = false;
  };

  const positionOf = (entry: Entry): number => entry.segment.offset + entry.local;

  return {
    table,
    name,
    builtin: false,
    size() {
      settle();
      return length;
    },
    add(segment) {
      if (placedOf.has(segment)) throw new Error(`segment added twice to ${table} ${name}`);
      const placed: Placed = { segment, offset: 0 };
      placedOf.set(segment, placed);
      segments.splice(
        lowerBound(segments, placed, (a, b) => compareOrder(a.segment.order, b.segment.order)),
        0,
        placed,
      );
      segment.rules.forEach((rule, local) => {
        const list = listFor(rule, true) as Entry[];
        const entry: Entry = { segment: placed, local };
        list.splice(lowerBound(list, entry, compareEntries), 0, entry);
      });
      dirty = true;
    },
    remove(segment) {
      const placed = placedOf.get(segment);
      if (placed === undefined) throw new Error(`segment not in ${table} ${name}`);
      placedOf.delete(segment);
      const at = lowerBound(segments, placed, (a, b) => compareOrder(a.segment.order, b.segment.order));
      if (segments[at] !== placed) throw new Error(`segments of ${table} ${name} out of order`);
      segments.splice(at, 1);
      segment.rules.forEach((rule, local) => {
        const list = listFor(rule, false);
        const at = list === undefined ? -1 : lowerBound(list, { segment: placed, local }, compareEntries);
        if (list === undefined || list[at]?.segment !== placed) {
          throw new Error(`index of ${table} ${name} lost a rule`);
        }
        list.splice(at, 1);
        if (list.length === 0) forget(rule);
      });
      dirty = true;
    },
    forEachRule(visit: RuleVisitor) {
      settle();
      for (const placed of segments) {
        const rules = placed.segment.rules;
        for (let local = 0; local < rules.length; local++) {
          if (visit(placed.offset + local, rules[local] as CompiledRule)) return;
        }
      }
    },
    forEachCandidate(dst: number, portKey: number, visit: RuleVisitor) {
      settle();
      const exactList = exact.get(dst)?.get(portKey) ?? EMPTY;
      const portList = byPort.get(portKey) ?? EMPTY;
      let a = 0;
      let b = 0;
      let c = 0;
      for (;;) {
        const ea = exactList[a];
        const eb = portList[b];
        const ec = generic[c];
        const pa = ea === undefined ? Infinity : positionOf(ea);
        const pb = eb === undefined ? Infinity : positionOf(eb);
        const pc = ec === undefined ? Infinity : positionOf(ec);
        const position = Math.min(pa, pb, pc);
        if (position === Infinity) return true;
        let entry: Entry;
        if (position === pa) {
          entry = ea as Entry;
          a++;
        } else if (position === pb) {
          entry = eb as Entry;
          b++;
        } else {
          entry = ec as Entry;
          c++;
        }
        if (visit(position, entry.segment.segment.rules[entry.local] as CompiledRule)) return true;
      }
    },
  };
}
