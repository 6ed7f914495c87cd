/**
 * Recreate: greedy cheapest insertion of the removed (and any other unplaced) groups in a
 * randomly chosen order, skipping positions with a small "blink" probability (SISR), so
 * repeated recreates from the same ruin explore different solutions.
 */
import { insertGroup } from './insertion.js';
import type { Rng } from './rng.js';
import type { Solution } from './solution.js';

/** Orders of insertion, chosen at random with these weights. */
const ORDER_WEIGHTS = [4, 4, 2, 1, 2] as const;
const ORDER_TOTAL = ORDER_WEIGHTS.reduce((a, b) => a + b, 0);

/** Reinserts `groups` (all unplaced) one by one; those that fit nowhere stay unplaced. */
export function recreate(sol: Solution, groups: number[], rng: Rng, blink: number): void {
  const p = sol.p;
  const inst = p.inst;
  const key = new Float64Array(groups.length);
  let pick = rng.float() * ORDER_TOTAL;
  let order = 0;
  while (order < ORDER_WEIGHTS.length - 1 && pick >= ORDER_WEIGHTS[order]!) {
    pick -= ORDER_WEIGHTS[order]!;
    order++;
  }
  rng.shuffle(groups);
  if (order > 0) {
    const depotLoc = inst.routeStartLocation[0] ?? 0;
    const cost = inst.travelCost[0]!;
    const nl = inst.nLocations;
    groups.forEach((g, i) => {
      const t = p.groupTasks[p.groupStart[g]!]!;
      const size = p.groupStart[g + 1]! - p.groupStart[g]!;
      switch (order) {
        case 1: // large demand (and large groups) first
          key[i] = -(inst.taskDemand[t]! + 1e-9 * inst.taskService[t]!) * size;
          break;
        case 2: // far from the depot first
          key[i] = -cost[depotLoc * nl + inst.taskLocation[t]!]!;
          break;
        case 3: // close to the depot first
          key[i] = cost[depotLoc * nl + inst.taskLocation[t]!]!;
          break;
        default: // tight windows first
          key[i] = inst.taskLatest[t]! - inst.taskEarliest[t]! - (size > 1 ? 1e12 : 0);
      }
    });
    const idx = groups.map((_, i) => i);
    idx.sort((a, b) => key[a]! - key[b]! || a - b);
    const sorted = idx.map((i) => groups[i]!);
    for (let i = 0; i < groups.length; i++) groups[i] = sorted[i]!;
  }
  for (const g of groups) insertGroup(sol, g, blink, rng);
}
