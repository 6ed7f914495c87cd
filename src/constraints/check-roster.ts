/**
 * The independent roster checker: the source of truth for hard rules.
 *
 * Written to be slow and obviously right, from the problem's own definitions, sharing no code
 * with any solver. It re-derives every time from the roster's ISO strings and every travel time
 * from the travel matrix, so it also catches a roster edited by hand or made by other software.
 */
import type { ExpandedProblem, Visit } from '../model/expand.js';
import { expandProblem, expandedCarer, weekStartOf } from '../model/expand.js';
import { daysBetween } from '../model/time.js';
import type { Roster, RosterRoute, VisitIdentity } from '../model/roster.js';
import type { Carer, Problem } from '../model/schema.js';
import type { TravelMatrix } from '../geo/travel-matrix.js';
import { straightLineTravelMatrix } from '../geo/straight-line.js';
import type { Violation } from './rules.js';
import { HARD_RULES } from './rules.js';

/** Options of {@link checkRoster}. */
export interface CheckOptions {
  /** Travel matrix over the problem's locations; the straight-line estimate when omitted. */
  readonly travel?: TravelMatrix;
  /** An expansion of the problem made earlier, to save repeating it. */
  readonly expanded?: ExpandedProblem;
}

interface TimedStop {
  readonly visit: Visit;
  readonly arrival: number;
  readonly start: number;
  readonly end: number;
}

interface TimedRoute {
  readonly route: RosterRoute;
  readonly carer: Carer;
  readonly leave: number;
  readonly back: number;
  readonly stops: readonly TimedStop[];
}

/**
 * Returns every hard-rule violation in `roster` for `problem` (an empty array when it is
 * feasible). Never throws on a malformed roster: what it cannot read is itself a violation.
 */
export function checkRoster(
  problem: Problem,
  roster: Pick<Roster, 'routes' | 'unplaced'>,
  options: CheckOptions = {},
): Violation[] {
  const expanded = options.expanded ?? expandProblem(problem);
  const travel =
    options.travel ?? straightLineTravelMatrix(expanded.locations, problem.settings.travel);
  const violations: Violation[] = [];
  const timed = readRoutes(expanded, roster, violations);
  checkCoverage(expanded, roster, violations);
  for (const route of timed) {
    checkRouteSequence(expanded, travel, route, violations);
    checkRouteAvailability(expanded, route, violations);
    for (const stop of route.stops) checkStopRules(expanded, route.carer, stop, violations);
  }
  checkCarerOverlaps(timed, violations);
  checkDoubleUps(timed, violations);
  checkLinks(expanded, timed, violations);
  checkWorkingTime(expanded, travel, timed, violations);
  checkBreaks(expanded, travel, timed, violations);
  checkRestAndConsecutiveDays(expanded, timed, violations);
  return violations;
}

function readRoutes(
  expanded: ExpandedProblem,
  roster: Pick<Roster, 'routes'>,
  violations: Violation[],
) {
  const timed: TimedRoute[] = [];
  const { clock } = expanded;
  const readTime = (iso: string, what: string, carerId: string, visitKey?: string) => {
    const minutes = clock.fromIso(iso);
    if (minutes === undefined) {
      violations.push({
        rule: HARD_RULES.reference,
        carerId,
        visitKey,
        message: `${what} "${iso}" is not an ISO 8601 date-time with an offset`,
      });
    }
    return minutes;
  };
  for (const route of roster.routes) {
    const carer = expanded.carers.get(route.carerId);
    if (!carer) {
      violations.push({
        rule: HARD_RULES.reference,
        carerId: route.carerId,
        message: `route of unknown carer "${route.carerId}"`,
      });
      continue;
    }
    const leave = readTime(route.shiftStart, 'shiftStart', carer.id);
    const back = readTime(route.shiftEnd, 'shiftEnd', carer.id);
    const stops: TimedStop[] = [];
    let readable = leave !== undefined && back !== undefined;
    for (const stop of route.stops) {
      const visit = expanded.visitsById.get(stop.visitKey);
      if (!visit) {
        violations.push({
          rule: HARD_RULES.reference,
          carerId: carer.id,
          visitKey: stop.visitKey,
          message: `stop for unknown visit "${stop.visitKey}"`,
        });
        readable = false;
        continue;
      }
      const mismatch = identityMismatch(stop, visit);
      if (mismatch) {
        violations.push({
          rule: HARD_RULES.reference,
          carerId: carer.id,
          visitKey: visit.id,
          message: `stop for ${visit.id}: ${mismatch}`,
        });
      }
      const arrival = readTime(stop.arrival, 'arrival', carer.id, visit.id);
      const start = readTime(stop.start, 'start', carer.id, visit.id);
      const end = readTime(stop.end, 'end', carer.id, visit.id);
      if (arrival === undefined || start === undefined || end === undefined) {
        readable = false;
        continue;
      }
      stops.push({ visit, arrival, start, end });
    }
    if (readable) timed.push({ route, carer, leave: leave as number, back: back as number, stops });
  }
  return timed;
}

