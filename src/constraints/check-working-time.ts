/**
 * The checker's working-time rules, which look across a carer's shifts and days: hours a day
 * and a week, breaks, rest between days and days in a row.
 */
import { earlier, minutesText } from './time-tolerance.js';
import type { ExpandedProblem } from '../model/expand.js';
import { expandedCarer, weekStartOf } from '../model/expand.js';
import { daysBetween } from '../model/time.js';
import type { TravelMatrix } from '../geo/travel-matrix.js';
import type { Violation } from './rules.js';
import { HARD_RULES } from './rules.js';
import type { TimedRoute } from './checker-routes.js';

export function checkWorkingTime(
  expanded: ExpandedProblem,
  travel: TravelMatrix,
  timed: readonly TimedRoute[],
  violations: Violation[],
) {
  const perDay = new Map<string, number>();
  const perWeek = new Map<string, number>();
  for (const route of timed) {
    const carer = route.carer;
    const work = routeWork(expanded, travel, route);
    // The day a shift counts towards is the local date it starts, read from its own times.
    const date = expanded.clock.dateAt(route.leave);
    const dayKey = `${carer.id}\u0000${date}`;
    const weekKey = `${carer.id}\u0000${weekStartOf(date)}`;
    perDay.set(dayKey, (perDay.get(dayKey) ?? 0) + work);
    perWeek.set(weekKey, (perWeek.get(weekKey) ?? 0) + work);
  }
  for (const [key, minutes] of perDay) {
    const [carerId, date] = key.split('\u0000') as [string, string];
    const max = expandedCarer(expanded, carerId).carer.contract.maxHoursPerDay * 60;
    if (earlier(max, minutes)) {
      violations.push({
        rule: HARD_RULES.maxHoursDay,
        carerId,
        message: `works ${minutesText(minutes)} min on ${date}; the daily maximum is ${max} min`,
      });
    }
  }
  for (const [key, minutes] of perWeek) {
    const [carerId, monday] = key.split('\u0000') as [string, string];
    const max = expandedCarer(expanded, carerId).carer.contract.maxHoursPerWeek * 60;
    if (earlier(max, minutes)) {
      violations.push({
        rule: HARD_RULES.maxHoursWeek,
        carerId,
        message: `works ${minutesText(minutes)} min in the week of ${monday}; the weekly maximum is ${max} min`,
      });
    }
  }
}

/** Working time of a route: its visits plus all its travel, waiting excluded. */
function routeWork(expanded: ExpandedProblem, travel: TravelMatrix, route: TimedRoute): number {
  const carer = route.carer;
  const { startPlace, endPlace } = expandedCarer(expanded, carer.id);
  let place = startPlace;
  let work = 0;
  for (const stop of route.stops) {
    work += travel.minutes(place, stop.visit.location, carer.transport) + stop.duration;
    place = stop.visit.location;
  }
  if (route.stops.length > 0) {
    work += travel.minutes(place, endPlace, carer.transport);
  }
  return work;
}

export function checkBreaks(
  expanded: ExpandedProblem,
  travel: TravelMatrix,
  timed: readonly TimedRoute[],
  violations: Violation[],
) {
  const rules = expanded.problem.settings.workingTime;
  for (const route of timed) {
    if (route.declaredBreak) {
      // A declared break meets the rule when it is real; one that is not is wrong whether or
      // not the shift owes a break, since the roster tells the carer to take it.
      const wrong = declaredBreakProblem(expanded, travel, route, route.declaredBreak);
      if (wrong !== undefined) {
        violations.push({
          rule: HARD_RULES.break,
          carerId: route.carer.id,
          message: `shift from ${route.route.shiftStart} declares a break from ${route.route.break?.start} to ${route.route.break?.end} that ${wrong}`,
        });
      }
      continue;
    }
    const work = routeWork(expanded, travel, route);
    if (!earlier(rules.breakAfterHours * 60, work) || rules.breakMinutes === 0) continue;
    // Idle time is whatever the shift holds beyond travel and visits between two fixed points.
    const carer = route.carer;
    const { startPlace, endPlace } = expandedCarer(expanded, carer.id);
    let place = startPlace;
    let free = route.leave;
    let longestIdle = 0;
    for (const stop of route.stops) {
      const idle = stop.start - free - travel.minutes(place, stop.visit.location, carer.transport);
      longestIdle = Math.max(longestIdle, idle);
      place = stop.visit.location;
      free = stop.end;
    }
    longestIdle = Math.max(
      longestIdle,
      route.back - free - travel.minutes(place, endPlace, carer.transport),
    );
    if (earlier(longestIdle, rules.breakMinutes)) {
      violations.push({
        rule: HARD_RULES.break,
        carerId: carer.id,
        message:
          `shift from ${route.route.shiftStart} has ${work} min of work but no ` +
          `${rules.breakMinutes}-min break (longest idle ${minutesText(longestIdle)} min)`,
      });
    }
  }
}

