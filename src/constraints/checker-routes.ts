/**
 * The roster as the checker reads it: every route's stops matched to their dated visits and
 * timed in minutes from the horizon start, what cannot be read reported as a violation.
 */
import type { ExpandedProblem, Visit } from '../model/expand.js';
import type { Roster, RosterRoute, VisitIdentity } from '../model/roster.js';
import type { DatedRole } from '../model/roles.js';
import type { Carer } from '../model/schema.js';
import type { Violation } from './rules.js';
import { HARD_RULES } from './rules.js';

export interface TimedStop {
  readonly visit: Visit;
  readonly arrival: number;
  readonly start: number;
  readonly end: number;
  /** The role the roster says this stop fills (`RosterStop.role`), if it says one. */
  readonly statedRole: number | undefined;
  /** The role this stop fills once matched (see `assignRoles`); undefined on visits without. */
  readonly role: DatedRole | undefined;
  /** Minutes the stop must last: its role's, else the visit's. */
  readonly duration: number;
}

export interface TimedRoute {
  readonly route: RosterRoute;
  readonly carer: Carer;
  readonly leave: number;
  readonly back: number;
  readonly stops: readonly TimedStop[];
  /** The break the roster declares for this shift (`RosterRoute.break`), if it declares one. */
  readonly declaredBreak: { readonly start: number; readonly end: number } | undefined;
}

export function readRoutes(
  expanded: ExpandedProblem,
  roster: Pick<Roster, 'routes'>,
  violations: Violation[],
) {
  const timed: TimedRoute[] = [];
  const { clock } = expanded;
  // Everything this reader reports is a reference the roster gets wrong.
  const unreadable = (message: string, carerId: string, visitKey?: string) =>
    violations.push({ rule: HARD_RULES.reference, carerId, visitKey, message });
  const readTime = (iso: string, what: string, carerId: string, visitKey?: string) => {
    const minutes = clock.fromIso(iso);
    if (minutes === undefined) {
      unreadable(`${what} "${iso}" is not an ISO 8601 date-time with an offset`, carerId, visitKey);
    }
    return minutes;
  };
  for (const route of roster.routes) {
    const carer = expanded.carers.get(route.carerId);
    if (!carer) {
      unreadable(`route of unknown carer "${route.carerId}"`, route.carerId);
      continue;
    }
    const leave = readTime(route.shiftStart, 'shiftStart', carer.id);
    const back = readTime(route.shiftEnd, 'shiftEnd', carer.id);
    const stops: TimedStop[] = [];
    let readable = leave !== undefined && back !== undefined;
    for (const stop of route.stops) {
      const visit = expanded.visitsById.get(stop.visitKey);
      if (!visit) {
        unreadable(`stop for unknown visit "${stop.visitKey}"`, carer.id, stop.visitKey);
        readable = false;
        continue;
      }
      const mismatch = identityMismatch(stop, visit);
      if (mismatch) unreadable(`stop for ${visit.id}: ${mismatch}`, carer.id, visit.id);
      const arrival = readTime(stop.arrival, 'arrival', carer.id, visit.id);
      const start = readTime(stop.start, 'start', carer.id, visit.id);
      const end = readTime(stop.end, 'end', carer.id, visit.id);
      if (arrival === undefined || start === undefined || end === undefined) {
        readable = false;
        continue;
      }
      stops.push({
        visit,
        arrival,
        start,
        end,
        statedRole: stop.role,
        role: undefined,
        duration: visit.duration,
      });
    }
    let declaredBreak: TimedRoute['declaredBreak'];
    if (route.break) {
      const start = readTime(route.break.start, 'break start', carer.id);
      const end = readTime(route.break.end, 'break end', carer.id);
      if (start === undefined || end === undefined) readable = false;
      else declaredBreak = { start, end };
    }
    if (readable) timed.push({ route, carer, leave: leave!, back: back!, stops, declaredBreak });
  }
  return timed;
}

/**
 * The identity fields of a roster entry that disagree with the visit its key names: software
 * that reads `packageId`, `visitId` and `date` must see the same visit the key means.
 */
export function identityMismatch(entry: VisitIdentity, visit: Visit): string | undefined {
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
