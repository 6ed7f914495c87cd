/**
 * One named definition per soft term, in the manner of a constraint provider: what the term
 * counts, the `settings.weights` field that prices it, the unit that weight is a price of, and
 * the formula. `explainRoster` (from the roster JSON), the solver's `scoreSolution` (from task
 * indices) and `compileProblem` (the engine's per-unit prices) all read these; the engine's own
 * incremental form (`solver/engine/soft.ts`) is held equal to them by the property tests.
 *
 * Adding a care rule means adding one definition here and listing it in
 * {@link SOFT_TERM_DEFINITIONS}; charging it in `SoftTermTally` (the score and the explanation),
 * compiling its per-unit price for the engine in `compileProblem`; and an exact-amount case in
 * `tests/soft-terms-exact.test.ts`, which will not compile without one.
 */
import type { ExpandedProblem, Interval, Visit } from '../model/expand.js';
import { expandedCarer } from '../model/expand.js';
import type { Carer, Client, Priority, Weights } from '../model/schema.js';

/** What every soft term's definition states besides its formula. */
export interface SoftTermDefinition {
  /** The term's key in every cost breakdown (`explainRoster`, `stats.costByRule`). */
  readonly name: string;
  /** What the term counts, in one sentence. */
  readonly counts: string;
  /** The `settings.weights` fields that price it. */
  readonly weights: readonly (keyof Weights)[];
  /** What one unit of a weight pays for. Bonuses (negative costs) say so. */
  readonly unit: string;
  /** The formula: the term's cost for the measure it counts (zero or negative for a bonus). */
  readonly cost: (weights: Weights, ...measure: never[]) => number;
}

/**
 * Checks a definition's shape while keeping its literal name and its own formula's signature
 * (and any per-unit prices the engine reads).
 */
function defineSoftTerm<const T extends SoftTermDefinition>(definition: T): T {
  return definition;
}

/**
 * The common formula of the terms that charge each unit of a measure beyond an allowance at one
 * weight: that weight as the term's `weights` and `price`, and `cost(w, amount, allowance)`.
 */
function perUnitOver<const K extends keyof Weights>(weight: K) {
  return {
    weights: [weight] as const,
    price: (w: Weights): number => w[weight],
    cost: (w: Weights, amount: number, allowance: number): number =>
      Math.max(0, amount - allowance) * w[weight],
  };
}

/** Travel: every route's minutes on the road, out, between visits and back. */
export const travelTerm = defineSoftTerm({
  name: 'travel',
  counts: 'Minutes of travel of each route, from the start place through its visits and back.',
  weights: ['travelMinute'],
  unit: 'minute of travel',
  /** Cost of one minute of travel. */
  price: (w: Weights): number => w.travelMinute,
  /** Cost of `minutes` of travel. */
  cost: (w: Weights, minutes: number): number => minutes * w.travelMinute,
});

/** Lateness: minutes a visit starts after its window closes (only where it allows lateness). */
export const latenessTerm = defineSoftTerm({
  name: 'lateness',
  counts: 'Minutes each visit starts after its window closes.',
  weights: ['latenessMinute'],
  unit: 'minute late',
  price: (w: Weights): number => w.latenessMinute,
  /** Cost of `visit` starting at `start`. */
  cost: (w: Weights, visit: Visit, start: number): number =>
    Math.max(0, start - visit.windowEnd) * w.latenessMinute,
});

/** Worst lateness: each day's largest lateness, so that no client waits far longer than others. */
export const worstLatenessTerm = defineSoftTerm({
  name: 'worst-lateness',
  counts:
    'Each day’s largest lateness: the minutes the latest visit of the day starts after its window closes.',
  weights: ['worstLatenessMinute'],
  unit: 'minute of a day’s largest lateness',
  price: (w: Weights): number => w.worstLatenessMinute,
  /** Cost of a day whose latest visit starts `minutes` after its window closes. */
  cost: (w: Weights, minutes: number): number => minutes * w.worstLatenessMinute,
});

/** Continuity per client: distinct carers beyond the client's allowance. */
export const extraCarersTerm = defineSoftTerm({
  name: 'continuity-extra-carers',
  counts:
    'Distinct carers a client sees beyond their allowance (their team size, at least the carers their largest visit needs, at least one).',
  unit: 'carer beyond the allowance, per client',
  // cost(w, distinct carers of a client, its allowance from `carerAllowances`)
  ...perUnitOver('extraCarer'),
});

