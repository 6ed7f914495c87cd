/**
 * New work fitted around the routes a roster keeps: the working minutes those routes use up per
 * carer-day and carer-week, the days each carer works, a shift's free parts and those parts
 * narrowed to the rest between days and the days-in-a-row limit, and the hard-rule faults of new
 * routes together with the kept routes they meet. The pass across neighbourhood boundaries and a
 * replan's scope both compile new routes into the time kept routes leave free.
 */
import type { ExpandedProblem, Shift } from '../model/expand.js';
import type { RosterRoute } from '../model/roster.js';
import { addDays } from '../model/time.js';
import type { TravelMatrix } from '../geo/travel-matrix.js';
import { checkRoster } from '../constraints/check-roster.js';
import { HARD_RULES } from '../constraints/rules.js';
import type { ReadRoute } from '../constraints/soft-terms.js';
import { routeWorkMinutes } from '../constraints/soft-terms.js';
import { workLimitKeys } from './compile.js';

/**
 * Working minutes of `routes` per carer-day and carer-week, keyed by {@link workLimitKeys}: what
 * a compile of other shifts of those carers must take off their limits.
 *
 * @example
 * const workUsed = workUsedBy(readRoutes(expanded, travel, keptRoutes));
 * compileProblem(expanded, travel, { visits, shifts, workUsed });
 */
export function workUsedBy(routes: readonly ReadRoute[]): Map<string, number> {
  const workUsed = new Map<string, number>();
  for (const route of routes) {
    const keys = workLimitKeys(route.carer.id, route.date);
    const work = routeWorkMinutes(route);
    workUsed.set(keys.day, (workUsed.get(keys.day) ?? 0) + work);
    workUsed.set(keys.week, (workUsed.get(keys.week) ?? 0) + work);
  }
  return workUsed;
}

/**
 * Hard-rule faults of the new routes together with the routes they meet: those of the same
 * carers and those sharing a visit with them. Coverage is left out, since the roster checked is
 * only that part (and groups are kept whole by construction).
 *
 * @example
 * const faults = faultsWith(expanded, travel, keptRoutes, newRoutes);
 * if (faults.length > 0) console.log(faults.map((fault) => fault.message));
 */
export function faultsWith(
  expanded: ExpandedProblem,
  travel: TravelMatrix,
  routes: readonly RosterRoute[],
  added: readonly RosterRoute[],
) {
  const carers = new Set(added.map((route) => route.carerId));
  const visits = new Set(
    routes
      .filter((route) => carers.has(route.carerId))
      .flatMap((route) => route.stops.map((stop) => stop.visitKey)),
  );
  const near = routes.filter(
    (route) => carers.has(route.carerId) || route.stops.some((stop) => visits.has(stop.visitKey)),
  );
  return checkRoster(
    expanded.problem,
    { routes: [...near, ...added], unplaced: [] },
    { expanded, travel },
  ).filter((violation) => violation.rule !== HARD_RULES.coverage);
}

/**
 * When a carer's existing routes start and end on each date they work, by the roster's dates.
 *
 * @example
 * const days = workedDays(expanded, readRoutes(expanded, travel, annsRoutes));
 */
export function workedDays(
  expanded: ExpandedProblem,
  routes: readonly ReadRoute[],
): Map<string, { start: number; end: number }> {
  const days = new Map<string, { start: number; end: number }>();
  for (const route of routes) {
    if (route.stops.length === 0) continue;
    const date = expanded.clock.dateAt(route.start);
    const day = days.get(date);
    days.set(date, {
      start: Math.min(day?.start ?? Infinity, route.start),
      end: Math.max(day?.end ?? -Infinity, route.end),
    });
  }
  return days;
}

/**
 * `part` narrowed so that work in it keeps the rest between days with the carer's existing
 * working days, and dropped when working that day would make a run of days too long. New routes
 * on two days the carer did not work can still clash with each other; the check after the
 * search catches those.
 *
 * @example
 * const open = withinDayRules(expanded, shift, workedDays(expanded, keptRoutes));
 */
export function withinDayRules(
  expanded: ExpandedProblem,
  part: Shift,
  days: ReadonlyMap<string, { start: number; end: number }>,
): Shift[] {
  const { minRestHours, maxConsecutiveDays } = expanded.problem.settings.workingTime;
  const rest = minRestHours * 60;
  const date = expanded.clock.dateAt(part.start);
  let start = part.start;
  let end = part.end;
  let previous: string | undefined;
  let next: string | undefined;
  for (const worked of days.keys()) {
    if (worked < date && (previous === undefined || worked > previous)) previous = worked;
    if (worked > date && (next === undefined || worked < next)) next = worked;
  }
  if (previous !== undefined) start = Math.max(start, (days.get(previous)?.end ?? 0) + rest);
  if (next !== undefined) end = Math.min(end, (days.get(next)?.start ?? 0) - rest);
  if (end <= start) return [];
  if (maxConsecutiveDays !== undefined && !days.has(date)) {
    let run = 1;
    for (let d = addDays(date, -1); days.has(d); d = addDays(d, -1)) run++;
    for (let d = addDays(date, 1); days.has(d); d = addDays(d, 1)) run++;
    if (run > maxConsecutiveDays) return [];
  }
  return [{ ...part, start, end }];
}

/**
 * Parts of `shift` not covered by the `busy` routes (from leaving home to getting back).
 *
 * @example
 * const open = freeParts(shift, readRoutes(expanded, travel, annsRoutes));
 */
export function freeParts(shift: Shift, busy: readonly { start: number; end: number }[]): Shift[] {
  let parts = [{ start: shift.start, end: shift.end }];
  for (const block of busy) {
    parts = parts.flatMap((part) => {
      if (block.end <= part.start || block.start >= part.end) return [part];
      return [
        ...(block.start > part.start ? [{ start: part.start, end: block.start }] : []),
        ...(block.end < part.end ? [{ start: block.end, end: part.end }] : []),
      ];
    });
  }
  return parts.filter((part) => part.end > part.start).map((part) => ({ ...shift, ...part }));
}
