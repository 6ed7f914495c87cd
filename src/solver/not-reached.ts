/**
 * The roster of a solve stopped before it placed anything (aborted or out of time while the
 * problem was still being loaded or compiled): every visit listed unplaced as not reached.
 * Cheap on purpose (no compilation, no per-visit eligibility), so an abort at any moment can be
 * answered at once, and with nothing dropped.
 */
import type { ExpandedProblem } from '../model/expand.js';
import type { Roster, SolveStats, UnplacedReason, UnplacedVisit } from '../model/roster.js';
import type { TravelMatrix } from '../geo/travel-matrix.js';
import { NOT_REACHED_RULE } from '../constraints/eligibility.js';
import { computeKpis } from '../constraints/kpis.js';
import { softTermCosts } from '../constraints/explain.js';
import { UNPLACED_TERM, unplacedCost } from '../constraints/soft-term-definitions.js';

/** The reason of a visit the solve never tried to place: one wording for every stopped solve. */
export const NOT_REACHED_REASON: UnplacedReason = {
  rule: NOT_REACHED_RULE,
  carers: 0,
  message: `${NOT_REACHED_RULE}: the solve was stopped (time limit or abort) before it tried to place this visit`,
};

/**
 * The reasons of every visit of a stopped solve's answer: one list, shared and frozen, as a
 * list per visit was 166k arrays at a county's week, all alike.
 */
const NOT_REACHED_REASONS: readonly UnplacedReason[] = Object.freeze([NOT_REACHED_REASON]);

/** What a stopped solve says about itself in `stats`. */
export interface NotReachedStats {
  readonly seed: number;
  readonly elapsedMs: number;
  readonly stoppedBy: SolveStats['stoppedBy'];
}

/**
 * A roster with no stops and every visit of `expanded` unplaced under {@link NOT_REACHED_RULE},
 * its KPIs and its cost (the unplaced visits and the soft terms of an empty roster, such as
 * contracted hours not worked) as `explainRoster` prices them. It passes `checkRoster`.
 *
 * @example
 * ```ts
 * const expanded = expandProblem(parseProblem(input));
 * const travel = straightLineTravelMatrix(expanded.locations, expanded.problem.settings.travel);
 * const roster = notReachedRoster(expanded, travel, { seed: 1, elapsedMs: 5, stoppedBy: 'aborted' });
 * roster.unplaced.length === expanded.visits.length; // true
 * ```
 */
export function notReachedRoster(
  expanded: ExpandedProblem,
  travel: TravelMatrix,
  stats: NotReachedStats,
): Roster {
  const unplaced: UnplacedVisit[] = new Array<UnplacedVisit>(expanded.visits.length);
  // The unplaced term summed here, visit by visit in the order `softTermCosts` charges it (so
  // to the same bits): its per-client tally, which this answer never reads, cost a map update
  // per visit.
  let unplacedTotal = 0;
  for (let index = 0; index < expanded.visits.length; index++) {
    const visit = expanded.visits[index]!;
    // The identity fields as `visitIdentity` gives them, written out beside the reasons: one
    // object a visit, where adding the reasons to that identity grew each one a second time.
    unplaced[index] = {
      visitKey: visit.id,
      packageId: visit.packageId,
      visitId: visit.patternId,
      date: visit.date,
      clientId: visit.clientId,
      reasons: NOT_REACHED_REASONS,
    };
    unplacedTotal += unplacedCost(visit);
  }
  const costByRule: Record<string, number> = {};
  let cost = 0;
  for (const [rule, term] of softTermCosts(expanded, [], [], [])) {
    const total = rule === UNPLACED_TERM ? unplacedTotal : term.total;
    costByRule[rule] = total;
    cost += total;
  }
  return {
    timeZone: expanded.problem.timeZone,
    horizon: expanded.problem.horizon,
    routes: [],
    unplaced,
    kpis: computeKpis(expanded, travel, [], unplaced),
    stats: {
      seed: stats.seed,
      iterations: 0,
      elapsedMs: stats.elapsedMs,
      cost,
      costByRule,
      stoppedBy: stats.stoppedBy,
    },
    ...(travel.source === undefined ? {} : { travelSource: travel.source }),
  };
}
