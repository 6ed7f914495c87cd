/** Swap: two tasks on different routes change places. */
import type { MoveEvaluator } from './evaluator.js';
import type { Move } from './move.js';
import type { Proposal } from './proposal.js';

/** Whether route `r` fits with its task at node `k` replaced by task `t`, priced into `prop`. */
function fitsReplaced(ev: MoveEvaluator, prop: Proposal, r: number, k: number, t: number): boolean {
  return ev.fits(
    prop
      .before(r, k - 1)
      .add(t)
      .after(r, k + 1),
  );
}

/** Exchanges the task at node `i` of `r1` with the task at node `j` of `r2` (`r1 !== r2`). */
export const swap: Move = {
  name: 'swap',

  evaluate(ev: MoveEvaluator, r1: number, i: number, r2: number, j: number): boolean {
    const sol = ev.sol;
    const p = ev.p;
    const inst = p.inst;
    const ra = sol.routes[r1]!;
    const rb = sol.routes[r2]!;
    const u = ra.tasks[i - 1]!;
    const v = rb.tasks[j - 1]!;
    const c1 = p.routeCost[r1]!;
    const c2 = p.routeCost[r2]!;
    const lu = inst.taskLocation[u]!;
    const lv = inst.taskLocation[v]!;
    const a0 = ra.loc[i - 1]!;
    const a1 = ra.loc[i + 1]!;
    const b0 = rb.loc[j - 1]!;
    const b1 = rb.loc[j + 1]!;
    const asg =
      p.assignment(u, r2) - p.assignment(u, r1) + p.assignment(v, r1) - p.assignment(v, r2);
    const delta =
      c1.at(a0, lv) +
      c1.at(lv, a1) -
      c1.at(a0, lu) -
      c1.at(lu, a1) +
      c2.at(b0, lu) +
      c2.at(lu, b1) -
      c2.at(b0, lv) -
      c2.at(lv, b1) +
      asg;
    if (!ev.soft && delta >= -p.eps) return false;
    if (!ev.canHost(r1, i, i, r2) || !ev.canHost(r2, j, j, r1)) return false;
    if (!fitsReplaced(ev, ev.first, r1, i, v) || !fitsReplaced(ev, ev.second, r2, j, u)) {
      return false;
    }
    return ev.twoRouteImproves(asg + ev.continuityDelta(r1, i, i, r2, j, j));
  },

  apply(ev: MoveEvaluator, r1: number, i: number, r2: number, j: number): void {
    const sol = ev.sol;
    const t1 = sol.routes[r1]!.tasks.slice();
    const t2 = sol.routes[r2]!.tasks.slice();
    const u = t1[i - 1]!;
    t1[i - 1] = t2[j - 1]!;
    t2[j - 1] = u;
    ev.replace(r1, t1, r2, t2);
  },
};
