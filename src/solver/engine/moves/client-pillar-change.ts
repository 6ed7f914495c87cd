/** Client pillar change: every visit of a client a carer does goes to another carer. */
import type { PillarMove, Pillars } from './pillar.js';

/**
 * The tasks of `u`'s client (its widest continuity group) that `u`'s worker serves, all week:
 * the move that takes a carer off a client's list at once.
 */
export const clientPillarChange: PillarMove = {
  name: 'client-pillar-change',

  collect(pillars: Pillars, u: number, out: Int32Array): number {
    return pillars.collectServed(pillars.widest[u]!, pillars.workerOf(u), out);
  },
};
