/** Swap within a route: two tasks of one route change places. */
import type { MoveEvaluator } from './evaluator.js';
import type { Move } from './move.js';

/** Exchanges the tasks at nodes `i` and `j` of route `r` (called with `r1 === r2 === r`). */
export const swapInRoute: Move = {
  name: 'swap-in-route',

  evaluate(ev: MoveEvaluator, r: number, i: number, _r2: number, j: number): boolean {
    if (i === j) return false;
    const sol = ev.sol;
    const p = ev.p;
    const route = sol.routes[r]!;
    const lo = Math.min(i, j);
    const hi = Math.max(i, j);
    const c = p.routeCost[r]!;
    const loc = route.loc;
    const x = loc[lo]!;
    const y = loc[hi]!;
    let delta: number;
    if (hi === lo + 1) {
      delta =
        c.at(loc[lo - 1]!, y) +
        c.at(y, x) +
        c.at(x, loc[hi + 1]!) -
        c.at(loc[lo - 1]!, x) -
        c.at(x, y) -
        c.at(y, loc[hi + 1]!);
    } else {
      delta =
        c.at(loc[lo - 1]!, y) +
        c.at(y, loc[lo + 1]!) +
        c.at(loc[hi - 1]!, x) +
        c.at(x, loc[hi + 1]!) -
        c.at(loc[lo - 1]!, x) -
        c.at(x, loc[lo + 1]!) -
        c.at(loc[hi - 1]!, y) -
        c.at(y, loc[hi + 1]!);
    }
    if (!ev.soft && delta >= -p.eps) return false;
    const tasks = route.tasks;
    const prop = ev.first.before(r, lo - 1).add(tasks[hi - 1]!);
    prop.addNodes(tasks, lo + 1, hi - lo - 1);
    prop.add(tasks[lo - 1]!).after(r, hi + 1);
    if (!ev.fits(prop)) return false;
    return ev.oneRouteImproves();
  },

  apply(ev: MoveEvaluator): void {
    ev.replaceByFirst();
  },
};
