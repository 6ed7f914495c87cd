/**
 * Which carers could ever do a visit, rule by rule. The solver uses it to prune its search and
 * to explain every visit it could not place; the checker does not use it (it stays independent).
 */
import type { ExpandedProblem, Shift, Visit } from '../model/expand.js';
import { expandedCarer, holdsQualification, visitIdentity } from '../model/expand.js';
import type { UnplacedReason, UnplacedVisit } from '../model/roster.js';
import type { Carer, Client } from '../model/schema.js';
import type { DatedRole } from '../model/roles.js';
import { describeRole, roleKey } from '../model/roles.js';
import type { TravelMatrix } from '../geo/travel-matrix.js';
import { HARD_RULES } from './rules.js';

/** The rule that rules a carer out of a visit before any rostering: the first that fails. */
export type ExclusionRule =
  | typeof HARD_RULES.qualification
  | typeof HARD_RULES.refusedCarer
  | typeof HARD_RULES.refusedClient
  | typeof HARD_RULES.requiredGender
  | typeof HARD_RULES.requiredLanguage
  | typeof HARD_RULES.availability
  | typeof HARD_RULES.maxHoursDay
  | typeof HARD_RULES.break;

/**
 * The first static rule that stops `carer` doing `visit` (in `role`, when it has roles), or
 * undefined when none does: the qualifications first, then the rules about the client.
 */
export function personalExclusion(
  expanded: ExpandedProblem,
  carer: Carer,
  visit: Visit,
  role?: DatedRole,
): ExclusionRule | undefined {
  return (
    qualificationExclusion(carer, role?.qualifications ?? visit.qualifications, visit.date) ??
    clientExclusion(expanded.clients.get(visit.clientId), visit.clientId, carer)
  );
}

/** The qualification rule, when `carer` lacks one of `qualifications` on `date`. */
export function qualificationExclusion(
  carer: Carer,
  qualifications: readonly string[],
  date: string,
): ExclusionRule | undefined {
  for (const name of qualifications) {
    if (!holdsQualification(carer, name, date)) return HARD_RULES.qualification;
  }
  return undefined;
}

/**
 * The first rule about the client (refusals either way, a required gender or language) that
 * stops `carer` visiting client `clientId` (`client` being its record, when there is one).
 * These depend on neither the visit nor the date.
 */
export function clientExclusion(
  client: Client | undefined,
  clientId: string,
  carer: Carer,
): ExclusionRule | undefined {
  if (client?.refusedCarers.includes(carer.id)) return HARD_RULES.refusedCarer;
  if (carer.refusedClients.includes(clientId)) return HARD_RULES.refusedClient;
  if (client?.carerGender?.strength === 'required' && carer.gender !== client.carerGender.value) {
    return HARD_RULES.requiredGender;
  }
  if (
    client?.language?.strength === 'required' &&
    !carer.languages.includes(client.language.value)
  ) {
    return HARD_RULES.requiredLanguage;
  }
  return undefined;
}

/**
 * True when `shift` leaves room for `visit` alone: the carer can get there from home inside its
 * window, stay `duration` (the whole visit unless a role is shorter), and get home before the
 * shift ends.
 */
export function shiftCanHost(
  expanded: ExpandedProblem,
  travel: TravelMatrix,
  shift: Shift,
  visit: Visit,
  duration: number = visit.duration,
): boolean {
  const { startPlace, endPlace, transport } = expandedCarer(expanded, shift.carerId);
  const start = Math.max(
    visit.windowStart,
    shift.start + travel.minutes(startPlace, visit.location, transport),
  );
  return (
    start <= visit.windowEnd + visit.maxLateness &&
    start + duration + travel.minutes(visit.location, endPlace, transport) <= shift.end
  );
}

/**
 * The first rule, static or time-based, that stops `carer` doing `visit` on its own (in
 * `role`, when it has roles).
 */
export function exclusion(
  expanded: ExpandedProblem,
  travel: TravelMatrix,
  carer: Carer,
  visit: Visit,
  role?: DatedRole,
): ExclusionRule | undefined {
  const personal = personalExclusion(expanded, carer, visit, role);
  if (personal) return personal;
  const duration = role?.duration ?? visit.duration;
  // A shift and a visit both lie inside their own date, so only that date's shifts can host it.
  const shifts = shiftsOnDate(expanded, carer.id, visit.date);
  if (!shifts.some((shift) => shiftCanHost(expanded, travel, shift, visit, duration))) {
    return HARD_RULES.availability;
  }
  const { startPlace, endPlace } = expandedCarer(expanded, carer.id);
  const roundTrip =
    travel.minutes(startPlace, visit.location, carer.transport) +
    travel.minutes(visit.location, endPlace, carer.transport);
  if (duration + roundTrip > carer.contract.maxHoursPerDay * 60) return HARD_RULES.maxHoursDay;
  return undefined;
}

