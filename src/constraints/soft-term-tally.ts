/**
 * Charging the soft terms while walking a roster, shared by `explainRoster` (which walks the
 * roster JSON) and the solver's `scoreSolution` (which walks task indices and engine start
 * times). Each walker measures its own stops and routes (start times, idle time, travel, work)
 * and hands the measures over; the costs come from the definitions, and the terms that need the
 * whole roster (continuity, travel per day, contracted hours per week) are counted here once.
 */
import type { ExpandedProblem, Visit } from '../model/expand.js';
import { weekStartOf } from '../model/expand.js';
import type { Carer } from '../model/schema.js';
import type { SoftTermName } from './soft-term-definitions.js';
import {
  ASSIGNMENT_TERMS,
  contractHoursTerm,
  extraCarersTerm,
  latenessTerm,
  preferredHoursTerm,
  timeOfDayTerm,
  travelPreferenceTerm,
  travelTerm,
  unpaidGapsTerm,
  worstLatenessTerm,
} from './soft-term-definitions.js';
import { carerAllowances, contractedMinutesByWeek } from './soft-terms.js';

/**
 * Receives one cost of a term, with the carer and the client it belongs to where it belongs to
 * one (team bonus, lateness and the like to both; travel and gaps to the carer; continuity to
 * the client).
 */
export type ChargeTerm = (
  term: SoftTermName,
  cost: number,
  carerId: string | undefined,
  clientId: string | undefined,
) => void;

/** A day's latest visit so far, for the worst-lateness term. */
interface LatestVisit {
  readonly minutes: number;
  readonly carerId: string;
  readonly clientId: string;
}

/** A recurring visit's carers, for the time-of-day continuity term. */
interface PatternCarers {
  readonly clientId: string;
  readonly needed: number;
  readonly carers: Set<string>;
}

/**
 * Walks a roster's soft terms: {@link stop} for each stop and {@link route} for each route, in
 * the roster's order, then {@link finish} once.
 *
 * @example
 * ```ts
 * const byRule = new Map<string, number>();
 * const tally = new SoftTermTally(expanded, (term, cost) =>
 *   byRule.set(term, (byRule.get(term) ?? 0) + cost),
 * );
 * tally.stop(carer, visit, 8 * 60, undefined); // a route's first stop, starting at 08:00
 * tally.route(carer, '2026-03-23', 40, 70); // 40 minutes of travel, 70 of work
 * tally.finish();
 * ```
 */
export class SoftTermTally {
  private readonly carersOfClient = new Map<string, Set<string>>();
  private readonly carersOfPattern = new Map<string, PatternCarers>();
  private readonly travelByCarerDay = new Map<string, number>();
  private readonly workByCarerWeek = new Map<string, number>();
  private readonly latestByDate = new Map<string, LatestVisit>();

  constructor(
    private readonly expanded: ExpandedProblem,
    private readonly charge: ChargeTerm,
  ) {}

  /**
   * Charges the terms of one stop: `carer` serving `visit` from `start`, having waited `idle`
   * minutes since arriving (undefined for a route's first stop, whose waiting is not counted:
   * the carer leaves later instead), and staying `duration` (shorter than the visit for a role
   * that does not stay the whole visit).
   */
  stop(
    carer: Carer,
    visit: Visit,
    start: number,
    idle: number | undefined,
    duration: number = visit.duration,
  ): void {
    const { expanded, charge } = this;
    const { settings } = expanded.problem;
    const w = settings.weights;
    const clientId = visit.clientId;
    charge(latenessTerm.name, latenessTerm.cost(w, visit, start), carer.id, clientId);
    const minutes = Math.max(0, start - visit.windowEnd);
    const latest = this.latestByDate.get(visit.date);
    if (latest === undefined || minutes > latest.minutes) {
      this.latestByDate.set(visit.date, { minutes, carerId: carer.id, clientId });
    }
    if (idle !== undefined) {
      const threshold = settings.unpaidGapThresholdMinutes;
      charge(unpaidGapsTerm.name, unpaidGapsTerm.cost(w, idle, threshold), carer.id, undefined);
    }
    const windows = preferredHoursTerm.windows(expanded, carer);
    const outside = preferredHoursTerm.cost(w, windows, start, duration);
    charge(preferredHoursTerm.name, outside, carer.id, clientId);
    const client = expanded.clients.get(clientId);
    if (client) {
      for (const term of ASSIGNMENT_TERMS) {
        charge(term.name, term.cost(w, client, carer), carer.id, clientId);
      }
    }

    const seen = this.carersOfClient.get(clientId) ?? new Set<string>();
    seen.add(carer.id);
    this.carersOfClient.set(clientId, seen);
    const pattern = this.carersOfPattern.get(visit.patternKey) ?? {
      clientId,
      needed: visit.carersNeeded,
      carers: new Set<string>(),
    };
    pattern.carers.add(carer.id);
    this.carersOfPattern.set(visit.patternKey, pattern);
  }

  /** Charges a route of `carer` on `date` with `travel` minutes of travel and `work` of work. */
  route(carer: Carer, date: string, travel: number, work: number): void {
    const w = this.expanded.problem.settings.weights;
    this.charge(travelTerm.name, travelTerm.cost(w, travel), carer.id, undefined);
    const dayKey = `${carer.id}\u0000${date}`;
    this.travelByCarerDay.set(dayKey, (this.travelByCarerDay.get(dayKey) ?? 0) + travel);
    const weekKey = `${carer.id}\u0000${weekStartOf(date)}`;
    this.workByCarerWeek.set(weekKey, (this.workByCarerWeek.get(weekKey) ?? 0) + work);
  }

  /**
   * Charges the terms of the whole roster: each day's largest lateness (to the carer and client
   * of that day's latest visit), continuity, travel per day, contracted hours.
   */
  finish(): void {
    const { expanded, charge } = this;
    const w = expanded.problem.settings.weights;
    for (const latest of this.latestByDate.values()) {
      const cost = worstLatenessTerm.cost(w, latest.minutes);
      charge(worstLatenessTerm.name, cost, latest.carerId, latest.clientId);
    }
    // A pass over every visit: skipped when no stop was tallied (a stopped solve's empty
    // roster of a county), as no client then has a carer to count.
    const allowances =
      this.carersOfClient.size > 0 ? carerAllowances(expanded) : new Map<string, number>();
    for (const [clientId, carers] of this.carersOfClient) {
      const cost = extraCarersTerm.cost(w, carers.size, allowances.get(clientId) ?? 1);
      charge(extraCarersTerm.name, cost, undefined, clientId);
    }
    for (const pattern of this.carersOfPattern.values()) {
      const cost = timeOfDayTerm.cost(w, pattern.carers.size, pattern.needed);
      charge(timeOfDayTerm.name, cost, undefined, pattern.clientId);
    }
    for (const [key, minutes] of this.travelByCarerDay) {
      const carerId = key.split('\u0000')[0]!;
      const limit = expanded.carers.get(carerId)?.preferences.maxTravelMinutesPerDay;
      if (limit !== undefined) {
        const cost = travelPreferenceTerm.cost(w, minutes, limit);
        charge(travelPreferenceTerm.name, cost, carerId, undefined);
      }
    }
    for (const carer of expanded.problem.carers) {
      for (const [monday, contracted] of contractedMinutesByWeek(expanded, carer)) {
        const worked = this.workByCarerWeek.get(`${carer.id}\u0000${monday}`) ?? 0;
        const cost = contractHoursTerm.cost(w, contracted, worked);
        charge(contractHoursTerm.name, cost, carer.id, undefined);
      }
    }
  }
}
