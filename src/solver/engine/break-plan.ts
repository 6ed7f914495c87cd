/**
 * The schedule of a route that owes a break: its work (travel and service) exceeds the break
 * rule's threshold, so it must hold a break of `idle` time units, inside the route's break
 * window, between two of its stops.
 *
 * The break is taken where the carer is, after the travel to the next stop (so the travel
 * stretch stays whole) and as early as the window allows, on the arc that brings the carer home
 * earliest (ties: the first such arc). That choice depends only on the task list, the route's
 * earliest departure and its own latest return, never on a bound that a neighbouring day's route
 * moves, so pricing a route and recomputing it after the move give the same schedule. The one
 * definition behind a long route's cached totals, the reinsertion and local-search moves that
 * price a long route exactly, the rest after it and the exported start times.
 */
import type { EngineInstance, EngineSoftTerms } from './instance.js';
import { ScheduleWalk } from './schedule.js';
import { Segment } from './segment.js';
import { latenessOf } from './soft.js';

/** Per route, where its break may go; what {@link BreakPlan} needs of the break rule. */
export interface BreakPlacement {
  /** Work above which a route must hold a break. */
  readonly work: number;
  /** Length of the break. */
  readonly idle: number;
  /** Per route, the earliest start and latest end of its break. */
  readonly windowFrom: Float64Array;
  readonly windowTo: Float64Array;
}

/**
 * Work within this share of the threshold does not owe a break: above the work limits' own
 * tolerance (at most 1e-7, `problem.ts`), so a route a limit lets through is never a long one,
 * and far below a second of work.
 */
const BREAK_WORK_TOLERANCE = 1e-9;

/**
 * Share of the route's latest return by which a time may pass a bound and still meet it:
 * rounding noise of sums of travel and service times, far below a second.
 */
const TIME_TOLERANCE = 1e-9;

/**
 * Whether a route with `work` owes a break under `rule`.
 *
 * @example
 * ```ts
 * owesBreak({ work: 360 }, 361); // true: more than six hours of work
 * ```
 */
export function owesBreak(rule: { readonly work: number }, work: number): boolean {
  return work > rule.work + BREAK_WORK_TOLERANCE * (1 + rule.work);
}

/**
 * Work of route `r` over `tasks`: travel from its start, between the stops and back, plus
 * service, summed in the order the route caches sum it, so both agree on whether it owes a break.
 *
 * @example
 * ```ts
 * if (owesBreak(rule, routeWork(inst, r, tasks))) console.log('route r owes a break');
 * ```
 */
export function routeWork(inst: EngineInstance, r: number, tasks: ArrayLike<number>): number {
  const time = inst.travelTime[inst.routeProfile[r]!]!;
  let at = inst.routeStartLocation[r]!;
  let work = 0;
  for (let k = 0; k < tasks.length; k++) {
    const t = tasks[k]!;
    work = work + time.at(at, inst.taskLocation[t]!) + inst.taskService[t]!;
    at = inst.taskLocation[t]!;
  }
  return work + time.at(at, inst.routeEndLocation[r]!);
}

/**
 * The break rule as the search places it, when the instance gives it per route (else null), and
 * whether route `r` is one whose break the search places.
 *
 * @example
 * ```ts
 * const rule = placedBreaks(inst, r); // null: route r keeps the cap of the break threshold
 * ```
 */
export function placedBreaks(inst: EngineInstance, r: number): BreakPlacement | null {
  const rule = inst.breakRule ?? null;
  if (
    rule === null ||
    rule.windowFrom === undefined ||
    rule.windowTo === undefined ||
    rule.routeLimit === undefined ||
    rule.routeLimit[r]! < 0
  ) {
    return null;
  }
  return { work: rule.work, idle: rule.idle, windowFrom: rule.windowFrom, windowTo: rule.windowTo };
}

const seg = new Segment();
const walk = new ScheduleWalk();

