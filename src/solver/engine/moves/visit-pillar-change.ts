/** Recurring-visit pillar change: every date of a recurring visit a carer does goes to another. */
import type { PillarMove, Pillars } from './pillar.js';

/**
 * The tasks of `u`'s recurring visit (its narrowest continuity group) that `u`'s worker serves,
 * on every date. Empty when the task has one continuity group only (the client pillar's).
 */
export const visitPillarChange: PillarMove = {
  name: 'visit-pillar-change',

  collect(pillars: Pillars, u: number, out: Int32Array): number {
    const g = pillars.narrowest[u]!;
    if (g === pillars.widest[u]) return 0;
    return pillars.collectServed(g, pillars.workerOf(u), out);
  },
};