/**
 * What is wrong with a route's declared break, or undefined when it is a real one: at least
 * `breakMinutes` long, inside the break window counted from the opening of the availability
 * window the shift lies in, and inside one stretch between two fixed points of the shift (leaving
 * home, a visit, coming back) that still holds the travel between them beside the break.
 */
function declaredBreakProblem(
  expanded: ExpandedProblem,
  travel: TravelMatrix,
  route: TimedRoute,
  declared: { readonly start: number; readonly end: number },
): string | undefined {
  const rules = expanded.problem.settings.workingTime;
  const length = declared.end - declared.start;
  if (earlier(length, rules.breakMinutes)) {
    return `lasts ${minutesText(length)} min; a break lasts at least ${rules.breakMinutes} min`;
  }
  const { shifts, startPlace, endPlace } = expandedCarer(expanded, route.carer.id);
  // The availability check reports a shift outside every window; the window then counts from
  // when the carer leaves.
  const opening =
    shifts.find((shift) => !earlier(route.leave, shift.start) && !earlier(shift.end, route.back))
      ?.start ?? route.leave;
  const from = opening + rules.breakWindow.fromHour * 60;
  const to = opening + rules.breakWindow.toHour * 60;
  if (earlier(declared.start, from) || earlier(to, declared.end)) {
    return (
      `is not inside the break window ${expanded.clock.toIso(from)} to ` +
      `${expanded.clock.toIso(to)} (hours ${rules.breakWindow.fromHour} to ` +
      `${rules.breakWindow.toHour} of the shift)`
    );
  }
  const transport = route.carer.transport;
  let place = startPlace;
  let free = route.leave;
  let after = 'leaving home';
  for (let k = 0; k <= route.stops.length; k++) {
    const stop = route.stops[k];
    const next = stop ? stop.start : route.back;
    const nextPlace = stop ? stop.visit.location : endPlace;
    const nextName = stop ? `visit ${stop.visit.id}` : 'coming back';
    if (!earlier(declared.start, free) && !earlier(next, declared.end)) {
      const leg = travel.minutes(place, nextPlace, transport);
      const room = next - free - length;
      if (earlier(room, leg)) {
        return (
          `overlaps travel: between ${after} and ${nextName} it leaves ${minutesText(room)} min ` +
          `for ${minutesText(leg)} min of travel`
        );
      }
      // The roster says when the carer arrives: the travel is the stretch just before it.
      if (
        stop &&
        earlier(declared.start, stop.arrival) &&
        earlier(stop.arrival - leg, declared.end)
      ) {
        return (
          `overlaps the ${minutesText(leg)} min of travel to visit ${stop.visit.id}, which ` +
          `arrives at ${expanded.clock.toIso(stop.arrival)}`
        );
      }
      return undefined;
    }
    if (stop && earlier(declared.start, stop.end) && earlier(stop.start, declared.end)) {
      return `overlaps visit ${stop.visit.id}`;
    }
    if (stop) {
      place = stop.visit.location;
      free = stop.end;
      after = `visit ${stop.visit.id}`;
    }
  }
  return 'is not inside the shift';
}

export function checkRestAndConsecutiveDays(
  expanded: ExpandedProblem,
  timed: readonly TimedRoute[],
  violations: Violation[],
) {
  const rules = expanded.problem.settings.workingTime;
  const days = new Map<string, Map<string, { start: number; end: number }>>();
  for (const route of timed) {
    if (route.stops.length === 0) continue;
    const date = expanded.clock.dateAt(route.leave);
    const byDate = days.get(route.carer.id) ?? new Map<string, { start: number; end: number }>();
    const day = byDate.get(date);
    byDate.set(date, {
      start: Math.min(day?.start ?? Infinity, route.leave),
      end: Math.max(day?.end ?? -Infinity, route.back),
    });
    days.set(route.carer.id, byDate);
  }
  for (const [carerId, byDate] of days) {
    const ordered = [...byDate].sort(([a], [b]) => (a < b ? -1 : 1));
    let run = 0;
    for (let i = 0; i < ordered.length; i++) {
      const [date, day] = ordered[i] as [string, { start: number; end: number }];
      const previous = ordered[i - 1];
      if (previous) {
        const rest = day.start - previous[1].end;
        if (earlier(rest, rules.minRestHours * 60)) {
          violations.push({
            rule: HARD_RULES.restBetweenDays,
            carerId,
            message: `rests ${minutesText(rest)} min between ${previous[0]} and ${date}; at least ${rules.minRestHours * 60} min needed`,
          });
        }
        run = daysBetween(previous[0], date) === 1 ? run + 1 : 1;
      } else {
        run = 1;
      }
      if (rules.maxConsecutiveDays !== undefined && run === rules.maxConsecutiveDays + 1) {
        violations.push({
          rule: HARD_RULES.consecutiveDays,
          carerId,
          message: `works more than ${rules.maxConsecutiveDays} days in a row (to ${date})`,
        });
      }
    }
  }
}
