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
