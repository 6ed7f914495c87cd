/**
 * Rules across a worker's days ({@link EngineInstance.routeDay}): the least rest between the
 * return from a route and the departure on a route of a later day, and the most days in a row
 * with work. Derived once per instance: which route pairs the rest can couple at all, and each
 * route's place among its worker's days.
 *
 * The search enforces the rest through bounds on each route's departure and return (see
 * `Solution`): a route may leave no earlier than the earliest return of its worker's coupled
 * earlier routes plus the rest, and must be back by the latest departure of the coupled later
 * routes minus the rest. Both bounds are exact (a pair of routes can keep the rest exactly when
 * the earlier's earliest return plus the rest is at most the later's latest departure) and
 * depend on one direction each, so a change propagates forwards through the earliest bounds and
 * backwards through the latest, never in a circle.
 */
import { BreakPlan, owesBreak, placedBreaks, routeWork } from './break-plan.js';
import type { EngineInstance } from './instance.js';
import { ScheduleWalk } from './schedule.js';

/**
 * The across-days structure of an instance; `active` false when it has no such rule.
 *
 * @example
 * ```ts
 * const days = new DayRules(inst);
 * for (let i = days.laterStart[r]!; i < days.laterStart[r + 1]!; i++) console.log(days.later[i]);
 * ```
 */
export class DayRules {
  /** Whether the instance has a rest or a days-in-a-row rule. */
  readonly active: boolean;
  /** Least rest between a worker's routes on different days (0: none). */
  readonly rest: number;
  /** Most days in a row with work (Infinity: no limit). */
  readonly maxRun: number;
  /** Day of each route, from 0 (the instance's first day). */
  readonly day: Int32Array;
  /** Number of days from the first route's to the last's, inclusive. */
  readonly nDays: number;
  /**
   * CSR per route: the same worker's routes on later days whose window leaves less than the rest
   * after this route's (the pairs the rest can bind), and likewise on earlier days.
   */
  readonly laterStart: Int32Array;
  readonly later: Int32Array;
  readonly earlierStart: Int32Array;
  readonly earlier: Int32Array;
  /** Routes in order of day (then index): an order in which earlier bounds are settled first. */
  readonly byDay: Int32Array;
  /**
   * CSR per route: every route of its worker, itself included (when a rule is active): what a
   * change of the route can make feasible or infeasible, or dearer, through these rules.
   */
  readonly kinStart: Int32Array;
  readonly kin: Int32Array;

  constructor(inst: EngineInstance) {
    const m = inst.nRoutes;
    const days = inst.routeDay ?? null;
    this.rest = days === null ? 0 : Math.max(0, inst.minRest ?? 0);
    this.maxRun = days === null ? Infinity : (inst.maxDaysInRow ?? Infinity);
    this.active = days !== null && (this.rest > 0 || Number.isFinite(this.maxRun));
    let base = 0;
    let top = 0;
    if (days !== null && m > 0) {
      base = Math.min(...days);
      top = Math.max(...days);
    }
    this.day = Int32Array.from({ length: m }, (_, r) => (days === null ? 0 : days[r]! - base));
    this.nDays = top - base + 1;
    const byWorker = new Map<number, number[]>();
    if (this.active) {
      for (let r = 0; r < m; r++) {
        const w = inst.routeWorker[r]!;
        const list = byWorker.get(w);
        if (list) list.push(r);
        else byWorker.set(w, [r]);
      }
    }
    const later: number[][] = Array.from({ length: m }, () => []);
    const earlier: number[][] = Array.from({ length: m }, () => []);
    if (this.rest > 0) {
      for (const routes of byWorker.values()) {
        for (const a of routes) {
          for (const b of routes) {
            if (this.day[b]! <= this.day[a]!) continue;
            // A pair whose windows already leave the rest can never break it.
            if (inst.routeEarliestStart[b]! - inst.routeLatestEnd[a]! >= this.rest) continue;
            later[a]!.push(b);
            earlier[b]!.push(a);
          }
        }
      }
    }
    [this.laterStart, this.later] = csr(later);
    [this.earlierStart, this.earlier] = csr(earlier);
    [this.kinStart, this.kin] = csr(
      Array.from({ length: m }, (_, r) => byWorker.get(inst.routeWorker[r]!) ?? []),
    );
    this.byDay = Int32Array.from({ length: m }, (_, r) => r).sort(
      (a, b) => this.day[a]! - this.day[b]! || a - b,
    );
  }

  /** Whether routes `a` and `b` belong to one worker on different days (moves between them are off). */
  acrossDays(inst: EngineInstance, a: number, b: number): boolean {
    return (
      this.active && inst.routeWorker[a] === inst.routeWorker[b] && this.day[a] !== this.day[b]
    );
  }
}

function csr(lists: readonly number[][]): [Int32Array, Int32Array] {
  const start = new Int32Array(lists.length + 1);
  lists.forEach((list, i) => {
    start[i + 1] = start[i]! + list.length;
  });
  return [start, Int32Array.from(lists.flat())];
}

const timeWalk = new ScheduleWalk();
const plan = new BreakPlan();

/**
 * Earliest departure of each route of a solution once the rest between days is applied, from
 * scratch: day by day, each route's own earliest departure or the latest return of its worker's
 * coupled earlier routes plus the rest, whichever is later (the bound the search keeps).
 *
 * @example
 * ```ts
 * const es = restStarts(inst, new DayRules(inst), solution.routes, inst.taskEarliest);
 * ```
 */
export function restStarts(
  inst: EngineInstance,
  days: DayRules,
  routes: readonly (readonly number[])[],
  effE: Float64Array,
  effL: Float64Array = inst.taskLatest,
): Float64Array {
  const es = Float64Array.from(inst.routeEarliestStart);
  if (days.rest === 0) return es;
  const ret = new Float64Array(inst.nRoutes).fill(Number.NaN);
  for (const r of days.byDay) {
    for (let i = days.earlierStart[r]!; i < days.earlierStart[r + 1]!; i++) {
      const back = ret[days.earlier[i]!]!;
      if (back + days.rest > es[r]!) es[r] = back + days.rest;
    }
    const tasks = routes[r]!;
    if (tasks.length === 0) continue;
    const time = inst.travelTime[inst.routeProfile[r]!]!;
    // A route with the break the search places returns when its schedule with the break does.
    const rule = placedBreaks(inst, r);
    if (rule !== null && owesBreak(rule, routeWork(inst, r, tasks))) {
      const le = inst.routeLatestEnd[r]!;
      plan.run(inst, null, rule, r, tasks, tasks.length, es[r]!, le, effE, effL, false);
      ret[r] = plan.ret;
      continue;
    }
    timeWalk.onRoute(inst, null, time, 0).from(inst.routeStartLocation[r]!, es[r]!, true, 0);
    for (const t of tasks) timeWalk.visit(t, effE[t]!);
    ret[r] = timeWalk.clock + time.at(timeWalk.at, inst.routeEndLocation[r]!);
  }
  return es;
}