/** Continuity per recurring visit: distinct carers beyond those it needs at once. */
export const timeOfDayTerm = defineSoftTerm({
  name: 'continuity-time-of-day',
  counts:
    'Distinct carers on one recurring visit (same package, same time of day) beyond those it needs at once.',
  unit: 'carer beyond those needed, per recurring visit',
  // cost(w, distinct carers on a recurring visit, the carers it needs at once)
  ...perUnitOver('timeOfDayExtraCarer'),
});

/** The chosen team: a bonus per visit by a member of the client's team, by rank. */
export const teamTerm = defineSoftTerm({
  name: 'continuity-team',
  counts:
    'Visits by a member of the client’s chosen team: the first-ranked earns the whole weight, rank r of n earns (n - r) / n of it.',
  weights: ['teamVisit'],
  unit: 'visit by the first-ranked team member (a bonus)',
  /** Cost (zero or negative) of one visit to `client` by `carer`. */
  cost: (w: Weights, client: Client, carer: Carer): number => {
    const rank = client.team.indexOf(carer.id);
    return rank < 0 ? 0 : -(w.teamVisit * (client.team.length - rank)) / client.team.length;
  },
});

/** Preferred hours: minutes of care outside the carer's preferred hours. */
export const preferredHoursTerm = defineSoftTerm({
  name: 'preferred-hours',
  counts: 'Minutes of care a carer gives outside their preferred hours (when they gave any).',
  weights: ['outsidePreferredHoursMinute'],
  unit: 'minute of care outside preferred hours',
  price: (w: Weights): number => w.outsidePreferredHoursMinute,
  /** The intervals that count for `carer`, or undefined when they stated no preferred hours. */
  windows: (expanded: ExpandedProblem, carer: Carer): readonly Interval[] | undefined =>
    carer.preferences.preferredHours.length > 0
      ? expandedCarer(expanded, carer.id).preferredHours
      : undefined,
  /** Minutes of care `[start, start + duration)` outside `windows` (0 when undefined). */
  outside: (windows: readonly Interval[] | undefined, start: number, duration: number): number => {
    if (!windows) return 0;
    let inside = 0;
    for (const window of windows) {
      inside += Math.max(0, Math.min(start + duration, window.end) - Math.max(start, window.start));
    }
    return duration - inside;
  },
  /** Cost of care `[start, start + duration)` against `windows` (from `windows` above). */
  cost: (
    w: Weights,
    windows: readonly Interval[] | undefined,
    start: number,
    duration: number,
  ): number => preferredHoursTerm.outside(windows, start, duration) * w.outsidePreferredHoursMinute,
});

/** Travel preference: a carer-day's travel beyond the carer's stated daily maximum. */
export const travelPreferenceTerm = defineSoftTerm({
  name: 'travel-preference',
  counts: 'Minutes a carer travels in a day beyond the most they said they want to.',
  unit: 'minute of travel over the daily preference',
  // cost(w, minutes of travel in a day, the carer's preferred daily maximum)
  ...perUnitOver('travelOverPreferenceMinute'),
});

/** Preferred areas: visits to a client outside the areas the carer prefers. */
export const preferredAreaTerm = defineSoftTerm({
  name: 'preferred-area',
  counts:
    'Visits to a client whose area is not among the carer’s preferred areas (when they gave any).',
  weights: ['outsidePreferredAreaVisit'],
  unit: 'visit outside the preferred areas',
  /** Cost of one visit to `client` by `carer`. */
  cost: (w: Weights, client: Client, carer: Carer): number => {
    const areas = carer.preferences.preferredAreas;
    return areas.length > 0 && client.area !== undefined && !areas.includes(client.area)
      ? w.outsidePreferredAreaVisit
      : 0;
  },
});

/** Shared interests: a bonus per visit where carer and client share a tag. */
export const sharedTagsTerm = defineSoftTerm({
  name: 'shared-tags',
  counts: 'Visits where the carer shares at least one interest tag with the client.',
  weights: ['sharedTagVisit'],
  unit: 'visit with a shared interest (a bonus)',
  /** Cost (zero or negative) of one visit to `client` by `carer`. */
  cost: (w: Weights, client: Client, carer: Carer): number =>
    client.tags.some((tag) => carer.preferences.tags.includes(tag)) ? -w.sharedTagVisit : 0,
});