/** Each carer's shifts by date, built once per expanded problem. */
const shiftsByDate = new WeakMap<ExpandedProblem, Map<string, Map<string, Shift[]>>>();

/** The shifts of `carerId` on `date`. */
function shiftsOnDate(expanded: ExpandedProblem, carerId: string, date: string): readonly Shift[] {
  let byCarer = shiftsByDate.get(expanded);
  if (!byCarer) {
    byCarer = new Map();
    for (const [id, { shifts }] of expanded.expandedCarers) {
      const byDate = new Map<string, Shift[]>();
      for (const shift of shifts) {
        const list = byDate.get(shift.date);
        if (list) list.push(shift);
        else byDate.set(shift.date, [shift]);
      }
      byCarer.set(id, byDate);
    }
    shiftsByDate.set(expanded, byCarer);
  }
  return byCarer.get(carerId)?.get(date) ?? [];
}

const RULE_WORDING: Record<ExclusionRule, (qualifications: readonly string[]) => string> = {
  [HARD_RULES.qualification]: (qualifications) =>
    `lack an unexpired ${qualifications.join(' / ')} qualification`,
  [HARD_RULES.refusedCarer]: () => 'are refused by the client',
  [HARD_RULES.refusedClient]: () => 'have refused this client',
  [HARD_RULES.requiredGender]: () => 'are not of the gender the client requires',
  [HARD_RULES.requiredLanguage]: () => 'do not speak the language the client requires',
  [HARD_RULES.availability]: () => 'are not free (with travel from home) inside the visit window',
  [HARD_RULES.maxHoursDay]: () => 'would pass their daily hours with this visit alone',
  [HARD_RULES.break]: () =>
    'would need a break inside this visit (shifts stay under the break threshold)',
};

/** The rule name for visits every remaining carer could do but was busy or at a limit. */
export const CAPACITY_RULE = 'capacity';

/**
 * The rule name for visits the solve never tried to place because its time limit ran out or it
 * was aborted first: a limit is a bound, so what was not reached is listed, never dropped.
 */
export const NOT_REACHED_RULE = 'not-reached';

/**
 * Why `visit` is not placed: for each rule, how many carers it ruled out (counting each carer
 * once, under the first rule that fails), then how many were left but already busy.
 *
 * @example
 * ```ts
 * const expanded = expandProblem(problem);
 * const travel = straightLineTravelMatrix(expanded.locations, problem.settings.travel);
 * for (const visit of expanded.visits.slice(0, 2)) {
 *   for (const reason of explainUnplaced(expanded, travel, visit)) console.log(visit.id, reason.message);
 * }
 * ```
 */
export function explainUnplaced(
  expanded: ExpandedProblem,
  travel: TravelMatrix,
  visit: Visit,
): UnplacedReason[] {
  if (visit.roles !== undefined) return explainRoles(expanded, travel, visit, visit.roles);
  const total = expanded.carers.size;
  const counts = new Map<ExclusionRule, number>();
  let possible = 0;
  for (const carer of expanded.carers.values()) {
    const rule = exclusion(expanded, travel, carer, visit);
    if (rule) counts.set(rule, (counts.get(rule) ?? 0) + 1);
    else possible++;
  }
  if (total === 0) {
    return [{ rule: HARD_RULES.availability, carers: 0, message: 'the problem has no carers' }];
  }
  const reasons: UnplacedReason[] = [...counts].map(([rule, carers]) => ({
    rule,
    carers,
    message: `${rule}: ${carers} of ${total} carers ${RULE_WORDING[rule](visit.qualifications)}`,
  }));
  if (possible >= visit.carersNeeded || reasons.length === 0) {
    reasons.push({
      rule: CAPACITY_RULE,
      carers: possible,
      message:
        `${CAPACITY_RULE}: the ${possible} carer(s) who could do it are busy with other visits ` +
        'at that time or at their hours limits',
    });
  } else if (possible > 0) {
    reasons.push({
      rule: CAPACITY_RULE,
      carers: possible,
      message: `${CAPACITY_RULE}: needs ${visit.carersNeeded} carers together but only ${possible} could do it`,
    });
  }
  return reasons;
}

