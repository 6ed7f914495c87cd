/**
 * Recreate: greedy cheapest insertion of the removed (and any other unplaced) groups in a
 * randomly chosen order, skipping positions with a small "blink" probability (SISR), so
 * repeated recreates from the same ruin explore different solutions.
 */
import { checkEqual, ENGINE_CHECKS, recomputedCost } from './checks.js';
import { insertGroup } from './insertion.js';
import type { Rng } from './rng.js';
import type { Solution } from './solution.js';

/**
 * Orders in which recreate inserts the removed groups, drawn at random with these weights
 * (SISR's sort orders): random most often, since it diversifies best; by demand, distance from
 * the depot or window width less often, each good on some instances.
 */
const ORDERS = ['random', 'demand', 'far', 'close', 'tight'] as const;
const ORDER_WEIGHTS = [4, 4, 2, 1, 2] as const;
const ORDER_TOTAL = ORDER_WEIGHTS.reduce((a, b) => a + b, 0);
/** Weight of service time against demand in the `demand` order: a tie-break only. */
const SERVICE_TIE_BREAK = 1e-9;
/** Offset that sorts linked groups before every single task in the `tight` order. */
const LINKED_FIRST = 1e12;

/** Reinserts `groups` (all unplaced) one by one; those that fit nowhere stay unplaced. */
export function recreate(sol: Solution, groups: number[], rng: Rng, blink: number): void {
  const p = sol.p;
  const inst = p.inst;
  const key = new Float64Array(groups.length);
  let pick = rng.float() * ORDER_TOTAL;
  let index = 0;
  while (index < ORDER_WEIGHTS.length - 1 && pick >= ORDER_WEIGHTS[index]!) {
    pick -= ORDER_WEIGHTS[index]!;
    index++;
  }
  const order = ORDERS[index]!;
  rng.shuffle(groups);
  if (order !== 'random') {
    const depotLoc = inst.routeStartLocation[0] ?? 0;
    const cost = inst.travelCost[0]!;
    groups.forEach((g, i) => {
      const t = p.groupTasks[p.groupStart[g]!]!;
      const size = p.groupStart[g + 1]! - p.groupStart[g]!;
      switch (order) {
        case 'demand': // large demand (and large groups) first
          key[i] = -(inst.taskDemand[t]! + SERVICE_TIE_BREAK * inst.taskService[t]!) * size;
          break;
        case 'far': // far from the depot first
          key[i] = -cost.at(depotLoc, inst.taskLocation[t]!);
          break;
        case 'close': // close to the depot first
          key[i] = cost.at(depotLoc, inst.taskLocation[t]!);
          break;
        case 'tight': // tight windows first
          key[i] = inst.taskLatest[t]! - inst.taskEarliest[t]! - (size > 1 ? LINKED_FIRST : 0);
      }
    });
    const idx = groups.map((_, i) => i);
    idx.sort((a, b) => key[a]! - key[b]! || a - b);
    const sorted = idx.map((i) => groups[i]!);
    for (let i = 0; i < groups.length; i++) groups[i] = sorted[i]!;
  }
  if (!ENGINE_CHECKS) {
    for (const g of groups) insertGroup(sol, g, blink, rng);
    return;
  }
  for (const g of groups) {
    // A single task's insertion delta leaves out its unplaced penalty; a linked group's change
    // includes the penalties.
    const single = p.groupStart[g + 1]! - p.groupStart[g]! === 1;
    const before = recomputedCost(sol, single);
    const delta = insertGroup(sol, g, blink, rng);
    if (delta === Number.POSITIVE_INFINITY) continue;
    checkEqual('insertion', delta, recomputedCost(sol, single) - before, before);
  }
}
