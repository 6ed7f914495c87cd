/**
 * Reading a roster as written (ISO times, visit ids) into minutes and travel, independently of
 * any solver, and the measures the soft terms compare it with: contracted minutes per week and
 * each client's allowance of distinct carers. The terms themselves are defined in
 * `soft-term-definitions.ts` and charged by `soft-term-tally.ts`.
 */
import type { ExpandedProblem, Visit } from '../model/expand.js';
import { expandedCarer, weekStartOf } from '../model/expand.js';
import type { RosterRoute, RosterStop } from '../model/roster.js';
import type { Carer } from '../model/schema.js';
import { daysBetween } from '../model/time.js';
import type { TravelMatrix } from '../geo/travel-matrix.js';
// The names and the unplaced cost live with the definitions; re-exported for existing importers.
export type { SoftTermName } from './soft-term-definitions.js';
export {
  PRIORITY_FACTOR,
  SOFT_TERMS,
  UNPLACED_MINUTE_COST,
  UNPLACED_TERM,
  unplacedCost,
} from './soft-term-definitions.js';

/** Where a stop's times and travel stand once read from the roster. */
export interface ReadStop {
  readonly visit: Visit;
  readonly start: number;
  readonly end: number;
  /** Minutes the carer stays: the visit's length, or the role's on a visit with roles. */
  readonly duration: number;
  /** Travel to this stop from the previous one (or from the start location). */
  readonly travelIn: number;
  readonly metresIn: number;
}

/** A roster route with its times read and travel recomputed. */
export interface ReadRoute {
  readonly carer: Carer;
  readonly date: string;
  readonly start: number;
  readonly end: number;
  readonly stops: readonly ReadStop[];
  readonly travelBack: number;
  readonly metresBack: number;
}

/** Reads roster routes into minutes and travel figures; routes it cannot read are skipped. */
export function readRoutes(
  expanded: ExpandedProblem,
  travel: TravelMatrix,
  routes: readonly RosterRoute[],
): ReadRoute[] {
  const { clock } = expanded;
  return routes.flatMap((route) => {
    const carer = expanded.carers.get(route.carerId);
    const start = clock.fromIso(route.shiftStart);
    const end = clock.fromIso(route.shiftEnd);
    if (!carer || start === undefined || end === undefined) return [];
    const { startPlace, endPlace: home } = expandedCarer(expanded, carer.id);
    let place = startPlace;
    const stops: ReadStop[] = [];
    for (const stop of route.stops) {
      const visit = expanded.visitsById.get(stop.visitKey);
      const begin = clock.fromIso(stop.start);
      if (!visit || begin === undefined) continue;
      const duration = stayMinutes(visit, stop, begin, expanded);
      stops.push({
        visit,
        start: begin,
        end: begin + duration,
        duration,
        travelIn: travel.minutes(place, visit.location, carer.transport),
        metresIn: travel.metres(place, visit.location, carer.transport),
      });
      place = visit.location;
    }
    const closing = stops.length > 0;
    return [
      {
        carer,
        date: clock.dateAt(start),
        start,
        end,
        stops,
        travelBack: closing ? travel.minutes(place, home, carer.transport) : 0,
        metresBack: closing ? travel.metres(place, home, carer.transport) : 0,
      },
    ];
  });
}

/**
 * How long the carer of `stop` stays: the visit's length, or on a visit with roles the length of
 * the role the stop fills (the stop's own times when it names no role).
 */
function stayMinutes(
  visit: Visit,
  stop: RosterStop,
  begin: number,
  expanded: ExpandedProblem,
): number {
  if (visit.roles === undefined) return visit.duration;
  const role = stop.role === undefined ? undefined : visit.roles[stop.role];
  if (role !== undefined) return role.duration;
  const end = expanded.clock.fromIso(stop.end);
  return end === undefined ? visit.duration : end - begin;
}

/** Working time of a route: visits plus all travel, waiting excluded. */
export function routeWorkMinutes(route: ReadRoute): number {
  return route.stops.reduce((sum, stop) => sum + stop.travelIn + stop.duration, route.travelBack);
}

/** Days of the ISO week starting `monday` that fall inside the horizon. */
function horizonDaysInWeek(expanded: ExpandedProblem, monday: string): number {
  const first = expanded.dates[0];
  const last = expanded.dates.at(-1);
  if (first === undefined || last === undefined) return 0;
  let count = 0;
  const days = daysBetween(monday, first);
  for (let offset = 0; offset < 7; offset++) {
    const dayIndex = offset - days;
    if (dayIndex >= 0 && dayIndex < expanded.dates.length) count++;
  }
  return count;
}

/**
 * Contracted minutes of `carer` for the part of each ISO week the horizon covers, keyed by the
 * week's Monday: a one-day horizon expects a seventh of the weekly contract.
 */
export function contractedMinutesByWeek(
  expanded: ExpandedProblem,
  carer: Carer,
): Map<string, number> {
  const weeks = new Map<string, number>();
  for (const [monday, days] of horizonWeeks(expanded)) {
    weeks.set(monday, (carer.contract.contractedHoursPerWeek * 60 * days) / 7);
  }
  return weeks;
}

/**
 * The ISO weeks of each horizon, by Monday, with the days of each inside it: the same for every
 * carer, so worked out once per expanded problem (the KPIs and the soft terms ask per carer).
 */
const weeksOfHorizon = new WeakMap<ExpandedProblem, ReadonlyMap<string, number>>();

function horizonWeeks(expanded: ExpandedProblem): ReadonlyMap<string, number> {
  let weeks = weeksOfHorizon.get(expanded);
  if (weeks === undefined) {
    const days = new Map<string, number>();
    for (const date of expanded.dates) days.set(weekStartOf(date), 0);
    for (const monday of days.keys()) days.set(monday, horizonDaysInWeek(expanded, monday));
    weeks = days;
    weeksOfHorizon.set(expanded, weeks);
  }
  return weeks;
}

/**
 * How many distinct carers each client may see before each further one costs: the size of their
 * chosen team, and at least the carers their largest visit needs at once.
 */
export function carerAllowances(expanded: ExpandedProblem): Map<string, number> {
  const allowance = new Map<string, number>();
  for (const client of expanded.clients.values()) {
    allowance.set(client.id, Math.max(1, client.team.length));
  }
  for (const visit of expanded.visits) {
    allowance.set(visit.clientId, Math.max(allowance.get(visit.clientId) ?? 1, visit.carersNeeded));
  }
  return allowance;
}