function checkCoverage(
  expanded: ExpandedProblem,
  roster: Pick<Roster, 'routes' | 'unplaced'>,
  violations: Violation[],
) {
  const carersOf = new Map<string, string[]>();
  for (const route of roster.routes) {
    for (const stop of route.stops) {
      const list = carersOf.get(stop.visitKey) ?? [];
      list.push(route.carerId);
      carersOf.set(stop.visitKey, list);
    }
  }
  const unplacedCount = new Map<string, number>();
  for (const unplaced of roster.unplaced) {
    unplacedCount.set(unplaced.visitKey, (unplacedCount.get(unplaced.visitKey) ?? 0) + 1);
    const visit = expanded.visitsById.get(unplaced.visitKey);
    if (!visit) {
      violations.push({
        rule: HARD_RULES.reference,
        visitKey: unplaced.visitKey,
        message: `unplaced entry for unknown visit "${unplaced.visitKey}"`,
      });
    } else {
      const mismatch = identityMismatch(unplaced, visit);
      if (mismatch) {
        violations.push({
          rule: HARD_RULES.reference,
          visitKey: visit.id,
          message: `unplaced entry for ${visit.id}: ${mismatch}`,
        });
      }
    }
    if (unplaced.reasons.length === 0) {
      violations.push({
        rule: HARD_RULES.unplacedReason,
        visitKey: unplaced.visitKey,
        message: `visit ${unplaced.visitKey} is unplaced without a reason`,
      });
    }
  }
  for (const visit of expanded.visits) {
    const carers = carersOf.get(visit.id) ?? [];
    const listedUnplaced = unplacedCount.get(visit.id) ?? 0;
    const distinct = new Set(carers);
    const fail = (message: string) =>
      violations.push({ rule: HARD_RULES.coverage, visitKey: visit.id, message });
    if (distinct.size !== carers.length) {
      fail(`visit ${visit.id} appears more than once on one carer's roster`);
    }
    if (listedUnplaced > 1) fail(`visit ${visit.id} is listed unplaced ${listedUnplaced} times`);
    if (carers.length > 0 && listedUnplaced > 0) {
      fail(`visit ${visit.id} is both placed and listed unplaced`);
    } else if (carers.length === 0 && listedUnplaced === 0) {
      fail(`visit ${visit.id} is neither placed nor listed unplaced`);
    } else if (carers.length > 0 && carers.length !== visit.carersNeeded) {
      fail(
        `visit ${visit.id} needs ${visit.carersNeeded} carer(s) but has ${carers.length} ` +
          `(${carers.join(', ')})`,
      );
    }
  }
}

function checkRouteSequence(
  expanded: ExpandedProblem,
  travel: TravelMatrix,
  route: TimedRoute,
  violations: Violation[],
) {
  const carerId = route.carer.id;
  const mode = route.carer.transport;
  const { startPlace, endPlace } = expandedCarer(expanded, carerId);
  let place = startPlace;
  let free = route.leave;
  let previous = 'the start location';
  for (const stop of route.stops) {
    const { visit } = stop;
    const needed = travel.minutes(place, visit.location, mode);
    if (stop.arrival < free + needed) {
      violations.push({
        rule: HARD_RULES.travel,
        carerId,
        visitKey: visit.id,
        message:
          `arrives at ${expanded.clock.toIso(stop.arrival)} but cannot leave ${previous} before ` +
          `${expanded.clock.toIso(free)} and needs ${needed} min to travel`,
      });
    }
    if (stop.start < stop.arrival) {
      violations.push({
        rule: HARD_RULES.travel,
        carerId,
        visitKey: visit.id,
        message: 'starts before the carer arrives',
      });
    }
    place = visit.location;
    free = stop.end;
    previous = `visit ${visit.id}`;
  }
  const needed = travel.minutes(place, endPlace, mode);
  if (route.back < free + needed) {
    violations.push({
      rule: HARD_RULES.travel,
      carerId,
      message:
        `ends the shift at ${expanded.clock.toIso(route.back)} but cannot leave ${previous} before ` +
        `${expanded.clock.toIso(free)} and needs ${needed} min to travel`,
    });
  }
}

