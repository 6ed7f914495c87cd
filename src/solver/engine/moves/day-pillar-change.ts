/** Day pillar change: a client's visits on one day go from their carer to another. */
import type { PillarMove, Pillars } from './pillar.js';

/**
 * The tasks of `u`'s client (its widest continuity group) that `u`'s worker serves on `u`'s
 * day, on any of that worker's shifts that day.
 */
export const dayPillarChange: PillarMove = {
  name: 'day-pillar-change',

  collect(pillars: Pillars, u: number, out: Int32Array): number {
    const sol = pillars.sol;
    const g = pillars.widest[u]!;
    const worker = pillars.workerOf(u);
    const day = pillars.routeDay[sol.taskRoute[u]!]!;
    let n = 0;
    for (let i = pillars.groupStart[g]!; i < pillars.groupStart[g + 1]!; i++) {
      const t = pillars.groupTasks[i]!;
      const r = sol.taskRoute[t]!;
      if (r >= 0 && pillars.routeDay[r] === day && pillars.workerOf(t) === worker) out[n++] = t;
    }
    return n;
  },
};
