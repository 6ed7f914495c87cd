/**
 * The checker's reading of visit roles: which role each carer of a visit with roles fills. A
 * role the roster states is taken at its word; the others are matched to the carers (each
 * holding the role's qualifications and staying its length), so a roster from other software
 * that leaves `role` out is still read. A visit whose carers cannot fill its roles one to one
 * is a violation; the stop rules then report what each carer lacks for the role it was given.
 */
import type { Visit } from '../model/expand.js';
import type { DatedRole } from '../model/roles.js';
import { describeRole } from '../model/roles.js';
import type { Carer } from '../model/schema.js';
import type { TimedRoute, TimedStop } from './checker-routes.js';
import { TIME_TOLERANCE_MINUTES } from './time-tolerance.js';
import type { Violation } from './rules.js';
import { HARD_RULES } from './rules.js';

/**
 * What stops `carer` holding `name` on `date`, in words, or undefined when the carer holds it
 * unexpired. The carer's first entry of that name is the one read.
 *
 * @example
 * ```ts
 * const carer = { qualifications: [{ name: 'hoist', expires: '2026-01-31' }] } as Carer;
 * qualificationProblem(carer, 'hoist', '2026-03-23'); // 'carer\'s "hoist" expired on 2026-01-31'
 * ```
 */
export function qualificationProblem(carer: Carer, name: string, date: string): string | undefined {
  const held = carer.qualifications.find((q) => q.name === name);
  if (!held) return `carer does not hold "${name}"`;
  if (held.expires !== undefined && held.expires < date) {
    return `carer's "${name}" expired on ${held.expires}`;
  }
  return undefined;
}

/** One carer's stop at a visit. */
interface Seat {
  readonly carer: Carer;
  readonly stop: TimedStop;
}

/** Whether the carer of `seat` can fill `role`: holds what it needs and stays its length. */
function fits(seat: Seat, role: DatedRole): boolean {
  return (
    Math.abs(seat.stop.end - seat.stop.start - role.duration) <= TIME_TOLERANCE_MINUTES &&
    role.qualifications.every(
      (name) => qualificationProblem(seat.carer, name, seat.stop.visit.date) === undefined,
    )
  );
}

/**
 * Every one-to-one assignment of `seats` to distinct role indices below `roles`, each seat
 * with a role given in `fixed` keeping it; at most two roles, so at most two assignments.
 */
function assignments(seats: number, roles: number, fixed: readonly (number | undefined)[]) {
  const all: number[][] = [];
  const chosen: number[] = [];
  const used = new Set<number>();
  const extend = (seat: number) => {
    if (seat === seats) {
      all.push([...chosen]);
      return;
    }
    const own = fixed[seat];
    for (let role = 0; role < roles; role++) {
      if (used.has(role) || (own !== undefined && own !== role)) continue;
      used.add(role);
      chosen.push(role);
      extend(seat + 1);
      chosen.pop();
      used.delete(role);
    }
  };
  extend(0);
  return all;
}

/** The assignment with the most seats fitting their role (the first, on a tie). */
function bestOf(seats: readonly Seat[], roles: readonly DatedRole[], options: number[][]) {
  let best: { roles: number[]; fitting: number } | undefined;
  for (const option of options) {
    const fitting = option.filter((role, seat) => fits(seats[seat]!, roles[role]!)).length;
    if (!best || fitting > best.fitting) best = { roles: option, fitting };
  }
  return best;
}

/**
 * The routes with each stop of a visit with roles given the role it fills (and that role's
 * length as the stop's duration). Reports stated roles that do not exist or repeat, and visits
 * whose carers cannot fill the roles one to one.
 *
 * @example
 * ```ts
 * const violations: Violation[] = [];
 * const timed = assignRoles(readRoutes(expandProblem(problem), roster, violations), violations);
 * for (const { stops } of timed) for (const stop of stops) console.log(stop.visit.id, stop.role);
 * ```
 */
export function assignRoles(
  timed: readonly TimedRoute[],
  violations: Violation[],
): readonly TimedRoute[] {
  const seatsOf = new Map<Visit, Seat[]>();
  for (const route of timed) {
    for (const stop of route.stops) {
      const { visit } = stop;
      if (visit.roles === undefined) {
        if (stop.statedRole !== undefined) {
          violations.push({
            rule: HARD_RULES.visitRoles,
            carerId: route.carer.id,
            visitKey: visit.id,
            message: `says it fills role ${stop.statedRole}, but visit ${visit.id} has no roles`,
          });
        }
        continue;
      }
      const seats = seatsOf.get(visit) ?? [];
      seats.push({ carer: route.carer, stop });
      seatsOf.set(visit, seats);
    }
  }
  const resolved = new Map<TimedStop, DatedRole>();
  for (const [visit, seats] of seatsOf) {
    const roles = visit.roles!;
    const fail = (message: string, carerId?: string) =>
      violations.push({ rule: HARD_RULES.visitRoles, visitKey: visit.id, carerId, message });
    const claimed = new Map<number, string>();
    const fixed = seats.map((seat) => {
      const role = seat.stop.statedRole;
      if (role === undefined) return undefined;
      if (role >= roles.length) {
        fail(
          `says it fills role ${role}, but the visit has roles 0 to ${roles.length - 1}`,
          seat.carer.id,
        );
        return undefined;
      }
      const other = claimed.get(role);
      if (other !== undefined) {
        fail(
          `says it fills role ${role} (${describeRole(roles[role]!)}), as ${other} does; ` +
            'each role needs its own carer',
          seat.carer.id,
        );
        return undefined;
      }
      claimed.set(role, seat.carer.id);
      return role;
    });
    // More carers than roles is a coverage violation; the extra ones fill none.
    const seated = seats.slice(0, roles.length);
    const best = bestOf(seated, roles, assignments(seated.length, roles.length, fixed));
    if (best && best.fitting < seated.length) {
      const free = bestOf(
        seated,
        roles,
        assignments(
          seated.length,
          roles.length,
          seated.map(() => undefined),
        ),
      );
      const carers = seated.map((seat) => seat.carer.id).join(' and ');
      const wanted = roles.map((role, k) => `role ${k}: ${describeRole(role)}`).join('; ');
      fail(
        free && free.fitting === seated.length
          ? `${carers} do not fill the roles they are given (${wanted}); the other way round they would`
          : `${carers} cannot be matched one to one to the visit's roles (${wanted})`,
      );
    }
    best?.roles.forEach((role, seat) => resolved.set(seated[seat]!.stop, roles[role]!));
  }
  if (resolved.size === 0) return timed;
  return timed.map((route) => ({
    ...route,
    stops: route.stops.map((stop) => {
      const role = resolved.get(stop);
      return role === undefined ? stop : { ...stop, role, duration: role.duration };
    }),
  }));
}
