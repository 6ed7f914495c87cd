/**
 * The change cost's fourth term: each carer whose day changes. A carer-day changes when it gains
 * or loses a visit, or when one of its visits starts more than the tolerance away from before;
 * every such day is one phone call and one new day sheet, whatever else moved. It is a charge
 * per day, not a sum over visits, so the engine's per-visit terms cannot carry it; the replan
 * prices it exactly on every whole solution it weighs (`settle.ts`).
 */
import type { ExpandedProblem } from '../../model/expand.js';
import type { RosterRoute } from '../../model/roster.js';
import type { EngineSolution } from '../engine/instance.js';
import type { CompiledProblem } from '../compile.js';

/** What the carer-days of a scope held before, to price a solution's days against. */
export interface CarerDays {
  /** Per carer-day of the scope (`carerId\0date`), each visit it had and its start in minutes. */
  readonly before: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Carer-day of each engine route. */
  readonly routeDay: readonly string[];
  readonly toleranceMinutes: number;
  /** Cost of one changed carer-day (`settings.change.changedCarerDay`). */
  readonly weight: number;
}

const dayKey = (carerId: string, date: string) => `${carerId}\u0000${date}`;

/** Minutes below which two starts count as the same (engine times are floating point). */
const SAME_START_EPS = 1e-6;

/**
 * The days of `open` (the previous roster's routes the replan may change) as they were, for
 * {@link changedDays}.
 *
 * @example
 * const days = carerDaysBefore(expanded, compiled, scope.open, problem.settings.change);
 * const cost = changedDays(days, compiled, solution).length * days.weight;
 */
export function carerDaysBefore(
  expanded: ExpandedProblem,
  compiled: CompiledProblem,
  open: readonly RosterRoute[],
  weights: { readonly toleranceMinutes: number; readonly changedCarerDay: number },
): CarerDays {
  const before = new Map<string, Map<string, number>>();
  for (const route of open) {
    const day = dayKey(route.carerId, route.date);
    const visits = before.get(day) ?? new Map<string, number>();
    for (const stop of route.stops) {
      visits.set(stop.visitKey, expanded.clock.fromIso(stop.start) ?? Number.NaN);
    }
    before.set(day, visits);
  }
  return {
    before,
    routeDay: compiled.routeShift.map((shift) => dayKey(shift.carerId, shift.date)),
    toleranceMinutes: weights.toleranceMinutes,
    weight: weights.changedCarerDay,
  };
}

/** The carer-days (`carerId\0date`) of `solution` that differ from before, sorted. */
export function changedDays(
  days: CarerDays,
  compiled: CompiledProblem,
  solution: Pick<EngineSolution, 'routes' | 'taskStart'>,
): string[] {
  const after = new Map<string, Map<string, number>>();
  solution.routes.forEach((tasks, r) => {
    if (tasks.length === 0) return;
    const day = days.routeDay[r]!;
    const visits = after.get(day) ?? new Map<string, number>();
    for (const t of tasks) visits.set(compiled.taskVisit[t]!.id, solution.taskStart[t]!);
    after.set(day, visits);
  });
  const changed: string[] = [];
  const empty = new Map<string, number>();
  for (const day of new Set([...days.before.keys(), ...after.keys()])) {
    const was = days.before.get(day) ?? empty;
    const is = after.get(day) ?? empty;
    let same = was.size === is.size;
    for (const [visit, start] of is) {
      if (!same) break;
      const previous = was.get(visit);
      same =
        previous !== undefined &&
        Math.abs(start - previous) <= days.toleranceMinutes + SAME_START_EPS;
    }
    if (!same) changed.push(day);
  }
  return changed.sort();
}

/** The term's cost for `solution`: the weight times the carer-days that changed. */
export function changedDaysCost(
  days: CarerDays,
  compiled: CompiledProblem,
  solution: Pick<EngineSolution, 'routes' | 'taskStart'>,
): number {
  return days.weight === 0 ? 0 : changedDays(days, compiled, solution).length * days.weight;
}
