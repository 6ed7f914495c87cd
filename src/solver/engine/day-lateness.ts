/**
 * The running worst-lateness term: for each day, the largest lateness among the stops of that
 * day's routes, each route's own largest read from its cache (`Route.late`). A day keeps its
 * three latest routes, so that a move changing one or two routes is priced in O(1) (the day's
 * largest without them is the first of the three that is neither), and a route's change rescans
 * its day only when it was among the three or now passes the third.
 */
import type { EngineSoftTerms } from './instance.js';
import type { Route } from './route.js';

/** Routes a day keeps in order of their lateness: enough to leave out the two a move changes. */
const KEPT = 3;

export class DayLateness {
  /** Cost per unit of each day's largest lateness. */
  readonly cost: number;
  /** Day of each route (-1: counted in no day). */
  private readonly routeDay: Int32Array;
  /** CSR: the routes of each day. */
  private readonly dayStart: Int32Array;
  private readonly dayRoutes: Int32Array;
  /** Per day, its {@link KEPT} latest routes (-1: none) and their lateness, latest first. */
  private readonly topRoute: Int32Array;
  private readonly topLate: Float64Array;
  /** The lateness of each route as last counted here. */
  private readonly routeLate: Float64Array;

  constructor(soft: EngineSoftTerms, nRoutes: number) {
    this.cost = soft.worstLatenessCost ?? 0;
    this.routeDay = soft.routeDay ?? new Int32Array(nRoutes).fill(-1);
    const nDays = soft.nDays ?? 0;
    this.dayStart = new Int32Array(nDays + 1);
    for (let r = 0; r < nRoutes; r++) {
      const d = this.routeDay[r]!;
      if (d >= 0) this.dayStart[d + 1]!++;
    }
    for (let d = 0; d < nDays; d++) this.dayStart[d + 1]! += this.dayStart[d]!;
    this.dayRoutes = new Int32Array(this.dayStart[nDays]!);
    const fill = this.dayStart.slice();
    for (let r = 0; r < nRoutes; r++) {
      const d = this.routeDay[r]!;
      if (d >= 0) this.dayRoutes[fill[d]!++] = r;
    }
    this.topRoute = new Int32Array(nDays * KEPT).fill(-1);
    this.topLate = new Float64Array(nDays * KEPT);
    this.routeLate = new Float64Array(nRoutes);
  }

  /** The largest lateness of day `d`. */
  worst(d: number): number {
    return this.topLate[d * KEPT]!;
  }

  /** Cost of every day's largest lateness, summed in day order. */
  total(): number {
    let sum = 0;
    for (let d = 0; d + 1 < this.dayStart.length; d++) sum += this.worst(d) * this.cost;
    return sum;
  }

  /**
   * Counts route `r`'s current largest lateness `late` and returns the change of the term's
   * cost. Whether the day's largest changed is in {@link changedDay}.
   */
  update(routes: readonly Route[], r: number): number {
    this.changedDay = -1;
    const d = this.routeDay[r]!;
    const late = routes[r]!.late;
    if (d < 0 || late === this.routeLate[r]) {
      this.routeLate[r] = late;
      return 0;
    }
    this.routeLate[r] = late;
    const base = d * KEPT;
    const kept =
      this.topRoute[base] === r || this.topRoute[base + 1] === r || this.topRoute[base + 2] === r;
    if (!kept && late <= this.topLate[base + KEPT - 1]!) return 0;
    const before = this.topLate[base]!;
    this.rescan(d);
    const after = this.topLate[base]!;
    if (after === before) return 0;
    this.changedDay = d;
    return (after - before) * this.cost;
  }

  /** The day whose largest lateness the last {@link update} changed, or -1. */
  changedDay = -1;

  /** The routes of day `d`. */
  routesOf(d: number): Int32Array {
    return this.dayRoutes.subarray(this.dayStart[d]!, this.dayStart[d + 1]!);
  }

  /** Recounts every route from `routes`, as {@link update} would one by one. */
  recount(routes: readonly Route[]): void {
    for (let r = 0; r < routes.length; r++) this.routeLate[r] = routes[r]!.late;
    for (let d = 0; d + 1 < this.dayStart.length; d++) this.rescan(d);
  }

  /**
   * Change of the term's cost if route `r1`'s largest lateness became `late1` and route `r2`'s
   * `late2` (`r2` -1: a change of `r1` only).
   */
  delta(r1: number, late1: number, r2: number, late2: number): number {
    const d1 = this.routeDay[r1]!;
    const d2 = r2 < 0 ? -1 : this.routeDay[r2]!;
    let delta = 0;
    if (d1 >= 0) {
      const same = d2 === d1;
      let worst = this.without(d1, r1, same ? r2 : -1);
      if (late1 > worst) worst = late1;
      if (same && late2 > worst) worst = late2;
      delta += (worst - this.worst(d1)) * this.cost;
    }
    if (d2 >= 0 && d2 !== d1) {
      let worst = this.without(d2, r2, -1);
      if (late2 > worst) worst = late2;
      delta += (worst - this.worst(d2)) * this.cost;
    }
    return delta;
  }

  /**
   * Change of the term's cost if each route `routes[k]` (distinct) had largest lateness
   * `lates[k]`: any number of routes, each day they touch rescanned (for the rest between days,
   * whose knock-on can change a worker's routes down the week).
   */
  deltaMany(routes: readonly number[], lates: readonly number[]): number {
    let delta = 0;
    for (let k = 0; k < routes.length; k++) {
      const d = this.routeDay[routes[k]!]!;
      if (d < 0) continue;
      let seen = false;
      for (let j = 0; j < k && !seen; j++) seen = this.routeDay[routes[j]!] === d;
      if (seen) continue;
      let worst = 0;
      for (const r of this.routesOf(d)) {
        const i = routes.indexOf(r);
        const late = i >= 0 ? lates[i]! : this.routeLate[r]!;
        if (late > worst) worst = late;
      }
      delta += (worst - this.worst(d)) * this.cost;
    }
    return delta;
  }

  /** The largest lateness of day `d` among its routes other than `a` and `b`. */
  private without(d: number, a: number, b: number): number {
    const base = d * KEPT;
    for (let k = 0; k < KEPT; k++) {
      const r = this.topRoute[base + k]!;
      if (r !== a && r !== b) return this.topLate[base + k]!;
    }
    return 0;
  }

  /** Finds day `d`'s {@link KEPT} latest routes (ties: the lower index first). */
  private rescan(d: number): void {
    const base = d * KEPT;
    for (let k = 0; k < KEPT; k++) {
      this.topRoute[base + k] = -1;
      this.topLate[base + k] = 0;
    }
    for (let i = this.dayStart[d]!; i < this.dayStart[d + 1]!; i++) {
      const r = this.dayRoutes[i]!;
      const late = this.routeLate[r]!;
      if (late <= this.topLate[base + KEPT - 1]! && this.topRoute[base + KEPT - 1]! >= 0) continue;
      let k = KEPT - 1;
      while (k > 0 && (this.topRoute[base + k - 1]! < 0 || late > this.topLate[base + k - 1]!)) {
        this.topRoute[base + k] = this.topRoute[base + k - 1]!;
        this.topLate[base + k] = this.topLate[base + k - 1]!;
        k--;
      }
      this.topRoute[base + k] = r;
      this.topLate[base + k] = late;
    }
  }
}