/** Contracted hours: a carer-week's working time short of or over the contract. */
export const contractHoursTerm = defineSoftTerm({
  name: 'contract-hours',
  counts:
    'Hours a carer works in a week (visits plus travel) short of or over their contracted hours for the part of the week the horizon covers.',
  weights: ['underContractHour', 'overContractHour'],
  unit: 'hour short of or over the contract',
  /** Cost of one minute short of the contract. */
  underPerMinute: (w: Weights): number => w.underContractHour / 60,
  /** Cost of one minute over the contract. */
  overPerMinute: (w: Weights): number => w.overContractHour / 60,
  /** Cost of working `worked` minutes in a week contracted at `contracted` minutes. */
  cost: (w: Weights, contracted: number, worked: number): number =>
    (Math.max(0, contracted - worked) * w.underContractHour +
      Math.max(0, worked - contracted) * w.overContractHour) /
    60,
});

/** Unpaid gaps: idle time between two visits beyond the threshold. */
export const unpaidGapsTerm = defineSoftTerm({
  name: 'unpaid-gaps',
  counts:
    'Minutes a carer waits between two visits (after travelling) beyond the unpaid-gap threshold.',
  unit: 'minute of idle time beyond the threshold',
  // cost(w, minutes waited between two visits, the minutes free of charge)
  ...perUnitOver('unpaidGapMinute'),
});

/**
 * Every soft term, in the order of every cost breakdown (and so of the score's summation, which
 * the solver's figures depend on).
 *
 * @example
 * ```ts
 * for (const term of SOFT_TERM_DEFINITIONS) console.log(term.name, term.weights, term.unit);
 * // A visit starting 10 minutes after its window closes, at the default weight of 3:
 * latenessTerm.cost(problem.settings.weights, visit, visit.windowEnd + 10); // 30
 * ```
 */
export const SOFT_TERM_DEFINITIONS = [
  travelTerm,
  latenessTerm,
  worstLatenessTerm,
  extraCarersTerm,
  timeOfDayTerm,
  teamTerm,
  preferredHoursTerm,
  travelPreferenceTerm,
  preferredAreaTerm,
  sharedTagsTerm,
  contractHoursTerm,
  unpaidGapsTerm,
] as const;

/**
 * The terms a visit's cost depends on only through who serves which client: the engine prices
 * them as one cost per (task, carer).
 */
export const ASSIGNMENT_TERMS = [teamTerm, preferredAreaTerm, sharedTagsTerm] as const;

/** Names of the soft terms; the key of every cost breakdown and setting. */
export const SOFT_TERMS = {
  travel: travelTerm.name,
  lateness: latenessTerm.name,
  worstLateness: worstLatenessTerm.name,
  extraCarers: extraCarersTerm.name,
  timeOfDay: timeOfDayTerm.name,
  team: teamTerm.name,
  preferredHours: preferredHoursTerm.name,
  travelPreference: travelPreferenceTerm.name,
  preferredArea: preferredAreaTerm.name,
  sharedTags: sharedTagsTerm.name,
  contractHours: contractHoursTerm.name,
  unpaidGaps: unpaidGapsTerm.name,
} as const;

/** The name of a soft term. */
export type SoftTermName = (typeof SOFT_TERM_DEFINITIONS)[number]['name'];

/** The cost name of unplaced visits (the "medium" level: always above every soft term). */
export const UNPLACED_TERM = 'unplaced';

/** How much more an unplaced visit of each priority costs, per minute of care. */
export const PRIORITY_FACTOR: Readonly<Record<Priority, number>> = {
  'time-critical': 4,
  normal: 2,
  flexible: 1,
};

/**
 * Cost of one unplaced minute of care per carer needed. Far above any soft cost a visit could
 * save, so placing visits always comes first.
 */
export const UNPLACED_MINUTE_COST = 100_000;

/**
 * Cost of leaving `visit` unplaced (a double-up counts once per carer it needs).
 *
 * @example
 * ```ts
 * // A normal-priority 30-minute visit by one carer:
 * unplacedCost(visit); // 100_000 * 2 * 30 * 1 = 6_000_000
 * ```
 */
export function unplacedCost(visit: Visit): number {
  return (
    UNPLACED_MINUTE_COST * PRIORITY_FACTOR[visit.priority] * visit.duration * visit.carersNeeded
  );
}