/** A reusable planner (scratch arrays grown as needed, so the hot paths allocate little). */
export class BreakPlan {
  /** Whether the route meets every window with its break placed. */
  feasible = false;
  /** Soft cost of the schedule with the break (0 without soft terms). */
  cost = 0;
  /** Return to the route's end location. */
  ret = Number.NaN;
  /** Largest lateness of its stops (0 without soft terms). */
  late = 0;
  /** Latest departure that keeps the route feasible with a break (set when asked for). */
  dep = Number.NaN;
  /** Start of the break; it lasts the rule's `idle`. */
  breakStart = Number.NaN;
  /** Start of each stop, `starts[0 .. n)`. */
  starts = new Float64Array(16);
  /** Suffix segments from node j (task j - 1; node n + 1 is the end) with the own latest return. */
  private sD = new Float64Array(16);
  private sTW = new Float64Array(16);
  private sE = new Float64Array(16);
  private sL = new Float64Array(16);
  /** Whether the arc after node j can hold the break at the given departure. */
  private usable = new Uint8Array(16);

  /**
   * Plans route `r` over `tasks[0 .. n)`, leaving no earlier than `es` and back by `le`; with
   * `withDep`, also its latest departure. Returns {@link feasible}.
   *
   * @example
   * ```ts
   * const plan = new BreakPlan();
   * if (plan.run(inst, inst.soft ?? null, rule, r, tasks, tasks.length, 480, 1020, effE, effL, false)) {
   *   console.log(plan.breakStart, plan.cost);
   * }
   * ```
   */
  run(
    inst: EngineInstance,
    soft: EngineSoftTerms | null,
    rule: BreakPlacement,
    r: number,
    tasks: ArrayLike<number>,
    n: number,
    es: number,
    le: number,
    effE: Float64Array,
    effL: Float64Array,
    withDep: boolean,
  ): boolean {
    this.feasible = false;
    this.breakStart = Number.NaN;
    this.dep = Number.NaN;
    this.cost = 0;
    this.ret = Number.NaN;
    this.late = 0;
    if (n < 2) return false;
    this.fit(n + 2);
    const time = inst.travelTime[inst.routeProfile[r]!]!;
    const startLoc = inst.routeStartLocation[r]!;
    const endLoc = inst.routeEndLocation[r]!;
    const own = inst.routeLatestEnd[r]!;
    const from = rule.windowFrom[r]!;
    const to = rule.windowTo[r]!;
    const idle = rule.idle;
    const { sD, sTW, sE, sL, usable } = this;
    const tol = TIME_TOLERANCE * (1 + (Number.isFinite(own) ? Math.abs(own) : 0));

    // Suffixes, against the route's own latest return only (see the file's comment).
    sD[n + 1] = 0;
    sTW[n + 1] = 0;
    sE[n + 1] = es;
    sL[n + 1] = own;
    for (let j = n; j >= 1; j--) {
      const t = tasks[j - 1]!;
      const next = j === n ? endLoc : inst.taskLocation[tasks[j]!]!;
      const travel = time.at(inst.taskLocation[t]!, next);
      seg
        .set(inst.taskService[t]!, 0, effE[t]!, effL[t]!)
        .append(travel, sD[j + 1]!, sTW[j + 1]!, sE[j + 1]!, sL[j + 1]!);
      sD[j] = seg.d;
      sTW[j] = seg.tw;
      sE[j] = seg.e;
      sL[j] = seg.l;
    }

    // The no-break earliest schedule up to each arc, and the arc that returns earliest.
    let best = -1;
    let bestRet = Number.POSITIVE_INFINITY;
    let bestBreak = Number.NaN;
    let clock = es;
    let at = startLoc;
    usable.fill(0, 0, n + 1);
    for (let k = 1; k <= n - 1; k++) {
      const t = tasks[k - 1]!;
      const here = inst.taskLocation[t]!;
      const arrival = clock + time.at(at, here);
      const start = arrival > effE[t]! ? arrival : effE[t]!;
      if (start > effL[t]! + tol) break;
      clock = start + inst.taskService[t]!;
      at = here;
      if (sTW[k + 1]! > tol) continue;
      const u = tasks[k]!;
      const reach = clock + time.at(here, inst.taskLocation[u]!);
      const rest = reach > from ? reach : from;
      if (rest + idle > to + tol) continue;
      const next = rest + idle > effE[u]! ? rest + idle : effE[u]!;
      if (next > sL[k + 1]! + tol) continue;
      usable[k] = 1;
      const back = (next > sE[k + 1]! ? next : sE[k + 1]!) + sD[k + 1]!;
      if (back < bestRet) {
        bestRet = back;
        best = k;
        bestBreak = rest;
      }
    }
    if (best < 0) return false;

    // The schedule with the break, priced stop by stop as the earliest schedule is.
    walk.onRoute(inst, soft, time, inst.routeWorker[r]!).from(startLoc, es, true, 0);
    let late = 0;
    let ok = true;
    for (let k = 0; k < n; k++) {
      const t = tasks[k]!;
      const opens = k === best && bestBreak + idle > effE[t]! ? bestBreak + idle : effE[t]!;
      const start = walk.visit(t, opens);
      this.starts[k] = start;
      if (start > effL[t]! + tol) ok = false;
      if (soft !== null) {
        const l = latenessOf(soft, t, start);
        if (l > late) late = l;
      }
    }
    const ret = walk.clock + time.at(walk.at, endLoc);
    if (ret > le + tol) ok = false;
    this.cost = walk.cost;
    this.ret = ret;
    this.late = late;
    this.breakStart = bestBreak;
    this.feasible = ok;
    if (ok && withDep) this.dep = this.latestDeparture(inst, rule, r, tasks, n, le, effL);
    return ok;
  }

