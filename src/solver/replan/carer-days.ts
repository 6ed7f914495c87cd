/**
 * The change cost's fourth term: each carer whose day changes. A carer-day changes when it gains
 * or loses a visit, or when one of its visits starts more than the tolerance away from before;
 * every such day is one phone call and one new day sheet, whatever else moved. It is a charge
 * per day, not a sum over visits, so the engine's per-visit terms cannot carry it; the replan
 * prices it exactly on every solution it weighs (`settle.ts`).
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
}

/** Minutes below which two starts count as the same (engine times are floating point). */
const SAME_START_EPS = 1e-6;

/**
 * The days of `open` (the previous roster's routes the replan may change) as they were, indexed
 * for {@link dayChanged}.
 *
 * @example
 * const days = carerDaysBefore(expanded, compiled, scope.open, problem.settings.change);
 * const cost = changedDays(days, compiled, solution) * days.weight;
 */
export function carerDaysBefore(
  expanded: ExpandedProblem,
  compiled: CompiledProblem,
  open: readonly RosterRoute[],
  weights: { readonly toleranceMinutes: number; readonly changedCarerDay: number },
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
  };
}

/**
 * Whether carer-day `d` differs from before, given each route's tasks and their starts (in
 * route order).
 */
export function dayChanged(
  days: CarerDays,
  compiled: CompiledProblem,
  d: number,
  route: (r: number) => { readonly tasks: readonly number[]; readonly starts: ArrayLike<number> },
): boolean {
  const was = days.before[d]!;
  let count = 0;
  for (const r of days.dayRoutes[d]!) {
    const { tasks, starts } = route(r);
    for (let i = 0; i < tasks.length; i++) {
      const previous = was.get(compiled.taskVisit[tasks[i]!]!.id);
      if (
        previous === undefined ||
        !(Math.abs(starts[i]! - previous) <= days.toleranceMinutes + SAME_START_EPS)
      ) {
        return true;
      }
      count++;
    }
  }
  return count !== was.size;
}

/** How many carer-days of `solution` differ from before. */
export function changedDays(
  days: CarerDays,
  compiled: CompiledProblem,
  solution: Pick<EngineSolution, 'routes' | 'taskStart'>,
): number {
  const route = (r: number) => {
    const tasks = solution.routes[r] ?? [];
    return { tasks, starts: tasks.map((t) => solution.taskStart[t]!) };
  };
  let changed = 0;
  for (let d = 0; d < days.nDays; d++) if (dayChanged(days, compiled, d, route)) changed++;
  return changed;
}

/** The term's cost for `solution`: the weight times the carer-days that changed. */
export function changedDaysCost(
  days: CarerDays,
  compiled: CompiledProblem,
  solution: Pick<EngineSolution, 'routes' | 'taskStart'>,
): number {
  return days.weight === 0 ? 0 : changedDays(days, compiled, solution) * days.weight;
}
