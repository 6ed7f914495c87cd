/** 2-opt*: two routes exchange their tails. */
import type { MoveEvaluator } from './evaluator.js';
import type { Move } from './move.js';

/**
 * `r1` keeps nodes `0..i` and takes `r2`'s tail from node `j + 1`; `r2` keeps `0..j` and takes
 * `r1`'s tail from `i + 1`. Only between routes with the same ends, hours and travel profile.
 */
export const twoOptStar: Move = {
  name: '2-opt*',

  evaluate(ev: MoveEvaluator, r1: number, i: number, r2: number, j: number): boolean {
    const sol = ev.sol;
    const p = ev.p;
    if (!ev.sameEnds(r1, r2)) return false;
    const ra = sol.routes[r1]!;
    const rb = sol.routes[r2]!;
    const n1 = ra.tasks.length;
    const n2 = rb.tasks.length;
    if (i < 0 || j < 0 || i > n1 || j > n2) return false;
    const c = p.routeCost[r1]!;
    const delta0 =
      c.at(ra.loc[i]!, rb.loc[j + 1]!) +
      c.at(rb.loc[j]!, ra.loc[i + 1]!) -
      c.at(ra.loc[i]!, ra.loc[i + 1]!) -
      c.at(rb.loc[j]!, rb.loc[j + 1]!);
    // Routes that become empty drop their depot arcs too; fits() prices that exactly.
    if (!ev.soft && delta0 >= -p.eps && !(i === 0 && j === n2) && !(j === 0 && i === n1)) {
      return false;
    }
    if (!ev.canHost(r2, j + 1, n2, r1) || !ev.canHost(r1, i + 1, n1, r2)) {
      return false;
    }
    if (!ev.fits(ev.first.before(r1, i).after(r2, j + 1))) return false;
    if (!ev.fits(ev.second.before(r2, j).after(r1, i + 1))) return false;
    const extra =
      ev.asgDelta(r2, j + 1, n2, r1) +
      ev.asgDelta(r1, i + 1, n1, r2) +
      ev.continuityDelta(r1, i + 1, n1, r2, j + 1, n2);
    return ev.twoRouteImproves(extra);
  },

  apply(ev: MoveEvaluator, r1: number, i: number, r2: number, j: number): void {
    const ra = ev.sol.routes[r1]!;
    const rb = ev.sol.routes[r2]!;
    const t1 = ra.tasks.slice(0, i).concat(rb.tasks.slice(j));
    const t2 = rb.tasks.slice(0, j).concat(ra.tasks.slice(i));
    ev.replace(r1, t1, r2, t2);
  },
};
