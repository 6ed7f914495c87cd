/**
 * The soft terms and the unplaced-visit cost, computed from a roster as written (ISO times,
 * visit ids), independently of any solver. This is what `explainRoster` reports and what the
 * optimiser's own score must equal.
 */
import type { ExpandedProblem, Visit } from '../model/expand.js';
import { weekStartOf } from '../model/expand.js';
import type { RosterRoute, UnplacedVisit } from '../model/roster.js';
import type { Carer } from '../model/schema.js';
import { daysBetween } from '../model/time.js';
import type { TravelMatrix } from '../geo/travel-matrix.js';
import type { SoftTermName } from './soft-term-definitions.js';
import {
  ASSIGNMENT_TERMS,
  SOFT_TERM_DEFINITIONS,
  UNPLACED_TERM,
  contractHoursTerm,
  extraCarersTerm,
  latenessTerm,
  preferredHoursTerm,
  timeOfDayTerm,
  travelPreferenceTerm,
  travelTerm,
  unpaidGapsTerm,
  unplacedCost,
} from './soft-term-definitions.js';

// The names and the unplaced cost live with the definitions; re-exported for existing importers.
export type { SoftTermName } from './soft-term-definitions.js';
export {
  PRIORITY_FACTOR,
  SOFT_TERMS,
  UNPLACED_MINUTE_COST,
  UNPLACED_TERM,
  unplacedCost,
} from './soft-term-definitions.js';

/** Cost attributed to one soft term, split by carer and by client where it belongs to one. */
export interface TermCost {
  total: number;
  readonly byCarer: Map<string, number>;
  readonly byClient: Map<string, number>;
}

