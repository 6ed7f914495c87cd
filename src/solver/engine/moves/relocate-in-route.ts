/** Relocate within a route: a string of tasks moves to another place on its own route. */
import type { MoveEvaluator } from './evaluator.js';
import type { Move } from './move.js';

/**
 * The move that takes `len` consecutive tasks from node `i` of route `r` to just after its node
 * `j` (called with `r1 === r2 === r`).
 */
export function relocateInRoute(len: number): Move {
  return {
    name: len === 1 ? 'relocate-in-route' : `relocate-in-route-${len}`,

    evaluate(ev: MoveEvaluator, r: number, i: number, _r2: number, j: number): boolean {
      const sol = ev.sol;
      const p = ev.p;
      const inst = p.inst;
      const route = sol.routes[r]!;
      const n = route.tasks.length;
      if (j >= i - 1 && j <= i + len - 1) return false;
      if (i + len - 1 > n) return false;
      const nl = inst.nLocations;
      const c = p.routeCost[r]!;
      const loc = route.loc;
      const first = loc[i]!;
      const last = loc[i + len - 1]!;
      const delta =
        c[loc[i - 1]! * nl + loc[i + len]!]! -
        c[loc[i - 1]! * nl + first]! -
        c[last * nl + loc[i + len]!]! +
        c[loc[j]! * nl + first]! +
        c[last * nl + loc[j + 1]!]! -
        c[loc[j]! * nl + loc[j + 1]!]!;
      if (!ev.soft && delta >= -p.eps) return false;
      const tasks = route.tasks;
      const prop = ev.first;
      if (j > i) {
        // prefix(i-1) + nodes i+len..j + moved + suffix(j+1)
        prop.before(r, i - 1);
        for (let k = i + len; k <= j; k++) prop.add(tasks[k - 1]!);
        for (let k = 0; k < len; k++) prop.add(tasks[i - 1 + k]!);
        prop.after(r, j + 1);
      } else {
        // prefix(j) + moved + nodes j+1..i-1 + suffix(i+len)
        prop.before(r, j);
        for (let k = 0; k < len; k++) prop.add(tasks[i - 1 + k]!);
        for (let k = j + 1; k <= i - 1; k++) prop.add(tasks[k - 1]!);
        prop.after(r, i + len);
      }
      if (!ev.fits(prop)) return false;
      return ev.oneRouteImproves();
    },

    apply(ev: MoveEvaluator): void {
      ev.replaceByFirst();
    },
  };
}