  /**
   * Latest departure with which some arc usable now still holds the break and the route still
   * returns by `le`: with any departure up to it the planner finds a feasible arc again, so the
   * rest before it may end that late.
   */
  private latestDeparture(
    inst: EngineInstance,
    rule: BreakPlacement,
    r: number,
    tasks: ArrayLike<number>,
    n: number,
    le: number,
    effL: Float64Array,
  ): number {
    const time = inst.travelTime[inst.routeProfile[r]!]!;
    const locOf = (j: number): number =>
      j === 0
        ? inst.routeStartLocation[r]!
        : j === n + 1
          ? inst.routeEndLocation[r]!
          : inst.taskLocation[tasks[j - 1]!]!;
    // Latest start of node j with the stops after it done without a break, back by `le`.
    const latest = this.sL;
    latest[n + 1] = le;
    for (let j = n; j >= 1; j--) {
      const t = tasks[j - 1]!;
      const bound = latest[j + 1]! - time.at(locOf(j), locOf(j + 1)) - inst.taskService[t]!;
      latest[j] = effL[t]! < bound ? effL[t]! : bound;
    }
    let dep = Number.NEGATIVE_INFINITY;
    for (let k = 1; k <= n - 1; k++) {
      if (this.usable[k] !== 1) continue;
      const stop = rule.windowTo[r]! < latest[k + 1]! ? rule.windowTo[r]! : latest[k + 1]!;
      const rest = stop - rule.idle;
      if (rest < rule.windowFrom[r]!) continue;
      let lat = rest - time.at(locOf(k), locOf(k + 1));
      for (let j = k; j >= 1; j--) {
        const t = tasks[j - 1]!;
        const bound = lat - inst.taskService[t]!;
        const start = effL[t]! < bound ? effL[t]! : bound;
        lat = start - time.at(locOf(j - 1), locOf(j));
      }
      if (lat > dep) dep = lat;
    }
    return dep;
  }

  private fit(size: number): void {
    if (this.sD.length >= size) return;
    const m = Math.max(size, this.sD.length * 2);
    this.starts = new Float64Array(m);
    this.sD = new Float64Array(m);
    this.sTW = new Float64Array(m);
    this.sE = new Float64Array(m);
    this.sL = new Float64Array(m);
    this.usable = new Uint8Array(m);
  }
}