/** Where a stop's times and travel stand once read from the roster. */
export interface ReadStop {
  readonly visit: Visit;
  readonly start: number;
  readonly end: number;
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
    let place = expanded.carerStart.get(carer.id) as number;
    const stops: ReadStop[] = [];
    for (const stop of route.stops) {
      const visit = expanded.visitsById.get(stop.visitKey);
      const begin = clock.fromIso(stop.start);
      if (!visit || begin === undefined) continue;
      stops.push({
        visit,
        start: begin,
        end: begin + visit.duration,
        travelIn: travel.minutes(place, visit.location, carer.transport),
        metresIn: travel.metres(place, visit.location, carer.transport),
      });
      place = visit.location;
    }
    const home = expanded.carerEnd.get(carer.id) as number;
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

/** Working time of a route: visits plus all travel, waiting excluded. */
export function routeWorkMinutes(route: ReadRoute): number {
  return route.stops.reduce(
    (sum, stop) => sum + stop.travelIn + stop.visit.duration,
    route.travelBack,
  );
}

function newTerm(): TermCost {
  return { total: 0, byCarer: new Map(), byClient: new Map() };
}

function charge(term: TermCost, cost: number, carerId?: string, clientId?: string): void {
  if (cost === 0) return;
  term.total += cost;
  if (carerId !== undefined) term.byCarer.set(carerId, (term.byCarer.get(carerId) ?? 0) + cost);
  if (clientId !== undefined)
    term.byClient.set(clientId, (term.byClient.get(clientId) ?? 0) + cost);
}

/** Days of the ISO week starting `monday` that fall inside the horizon. */
function horizonDaysInWeek(expanded: ExpandedProblem, monday: string): number {
  const first = expanded.dates[0];
  const last = expanded.dates.at(-1);
  if (first === undefined || last === undefined) return 0;
  let count = 0;
  for (let offset = 0; offset < 7; offset++) {
    const days = daysBetween(monday, first);
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
  for (const date of expanded.dates) weeks.set(weekStartOf(date), 0);
  for (const monday of weeks.keys()) {
    weeks.set(
      monday,
      (carer.contract.contractedHoursPerWeek * 60 * horizonDaysInWeek(expanded, monday)) / 7,
    );
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

/** Every soft term's cost, plus the unplaced cost, for a roster. */
export function softTermCosts(
  expanded: ExpandedProblem,
  routes: readonly ReadRoute[],
  unplaced: readonly UnplacedVisit[],
): Map<SoftTermName | typeof UNPLACED_TERM, TermCost> {
  const { problem } = expanded;
  const w = problem.settings.weights;
  const terms = new Map<SoftTermName | typeof UNPLACED_TERM, TermCost>();
  const term = (name: SoftTermName | typeof UNPLACED_TERM) => {
    let found = terms.get(name);
    if (!found) {
      found = newTerm();
      terms.set(name, found);
    }
    return found;
  };
  for (const definition of SOFT_TERM_DEFINITIONS) term(definition.name);
  term(UNPLACED_TERM);

  const carersOfClient = new Map<string, Set<string>>();
  const carersOfPattern = new Map<
    string,
    { clientId: string; needed: number; carers: Set<string> }
  >();
  const workByCarerWeek = new Map<string, number>();
  const travelByCarerDay = new Map<string, number>();

  for (const route of routes) {
    const carer = route.carer;
    const routeTravel = route.stops.reduce((sum, stop) => sum + stop.travelIn, route.travelBack);
    charge(term(travelTerm.name), travelTerm.cost(w, routeTravel), carer.id);
    const dayKey = `${carer.id}\u0000${route.date}`;
    travelByCarerDay.set(dayKey, (travelByCarerDay.get(dayKey) ?? 0) + routeTravel);
    const weekKey = `${carer.id}\u0000${weekStartOf(route.date)}`;
    workByCarerWeek.set(weekKey, (workByCarerWeek.get(weekKey) ?? 0) + routeWorkMinutes(route));

    const preferred = preferredHoursTerm.windows(expanded, carer);
    route.stops.forEach((stop, index) => {
      const { visit } = stop;
      const client = expanded.clients.get(visit.clientId);
      const late = latenessTerm.cost(w, visit, stop.start);
      charge(term(latenessTerm.name), late, carer.id, visit.clientId);

      const seen = carersOfClient.get(visit.clientId) ?? new Set<string>();
      seen.add(carer.id);
      carersOfClient.set(visit.clientId, seen);
      const pattern = carersOfPattern.get(visit.patternKey) ?? {
        clientId: visit.clientId,
        needed: visit.carersNeeded,
        carers: new Set<string>(),
      };
      pattern.carers.add(carer.id);
      carersOfPattern.set(visit.patternKey, pattern);

      if (client) {
        for (const definition of ASSIGNMENT_TERMS) {
          const cost = definition.cost(w, client, carer);
          charge(term(definition.name), cost, carer.id, visit.clientId);
        }
      }
      const outside = preferredHoursTerm.cost(w, preferred, stop.start, visit.duration);
      charge(term(preferredHoursTerm.name), outside, carer.id, visit.clientId);
      const previous = route.stops[index - 1];
      if (previous) {
        const idle = stop.start - previous.end - stop.travelIn;
        const unpaid = unpaidGapsTerm.cost(w, idle, problem.settings.unpaidGapThresholdMinutes);
        charge(term(unpaidGapsTerm.name), unpaid, carer.id);
      }
    });
  }

  const allowances = carerAllowances(expanded);
  for (const [clientId, carers] of carersOfClient) {
    const allowance = allowances.get(clientId) ?? 1;
    const cost = extraCarersTerm.cost(w, carers.size, allowance);
    charge(term(extraCarersTerm.name), cost, undefined, clientId);
  }
  for (const pattern of carersOfPattern.values()) {
    const cost = timeOfDayTerm.cost(w, pattern.carers.size, pattern.needed);
    charge(term(timeOfDayTerm.name), cost, undefined, pattern.clientId);
  }
  for (const [key, minutes] of travelByCarerDay) {
    const carer = expanded.carers.get(key.split('\u0000')[0] as string) as Carer;
    const limit = carer.preferences.maxTravelMinutesPerDay;
    if (limit !== undefined) {
      const cost = travelPreferenceTerm.cost(w, minutes, limit);
      charge(term(travelPreferenceTerm.name), cost, carer.id);
    }
  }
  for (const carer of problem.carers) {
    for (const [monday, contracted] of contractedMinutesByWeek(expanded, carer)) {
      const worked = workByCarerWeek.get(`${carer.id}\u0000${monday}`) ?? 0;
      const cost = contractHoursTerm.cost(w, contracted, worked);
      charge(term(contractHoursTerm.name), cost, carer.id);
    }
  }
  for (const entry of unplaced) {
    const visit = expanded.visitsById.get(entry.visitKey);
    if (visit) charge(term(UNPLACED_TERM), unplacedCost(visit), undefined, visit.clientId);
  }
  return terms;
}