/**
 * Why a visit with roles is not placed: for each role, how many carers each rule ruled out of
 * it; then, when some role has nobody left, that role by name and time; when only one carer
 * could fill either role, that; else how many were left but busy.
 */
function explainRoles(
  expanded: ExpandedProblem,
  travel: TravelMatrix,
  visit: Visit,
  roles: readonly DatedRole[],
): UnplacedReason[] {
  const total = expanded.carers.size;
  if (total === 0) {
    return [{ rule: HARD_RULES.availability, carers: 0, message: 'the problem has no carers' }];
  }
  const reasons: UnplacedReason[] = [];
  const possible = roles.map((role, k) => {
    const counts = new Map<ExclusionRule, number>();
    const able = new Set<string>();
    for (const carer of expanded.carers.values()) {
      const rule = exclusion(expanded, travel, carer, visit, role);
      if (rule) counts.set(rule, (counts.get(rule) ?? 0) + 1);
      else able.add(carer.id);
    }
    for (const [rule, carers] of counts) {
      reasons.push({
        rule,
        carers,
        message:
          `${rule}: for role ${k} (${describeRole(role)}), ${carers} of ${total} carers ` +
          RULE_WORDING[rule](role.qualifications),
      });
    }
    return able;
  });
  const at = expanded.clock.toIso(visit.windowStart).slice(11, 16);
  const empty = roles.flatMap((role, k) => (possible[k]!.size === 0 ? [k] : []));
  for (const k of empty) {
    const needs = roles[k]!.qualifications;
    reasons.push({
      rule: HARD_RULES.visitRoles,
      carers: 0,
      message:
        `${HARD_RULES.visitRoles}: no carer ` +
        (needs.length > 0 ? `with ${needs.join(' and ')} ` : '') +
        `free at ${at} for ${roles[k]!.duration} min (role ${k} of the visit)`,
    });
  }
  if (empty.length > 0) return reasons;
  const anyone = new Set(possible.flatMap((able) => [...able]));
  if (!hasDistinctCarers(possible)) {
    reasons.push({
      rule: HARD_RULES.visitRoles,
      carers: anyone.size,
      message:
        `${HARD_RULES.visitRoles}: only ${[...anyone].join(', ')} could fill its roles, and ` +
        `each of its ${roles.length} roles needs a different carer`,
    });
    return reasons;
  }
  reasons.push({
    rule: CAPACITY_RULE,
    carers: anyone.size,
    message:
      `${CAPACITY_RULE}: the ${anyone.size} carer(s) who could fill its roles are busy with ` +
      'other visits at that time or at their hours limits',
  });
  return reasons;
}

/** Whether each role can have its own carer among those able to fill it (at most two roles). */
function hasDistinctCarers(possible: readonly ReadonlySet<string>[]): boolean {
  const [first, second] = possible;
  if (first === undefined || second === undefined) return true;
  if (first.size === 0 || second.size === 0) return false;
  return first.size + second.size > 2 || [...first].some((id) => !second.has(id));
}

/**
 * What decides a visit's reasons: visits alike in all of it (e.g. two carers' halves of the
 * same slot, or a client's calls at the same time of day) share one explanation.
 */
function caseKey(visit: Visit): string {
  return [
    visit.clientId,
    visit.date,
    visit.windowStart,
    visit.windowEnd,
    visit.maxLateness,
    visit.duration,
    visit.carersNeeded,
    visit.location,
    ...visit.qualifications,
    ...(visit.roles ?? []).map((role) => `[${roleKey(role)}]`),
  ].join('\u0000');
}

/**
 * Every visit `isPlaced` rejects, in the problem's order, each with its reasons: those of
 * `reasonsOf` when it gives some, else the rules that rule carers out (see
 * {@link explainUnplaced}), worked out once per distinct case.
 */
export function unplacedVisits(
  expanded: ExpandedProblem,
  travel: TravelMatrix,
  isPlaced: (visitKey: string) => boolean,
  reasonsOf: (visit: Visit) => readonly UnplacedReason[] | undefined = () => undefined,
): UnplacedVisit[] {
  const cases = new Map<string, UnplacedReason[]>();
  return expanded.visits
    .filter((visit) => !isPlaced(visit.id))
    .map((visit) => {
      let reasons = reasonsOf(visit);
      if (reasons === undefined) {
        const key = caseKey(visit);
        let explained = cases.get(key);
        if (!explained) {
          explained = explainUnplaced(expanded, travel, visit);
          cases.set(key, explained);
        }
        reasons = explained;
      }
      return { ...visitIdentity(visit), reasons };
    });
}
