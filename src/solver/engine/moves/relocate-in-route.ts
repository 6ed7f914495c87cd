/** Relocate within a route: a string of tasks moves to another place on its own route. */
import type { MoveEvaluator } from './evaluator.js';
import type { Move } from './move.js';
import { closeGapCost } from './string-gap.js';

/**
 * The move that takes `len` consecutive tasks from node `i` of route `r` to just after its node
 * `j` (called with `r1 === r2 === r`).
 */
export function relocateInRoute(len: number): Move {
  return {
    name: len === 1 ? 'relocate-in-route' : `relocate-in-route-${len}`,

    evaluate(ev: MoveEvaluator, r: number, i: number, _r2: number, j: number): boolean {
      // The string's place unchanged (j at or next to it): no move.
      if (j >= i - 1 && j <= i + len - 1) return false;
      const p = ev.p;
      const route = ev.sol.routes[r]!;
      if (i + len - 1 > route.tasks.length) return false;
      const c = p.routeCost[r]!;
      const loc = route.loc;
      const first = loc[i]!;
      const last = loc[i + len - 1]!;
      const delta =
        closeGapCost(c, loc, i, len) +
        c.at(loc[j]!, first) +
        c.at(last, loc[j + 1]!) -
        c.at(loc[j]!, loc[j + 1]!);
      if (!ev.soft && delta >= -p.eps) return false;
      const tasks = route.tasks;
      const prop = ev.first;
      if (j > i) {
        // prefix(i-1) + nodes i+len..j + moved + suffix(j+1)
        prop.before(r, i - 1).addNodes(tasks, i + len, j - i - len + 1);
        prop.addNodes(tasks, i, len).after(r, j + 1);
      } else {
        // prefix(j) + moved + nodes j+1..i-1 + suffix(i+len)
        prop.before(r, j).addNodes(tasks, i, len);
        prop.addNodes(tasks, j + 1, i - 1 - j).after(r, i + len);
      }
      if (!ev.fits(prop)) return false;
      return ev.oneRouteImproves();
    },

    apply(ev: MoveEvaluator): void {
      ev.replaceByFirst();
    },
  };
}
