import type { InputEntry } from '@svcsim/core';

/**
 * One input list from the scenario's own inputs (in time order) and each traffic entry's (each in time
 * order): by instant, and within an instant the scenario's first, then the traffic entries' in the
 * order the file lists them. run() commits inputs of one instant in list order, so a timeline action
 * at 20s (a rollout, a failed node) takes effect before the requests made at 20s see the cluster.
 */
export function mergeTrafficInputs(
  scenarioInputs: readonly InputEntry[],
  trafficInputs: readonly (readonly InputEntry[])[],
): InputEntry[] {
  const lists = [scenarioInputs, ...trafficInputs].filter((list) => list.length > 0);
  if (lists.length <= 1) return [...(lists[0] ?? [])];
  // A k-way merge; k is small (one list per traffic entry), so a linear scan for the earliest head
  // beats a heap, and a strict `<` keeps the earlier list first on ties.
  const heads = lists.map(() => 0);
  const total = lists.reduce((sum, list) => sum + list.length, 0);
  const merged: InputEntry[] = new Array<InputEntry>(total);
  for (let out = 0; out < total; out++) {
    let best = -1;
    let bestAt = Number.POSITIVE_INFINITY;
    for (let i = 0; i < lists.length; i++) {
      const next = lists[i]?.[heads[i] ?? 0];
      if (next !== undefined && next.at < bestAt) {
        best = i;
        bestAt = next.at;
      }
    }
    const list = lists[best];
    const index = heads[best] ?? 0;
    const input = list?.[index];
    if (input === undefined) throw new Error('unreachable: the merge ran out of inputs early');
    merged[out] = input;
    heads[best] = index + 1;
  }
  return merged;
}
