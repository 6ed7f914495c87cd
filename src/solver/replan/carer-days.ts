/**
 * The change cost's terms that are not sums over the engine's per-task costs: each carer whose
 * day changes, and each visit that keeps its carer but is told a new time. A carer-day changes
 * when it gains or loses a visit, or when one of its visits starts more than the tolerance away
 * from before; every such day is one phone call and one new day sheet, whatever else moved. A
 * visit told a new time is one call to its client however few minutes past the tolerance it
 * moved, a step the engine's per-minute lateness cannot carry. The replan prices both exactly on
 * every solution it weighs (`settle.ts`).
 */
import type { ExpandedProblem } from '../../model/expand.js';
import type { RosterRoute } from '../../model/roster.js';
import type { EngineSolution } from '../engine/instance.js';
import type { CompiledProblem } from '../compile.js';

/** What the carer-days of a scope held before, to price a solution's days against. */
export interface CarerDays {
  /** Number of carer-days: those of the scope's routes before and of the compiled shifts. */
  readonly nDays: number;
  /** Per carer-day, each visit it had and its start in minutes. */
  readonly before: readonly ReadonlyMap<string, number>[];
  /** Carer-day of each engine route. */
  readonly routeDay: Int32Array;
  /** Engine routes of each carer-day. */
  readonly dayRoutes: readonly (readonly number[])[];
  readonly toleranceMinutes: number;
  /** Cost of one changed carer-day (`settings.change.changedCarerDay`). */
  readonly weight: number;
  /** Cost of one visit on its carer started beyond the tolerance (`settings.change.retimedVisit`). */
  readonly retimeWeight: number;
}

/** Minutes below which two starts count as the same (engine times are floating point). */
const SAME_START_EPS = 1e-6;

/**
 * The days of `open` (the previous roster's routes the replan may change) as they were, indexed
 * for {@link dayChanged}.
 *
 * @example
 * const days = carerDaysBefore(expanded, compiled, scope.open, problem.settings.change);
 * const cost = changedDaysCost(days, compiled, solution);
 */
export function carerDaysBefore(
  expanded: ExpandedProblem,
  compiled: CompiledProblem,
  open: readonly RosterRoute[],
  weights: {
    readonly toleranceMinutes: number;
    readonly changedCarerDay: number;
    readonly retimedVisit: number;
  },
): CarerDays {
  const index = new Map<string, number>();
  const before: Map<string, number>[] = [];
  const dayOf = (carerId: string, date: string) => {
    const key = `${carerId}\u0000${date}`;
    let d = index.get(key);
    if (d === undefined) {
      d = before.length;
      index.set(key, d);
      before.push(new Map());
    }
    return d;
  };
  for (const route of open) {
    const visits = before[dayOf(route.carerId, route.date)]!;
    for (const stop of route.stops) {
      visits.set(stop.visitKey, expanded.clock.fromIso(stop.start) ?? Number.NaN);
    }
  }
  const routeDay = Int32Array.from(compiled.routeShift, (shift) =>
    dayOf(shift.carerId, shift.date),
  );
  const dayRoutes: number[][] = before.map(() => []);
  routeDay.forEach((d, r) => dayRoutes[d]!.push(r));
  return {
    nDays: before.length,
    before,
    routeDay,
    dayRoutes,
    toleranceMinutes: weights.toleranceMinutes,
    weight: weights.changedCarerDay,
    retimeWeight: weights.retimedVisit,
  };
}

/** What one carer-day holds against before. */
export interface DayChange {
  /** Whether the day gained or lost a visit or had one start beyond the tolerance. */
  readonly changed: boolean;
  /** Visits the day had before that start beyond the tolerance from their old time. */
  readonly retimed: number;
}

/**
 * How carer-day `d` differs from before, given each route's tasks and their starts (in route
 * order).
 */
export function dayChange(
  days: CarerDays,
  compiled: CompiledProblem,
  d: number,
  route: (r: number) => { readonly tasks: readonly number[]; readonly starts: ArrayLike<number> },
): DayChange {
  const was = days.before[d]!;
  let count = 0;
  let changed = false;
  let retimed = 0;
  for (const r of days.dayRoutes[d]!) {
    const { tasks, starts } = route(r);
    for (let i = 0; i < tasks.length; i++) {
      const previous = was.get(compiled.taskVisit[tasks[i]!]!.id);
      if (previous === undefined) {
        changed = true;
        continue;
      }
      count++;
      if (!(Math.abs(starts[i]! - previous) <= days.toleranceMinutes + SAME_START_EPS)) {
        changed = true;
        retimed++;
      }
    }
  }
  return { changed: changed || count !== was.size, retimed };
}

/** The cost of one carer-day as {@link dayChange} finds it. */
export function dayCost(days: CarerDays, change: DayChange): number {
  return (change.changed ? days.weight : 0) + change.retimed * days.retimeWeight;
}

/** Whether carer-day `d` differs from before (see {@link dayChange}). */
export function dayChanged(
  days: CarerDays,
  compiled: CompiledProblem,
  d: number,
  route: (r: number) => { readonly tasks: readonly number[]; readonly starts: ArrayLike<number> },
): boolean {
  return dayChange(days, compiled, d, route).changed;
}

const solutionRoute =
  (solution: Pick<EngineSolution, 'routes' | 'taskStart'>) =>
  (r: number): { tasks: readonly number[]; starts: number[] } => {
    const tasks = solution.routes[r] ?? [];
    return { tasks, starts: tasks.map((t) => solution.taskStart[t]!) };
  };

/** How many carer-days of `solution` differ from before. */
export function changedDays(
  days: CarerDays,
  compiled: CompiledProblem,
  solution: Pick<EngineSolution, 'routes' | 'taskStart'>,
): number {
  const route = solutionRoute(solution);
  let changed = 0;
  for (let d = 0; d < days.nDays; d++) if (dayChanged(days, compiled, d, route)) changed++;
  return changed;
}

/**
 * The two terms' cost for `solution`: the day weight times the carer-days that changed, and the
 * retime weight times the visits that kept their carer-day but start beyond the tolerance.
 */
export function changedDaysCost(
  days: CarerDays,
  compiled: CompiledProblem,
  solution: Pick<EngineSolution, 'routes' | 'taskStart'>,
): number {
  if (days.weight === 0 && days.retimeWeight === 0) return 0;
  const route = solutionRoute(solution);
  let cost = 0;
  for (let d = 0; d < days.nDays; d++) cost += dayCost(days, dayChange(days, compiled, d, route));
  return cost;
}
