/**
 * What the regret insertion's cache needs to know about an insertion's effect on time: the
 * routes it may change, as they were before it (each node's earliest finish and latest start,
 * and the route's bounds), and afterwards, which positions of one of them see other time inputs
 * and whether those only narrowed what fits.
 */
import type { Solution } from './solution.js';

/** A route's time inputs before an insertion, and the positions whose inputs moved since. */
export class MovedTimes {
  /** Earliest departure of each remembered route, in the order given to {@link remember}. */
  readonly es: number[] = [];
  /** Latest return of each remembered route, in that order. */
  readonly le: number[] = [];
  /**
   * Per position of the route last marked: 1 when its time inputs (the earliest finish before
   * it, the latest start after it) moved. Replaced by a longer one when a route outgrows it.
   */
  moved = new Uint8Array(16);
  /** Every remembered node's earliest finish and latest start, route after route. */
  private finish = new Float64Array(64);
  private latest = new Float64Array(64);
  /** Where each remembered route's nodes begin in {@link finish} and {@link latest}. */
  private readonly at: number[] = [];

  /** Remembers the time inputs of routes `changed`, before an insertion changes them. */
  remember(sol: Solution, changed: readonly number[]): void {
    let size = 0;
    for (const c of changed) size += sol.routes[c]!.tasks.length + 2;
    if (this.finish.length < size) {
      this.finish = new Float64Array(size * 2);
      this.latest = new Float64Array(size * 2);
    }
    const finish = this.finish;
    const latest = this.latest;
    this.at.length = 0;
    this.es.length = 0;
    this.le.length = 0;
    let at = 0;
    for (const c of changed) {
      const route = sol.routes[c]!;
      this.at.push(at);
      this.es.push(route.es);
      this.le.push(route.le);
      for (let j = 0; j < route.tasks.length + 2; j++) {
        finish[at] = route.fE[j]! + route.fD[j]!;
        latest[at++] = route.bL[j]!;
      }
    }
  }

  /**
   * Marks in {@link moved} the positions of route `c`, the `x`-th remembered, whose time inputs
   * moved (`c` got a task before index `pos`; -1 for a route that got none) and says whether
   * all of them only narrowed.
   *
   * @example
   * ```ts
   * times.remember(sol, [r]);
   * sol.insert(u, r, pos);
   * const narrowed = times.mark(sol, 0, r, pos); // times.moved[i] === 1: position i moved
   * ```
   */
  mark(sol: Solution, x: number, c: number, pos: number): boolean {
    const route = sol.routes[c]!;
    const n = route.tasks.length;
    if (this.moved.length < n + 1) this.moved = new Uint8Array((n + 1) * 2);
    const moved = this.moved;
    const finishBefore = this.finish;
    const latestBefore = this.latest;
    const base = this.at[x]!;
    let narrowed = true;
    for (let i = 0; i <= n; i++) {
      moved[i] = 0;
      if (pos >= 0 && (i === pos || i === pos + 1)) continue;
      // Old node of this position's first node and of the node after it.
      const a = pos >= 0 && i > pos ? i - 1 : i;
      const finish = route.fE[i]! + route.fD[i]!;
      const latest = route.bL[i + 1]!;
      const oldF = finishBefore[base + a]!;
      const oldL = latestBefore[base + a + 1]!;
      if (finish !== oldF || latest !== oldL) {
        moved[i] = 1;
        if (finish < oldF || latest > oldL) narrowed = false;
      }
    }
    return narrowed;
  }
}
