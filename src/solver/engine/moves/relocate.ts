/** Relocate: one task moves to another route. */
import { workerFree } from '../insertion.js';
import type { MoveEvaluator } from './evaluator.js';
import type { Move } from './move.js';

/** Moves the task at node `i` of `r1` to just after node `j` of `r2` (`r1 !== r2`). */
export const relocate: Move = {
  name: 'relocate',

  evaluate(ev: MoveEvaluator, r1: number, i: number, r2: number, j: number): boolean {
    const sol = ev.sol;
    const p = ev.p;
    const inst = p.inst;
    const ra = sol.routes[r1]!;
    const rb = sol.routes[r2]!;
    const u = ra.tasks[i - 1]!;
    const nl = inst.nLocations;
    const c1 = p.routeCost[r1]!;
    const c2 = p.routeCost[r2]!;
    const lu = inst.taskLocation[u]!;
    // Cheap cost bound before any feasibility work.
    const n1 = ra.tasks.length;
    const removed =
      n1 === 1
        ? -ra.cost
        : c1[ra.loc[i - 1]! * nl + ra.loc[i + 1]!]! -
          c1[ra.loc[i - 1]! * nl + lu]! -
          c1[lu * nl + ra.loc[i + 1]!]!;
    const x = rb.loc[j]!;
    const y = rb.loc[j + 1]!;
    const added =
      rb.tasks.length === 0
        ? c2[x * nl + lu]! + c2[lu * nl + y]!
        : c2[x * nl + lu]! + c2[lu * nl + y]! - c2[x * nl + y]!;
    const asg = p.assignment(u, r2) - p.assignment(u, r1);
    if (!ev.soft && removed + added + asg >= -p.eps) return false;
    if (!p.allowed(u, r2) || !workerFree(sol, u, r2)) return false;
    if (rb.load + inst.taskDemand[u]! > inst.routeCapacity[r2]! + p.eps) {
      return false;
    }
    if (
      !ev.fits(
        ev.second
          .before(r2, j)
          .add(u)
          .after(r2, j + 1),
      )
    )
      return false;
    if (!ev.fits(ev.first.before(r1, i - 1).after(r1, i + 1))) return false;
    return ev.twoRouteImproves(asg + ev.continuityDelta(r1, i, i, r2));
  },

  apply(ev: MoveEvaluator, r1: number, i: number, r2: number, j: number): void {
    const sol = ev.sol;
    const t1 = sol.routes[r1]!.tasks.slice();
    const [u] = t1.splice(i - 1, 1);
    const t2 = sol.routes[r2]!.tasks.slice();
    t2.splice(j, 0, u!);
    ev.replace(r1, t1, r2, t2);
  },
};
