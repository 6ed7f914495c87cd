/** Client pillar change: every visit of a client a carer does goes to another carer. */
import type { PillarMove, Pillars } from './pillar.js';

/**
 * The tasks of `u`'s client (its widest continuity group) that `u`'s worker serves, all week:
 * the move that takes a carer off a client's list at once. Empty when they are all on `u`'s day,
 * since the day pillar change (tried first) holds the same tasks.
 */
export const clientPillarChange: PillarMove = {
  name: 'client-pillar-change',

  collect(pillars: Pillars, u: number, out: Int32Array): number {
    const n = pillars.collectServed(pillars.widest[u]!, pillars.workerOf(u), out);
    const sol = pillars.sol;
    const day = pillars.routeDay[sol.taskRoute[u]!];
    for (let k = 0; k < n; k++) if (pillars.routeDay[sol.taskRoute[out[k]!]!] !== day) return n;
    return 0;
  },
};
