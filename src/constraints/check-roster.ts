/**
 * The independent roster checker: the source of truth for hard rules.
 *
 * Written to be slow and obviously right, from the problem's own definitions, sharing no code
 * with any solver. It re-derives every time from the roster's ISO strings and every travel time
 * from the travel matrix, so it also catches a roster edited by hand or made by other software.
 * Reading the routes is in `checker-routes.ts`, the rules across days in `check-working-time.ts`.
 */
import type { ExpandedProblem } from '../model/expand.js';
import { expandProblem, expandedCarer } from '../model/expand.js';
import type { Roster } from '../model/roster.js';
import type { Carer, Problem } from '../model/schema.js';
import type { TravelMatrix } from '../geo/travel-matrix.js';
import { straightLineTravelMatrix } from '../geo/straight-line.js';
import type { Violation } from './rules.js';
import { HARD_RULES } from './rules.js';
import type { TimedStop, TimedRoute } from './checker-routes.js';
import { readRoutes, identityMismatch } from './checker-routes.js';
import { assignRoles, qualificationProblem } from './check-roles.js';
import { describeRole } from '../model/roles.js';
import { TIME_TOLERANCE_MINUTES, earlier, minutesText } from './time-tolerance.js';
import {
  checkWorkingTime,
  checkBreaks,
  checkRestAndConsecutiveDays,
} from './check-working-time.js';

/** Options of {@link checkRoster}. */
export interface CheckOptions {
  /** Travel matrix over the problem's locations; the straight-line estimate when omitted. */
  readonly travel?: TravelMatrix;
  /** An expansion of the problem made earlier, to save repeating it. */
  readonly expanded?: ExpandedProblem;
}

/**
 * Returns every hard-rule violation in `roster` for `problem` (an empty array when it is
 * feasible). Never throws on a malformed roster: what it cannot read is itself a violation.
 *
 * @example
 * ```ts
 * const violations = checkRoster(problem, JSON.parse(readFileSync('roster.json', 'utf8')));
 * for (const violation of violations) console.log(violation.rule, violation.message);
 * ```
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
  const timed = assignRoles(readRoutes(expanded, roster, violations), violations);
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
    if (earlier(stop.arrival, free + needed)) {
      violations.push({
        rule: HARD_RULES.travel,
        carerId,
        visitKey: visit.id,
        message:
          `arrives at ${expanded.clock.toIso(stop.arrival)} but cannot leave ${previous} before ` +
          `${expanded.clock.toIso(free)} and needs ${minutesText(needed)} min to travel`,
      });
    }
    if (earlier(stop.start, stop.arrival)) {
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
  if (earlier(route.back, free + needed)) {
    violations.push({
      rule: HARD_RULES.travel,
      carerId,
      message:
        `ends the shift at ${expanded.clock.toIso(route.back)} but cannot leave ${previous} before ` +
        `${expanded.clock.toIso(free)} and needs ${minutesText(needed)} min to travel`,
    });
  }
}

function checkRouteAvailability(
  expanded: ExpandedProblem,
  route: TimedRoute,
  violations: Violation[],
) {
  const { shifts } = expandedCarer(expanded, route.carer.id);
  const inside = shifts.some(
    (shift) => !earlier(route.leave, shift.start) && !earlier(shift.end, route.back),
  );
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
  if (earlier(stop.start, visit.windowStart) || earlier(latest, stop.start)) {
    add(
      HARD_RULES.visitWindow,
      `starts at ${expanded.clock.toIso(stop.start)}, outside its window ` +
        `${expanded.clock.toIso(visit.windowStart)} to ${expanded.clock.toIso(visit.windowEnd)}` +
        (visit.maxLateness > 0 ? ` (plus ${visit.maxLateness} min allowed lateness)` : ''),
    );
  }
  const { role } = stop;
  const asRole = role === undefined ? '' : ` (as ${describeRole(role)})`;
  if (Math.abs(stop.end - stop.start - stop.duration) > TIME_TOLERANCE_MINUTES) {
    add(
      HARD_RULES.visitWindow,
      `lasts ${minutesText(stop.end - stop.start)} min but ` +
        (role === undefined
          ? `the visit is ${visit.duration} min`
          : `its role (${describeRole(role)}) is ${role.duration} min`),
    );
  }
  for (const name of role?.qualifications ?? visit.qualifications) {
    const problem = qualificationProblem(carer, name, visit.date);
    if (problem !== undefined) add(HARD_RULES.qualification, problem + asRole);
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
    if (Math.max(...times) - Math.min(...times) > TIME_TOLERANCE_MINUTES) {
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
    if (earlier(gap, link.minGap) || earlier(link.maxGap, gap)) {
      fail(
        `starts ${minutesText(gap)} min after ${link.first}; the link allows ${link.minGap}-${link.maxGap} min`,
      );
    }
  }
}
