/**
 * Or-opt: a string of consecutive tasks moves to another route. A string of one task is the
 * relocate move ({@link relocate}).
 */
import type { MoveEvaluator } from './evaluator.js';
import type { Move } from './move.js';
import { closeGapCost } from './string-gap.js';

/**
 * The move that takes `len` consecutive tasks from node `i` of `r1` to just after node `j` of
 * `r2` (`r1 !== r2`), keeping their order.
 */
export function orOpt(len: number): Move {
  return {
    name: len === 1 ? 'relocate' : `or-opt-${len}`,

    evaluate(ev: MoveEvaluator, r1: number, i: number, r2: number, j: number): boolean {
      const sol = ev.sol;
      const p = ev.p;
      const inst = p.inst;
      const ra = sol.routes[r1]!;
      const n1 = ra.tasks.length;
      if (i + len - 1 > n1) return false;
      const rb = sol.routes[r2]!;
      const c1 = p.routeCost[r1]!;
      const c2 = p.routeCost[r2]!;
      const first = ra.loc[i]!;
      const last = ra.loc[i + len - 1]!;
      // Cheap cost bound before any feasibility work.
      const inner = ra.cumCost[i + len - 1]! - ra.cumCost[i]!;
      const removed = n1 === len ? -ra.cost : closeGapCost(c1, ra.loc, i, len) - inner;
      const x = rb.loc[j]!;
      const y = rb.loc[j + 1]!;
      // Inner arcs priced on r1's profile; exact when profiles agree, re-checked by fits().
      const added =
        c2.at(x, first) + c2.at(last, y) + inner - (rb.tasks.length === 0 ? 0 : c2.at(x, y));
      const asg = ev.asgDelta(r1, i, i + len - 1, r2);
      if (!ev.soft && removed + added + asg >= -p.eps) return false;
      if (!ev.canHost(r1, i, i + len - 1, r2)) return false;
      // Capacity before the time segments: on capacitated instances most candidates end here.
      let demand = 0;
      for (let k = 0; k < len; k++) demand += inst.taskDemand[ra.tasks[i - 1 + k]!]!;
      if (rb.load + demand > inst.routeCapacity[r2]! + p.eps) return false;
      const into = ev.second.before(r2, j).addNodes(ra.tasks, i, len);
      if (!ev.fits(into.after(r2, j + 1))) return false;
      if (!ev.fits(ev.first.before(r1, i - 1).after(r1, i + len))) return false;
      return ev.twoRouteImproves(asg + ev.continuityDelta(r1, i, i + len - 1, r2));
    },

    apply(ev: MoveEvaluator, r1: number, i: number, r2: number, j: number): void {
      const sol = ev.sol;
      const t1 = sol.routes[r1]!.tasks.slice();
      const moved = t1.splice(i - 1, len);
      const t2 = sol.routes[r2]!.tasks.slice();
      t2.splice(j, 0, ...moved);
      ev.replace(r1, t1, r2, t2);
    },
  };
}

/** Relocate: the task at node `i` of `r1` moves to just after node `j` of `r2` (`r1 !== r2`). */
export const relocate = orOpt(1);