function checkRouteAvailability(
  expanded: ExpandedProblem,
  route: TimedRoute,
  violations: Violation[],
) {
  const { shifts } = expandedCarer(expanded, route.carer.id);
  const inside = shifts.some((shift) => shift.start <= route.leave && route.back <= shift.end);
  if (!inside) {
    violations.push({
      rule: HARD_RULES.availability,
      carerId: route.carer.id,
      message:
        `shift ${expanded.clock.toIso(route.leave)} to ${expanded.clock.toIso(route.back)} is not ` +
        'inside one of the carer’s availability windows',
    });
  }
}

function checkStopRules(
  expanded: ExpandedProblem,
  carer: Carer,
  stop: TimedStop,
  violations: Violation[],
) {
  const { visit } = stop;
  const add = (rule: Violation['rule'], message: string) =>
    violations.push({ rule, carerId: carer.id, visitKey: visit.id, message });
  const latest = visit.windowEnd + visit.maxLateness;
  if (stop.start < visit.windowStart || stop.start > latest) {
    add(
      HARD_RULES.visitWindow,
      `starts at ${expanded.clock.toIso(stop.start)}, outside its window ` +
        `${expanded.clock.toIso(visit.windowStart)} to ${expanded.clock.toIso(visit.windowEnd)}` +
        (visit.maxLateness > 0 ? ` (plus ${visit.maxLateness} min allowed lateness)` : ''),
    );
  }
  if (stop.end - stop.start !== visit.duration) {
    add(
      HARD_RULES.visitWindow,
      `lasts ${stop.end - stop.start} min but the visit is ${visit.duration} min`,
    );
  }
  for (const name of visit.qualifications) {
    const held = carer.qualifications.find((q) => q.name === name);
    if (!held) add(HARD_RULES.qualification, `carer does not hold "${name}"`);
    else if (held.expires !== undefined && held.expires < visit.date) {
      add(HARD_RULES.qualification, `carer's "${name}" expired on ${held.expires}`);
    }
  }
  const client = expanded.clients.get(visit.clientId);
  if (!client) return;
  if (client.refusedCarers.includes(carer.id)) {
    add(HARD_RULES.refusedCarer, `client ${client.id} refused this carer`);
  }
  if (carer.refusedClients.includes(client.id)) {
    add(HARD_RULES.refusedClient, `carer ${carer.id} refused client ${client.id}`);
  }
  if (client.carerGender?.strength === 'required' && carer.gender !== client.carerGender.value) {
    add(
      HARD_RULES.requiredGender,
      `client ${client.id} requires a ${client.carerGender.value} carer; carer is ${carer.gender ?? 'unstated'}`,
    );
  }
  if (
    client.language?.strength === 'required' &&
    !carer.languages.includes(client.language.value)
  ) {
    add(
      HARD_RULES.requiredLanguage,
      `client ${client.id} requires a carer who speaks ${client.language.value}`,
    );
  }
}

function checkCarerOverlaps(timed: readonly TimedRoute[], violations: Violation[]) {
  const byCarer = new Map<string, TimedRoute[]>();
  for (const route of timed) {
    byCarer.set(route.carer.id, [...(byCarer.get(route.carer.id) ?? []), route]);
  }
  for (const [carerId, routes] of byCarer) {
    const sorted = [...routes].sort((a, b) => a.leave - b.leave);
    for (let i = 1; i < sorted.length; i++) {
      const before = sorted[i - 1] as TimedRoute;
      const after = sorted[i] as TimedRoute;
      if (after.leave < before.back) {
        violations.push({
          rule: HARD_RULES.overlap,
          carerId,
          message: `two shifts overlap (${before.route.shiftStart} to ${before.route.shiftEnd} and ${after.route.shiftStart} to ${after.route.shiftEnd})`,
        });
      }
    }
    for (const route of sorted) {
      if (route.back < route.leave) {
        violations.push({
          rule: HARD_RULES.overlap,
          carerId,
          message: `shift returns home before it leaves (${route.route.shiftStart})`,
        });
      }
    }
  }
}

