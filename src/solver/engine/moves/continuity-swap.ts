/**
 * Continuity swap: a task goes to a carer who serves its client already, and the task of that
 * carer's that stands in its way (same day, overlapping window) comes back in exchange. A carer
 * with a free slot at the right time is rare in a packed roster; one whose slot another visit
 * fills is common, and the plain swap only pairs tasks that are close in space, not by carer.
 */
import type { MoveEvaluator } from './evaluator.js';
import type { Pillars } from './pillar.js';
import { swap } from './swap.js';

export const continuitySwap = {
  name: 'continuity-swap',

  /**
   * Tries swapping placed task `u` with each task of worker `to` on `u`'s day whose window
   * overlaps `u`'s, priced exactly by the swap move; makes the first that improves (its change
   * in `ev.delta`). Returns whether it made one.
   */
  improve(pillars: Pillars, ev: MoveEvaluator, u: number, to: number): boolean {
    const sol = ev.sol;
    const p = ev.p;
    const service = p.inst.taskService;
    const r1 = sol.taskRoute[u]!;
    const i = sol.taskPos[u]! + 1;
    const day = pillars.routeDay[r1]!;
    const from = sol.effE[u]!;
    const until = sol.effL[u]! + service[u]!;
    const [first, last] = pillars.routesOf(to);
    for (let k = first; k < last; k++) {
      const r2 = pillars.workerRoutes[k]!;
      if (pillars.routeDay[r2] !== day || !p.allowed(u, r2)) continue;
      const tasks = sol.routes[r2]!.tasks;
      for (let j = 1; j <= tasks.length; j++) {
        const v = tasks[j - 1]!;
        if (sol.effL[v]! + service[v]! < from || sol.effE[v]! > until) continue;
        if (swap.evaluate(ev, r1, i, r2, j)) {
          swap.apply(ev, r1, i, r2, j);
          return true;
        }
      }
    }
    return false;
  },
};