function checkDoubleUps(timed: readonly TimedRoute[], violations: Violation[]) {
  const starts = new Map<string, number[]>();
  for (const route of timed) {
    for (const stop of route.stops) {
      if (stop.visit.carersNeeded < 2) continue;
      starts.set(stop.visit.id, [...(starts.get(stop.visit.id) ?? []), stop.start]);
    }
  }
  for (const [visitKey, times] of starts) {
    if (new Set(times).size > 1) {
      violations.push({
        rule: HARD_RULES.doubleUp,
        visitKey,
        message: 'the carers of this double-up do not start together',
      });
    }
  }
}

function checkLinks(
  expanded: ExpandedProblem,
  timed: readonly TimedRoute[],
  violations: Violation[],
) {
  const placements = new Map<string, { carerId: string; start: number }[]>();
  for (const route of timed) {
    for (const stop of route.stops) {
      const list = placements.get(stop.visit.id) ?? [];
      list.push({ carerId: route.carer.id, start: stop.start });
      placements.set(stop.visit.id, list);
    }
  }
  for (const link of expanded.links) {
    const first = placements.get(link.first)?.[0];
    const second = placements.get(link.second)?.[0];
    if (!first || !second) continue;
    const gap = second.start - first.start;
    const fail = (message: string) =>
      violations.push({ rule: HARD_RULES.linkedVisits, visitKey: link.second, message });
    if (first.carerId === second.carerId) {
      fail(`linked to ${link.first} but done by the same carer (${first.carerId})`);
    }
    if (gap < link.minGap || gap > link.maxGap) {
      fail(
        `starts ${gap} min after ${link.first}; the link allows ${link.minGap}-${link.maxGap} min`,
      );
    }
  }
}

function checkWorkingTime(
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
    if (minutes > max) {
      violations.push({
        rule: HARD_RULES.maxHoursDay,
        carerId,
        message: `works ${minutes} min on ${date}; the daily maximum is ${max} min`,
      });
    }
  }
  for (const [key, minutes] of perWeek) {
    const [carerId, monday] = key.split('\u0000') as [string, string];
    const max = expandedCarer(expanded, carerId).carer.contract.maxHoursPerWeek * 60;
    if (minutes > max) {
      violations.push({
        rule: HARD_RULES.maxHoursWeek,
        carerId,
        message: `works ${minutes} min in the week of ${monday}; the weekly maximum is ${max} min`,
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
    work += travel.minutes(place, stop.visit.location, carer.transport) + stop.visit.duration;
    place = stop.visit.location;
  }
  if (route.stops.length > 0) {
    work += travel.minutes(place, endPlace, carer.transport);
  }
  return work;
}

function checkBreaks(
  expanded: ExpandedProblem,
  travel: TravelMatrix,
  timed: readonly TimedRoute[],
  violations: Violation[],
) {
  const rules = expanded.problem.settings.workingTime;
  for (const route of timed) {
    const work = routeWork(expanded, travel, route);
    if (work <= rules.breakAfterHours * 60 || rules.breakMinutes === 0) continue;
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
    if (longestIdle < rules.breakMinutes) {
      violations.push({
        rule: HARD_RULES.break,
        carerId: carer.id,
        message:
          `shift from ${route.route.shiftStart} has ${work} min of work but no ` +
          `${rules.breakMinutes}-min break (longest idle ${longestIdle} min)`,
      });
    }
  }
}

function checkRestAndConsecutiveDays(
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
        if (rest < rules.minRestHours * 60) {
          violations.push({
            rule: HARD_RULES.restBetweenDays,
            carerId,
            message: `rests ${rest} min between ${previous[0]} and ${date}; at least ${rules.minRestHours * 60} min needed`,
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

/**
 * The identity fields of a roster entry that disagree with the visit its key names: software
 * that reads `packageId`, `visitId` and `date` must see the same visit the key means.
 */
function identityMismatch(entry: VisitIdentity, visit: Visit): string | undefined {
  const expected: Record<keyof VisitIdentity, string> = {
    visitKey: visit.id,
    packageId: visit.packageId,
    visitId: visit.patternId,
    date: visit.date,
    clientId: visit.clientId,
  };
  const wrong = (Object.keys(expected) as (keyof VisitIdentity)[]).filter(
    (field) => entry[field] !== expected[field],
  );
  return wrong.length === 0
    ? undefined
    : wrong
        .map((field) => `${field} is "${entry[field]}", its key says "${expected[field]}"`)
        .join('; ');
}
