/**
 * The solver's own scoring of a solution in compiled form: every soft term and the unplaced
 * cost, by rule name. It works on task and route indices and the engine's start times, not on
 * the roster JSON, so a property test can hold it against `explainRoster` (which reads the
 * roster) and catch either one drifting from the rules.
 */
import type { ExpandedProblem } from '../model/expand.js';
import { weekStartOf } from '../model/expand.js';
import type { TravelMatrix } from '../geo/travel-matrix.js';
import type { SoftTermName } from '../constraints/soft-term-definitions.js';
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
} from '../constraints/soft-term-definitions.js';
import { carerAllowances, contractedMinutesByWeek } from '../constraints/soft-terms.js';
import type { EngineSolution } from './engine/instance.js';
import type { CompiledProblem } from './compile.js';

/** Cost of a solution by rule name, and its total. */
export interface SolutionScore {
  readonly total: number;
  readonly byRule: ReadonlyMap<SoftTermName | typeof UNPLACED_TERM, number>;
}

/** Scores an engine solution of a compiled care problem. */
export function scoreSolution(
  expanded: ExpandedProblem,
  travel: TravelMatrix,
  compiled: CompiledProblem,
  solution: EngineSolution,
): SolutionScore {
  const w = expanded.problem.settings.weights;
  const threshold = expanded.problem.settings.unpaidGapThresholdMinutes;
  const names: (SoftTermName | typeof UNPLACED_TERM)[] = [
    ...SOFT_TERM_DEFINITIONS.map((definition) => definition.name),
    UNPLACED_TERM,
  ];
  const byRule = new Map(names.map((name) => [name, 0]));
  const add = (rule: SoftTermName | typeof UNPLACED_TERM, cost: number) =>
    byRule.set(rule, (byRule.get(rule) ?? 0) + cost);

  const clientCarers = new Map<string, Set<number>>();
  const patternCarers = new Map<string, { needed: number; carers: Set<number> }>();
  const work = new Map<string, number>();
  const dayTravel = new Map<string, number>();

  solution.routes.forEach((tasks, r) => {
    if (tasks.length === 0) return;
    const shift = compiled.routeShift[r];
    if (!shift) return;
    const worker = compiled.workerOf.get(shift.carerId) as number;
    const carer = expanded.carers.get(shift.carerId);
    if (!carer) return;
    const mode = carer.transport;
    const preferred = preferredHoursTerm.windows(expanded, carer);
    let place = expanded.carerStart.get(carer.id) as number;
    let previousEnd = Number.NaN;
    let routeTravel = 0;
    let routeWork = 0;
    for (const task of tasks) {
      const visit = compiled.taskVisit[task];
      if (!visit) continue;
      const start = solution.taskStart[task] as number;
      const leg = travel.minutes(place, visit.location, mode);
      routeTravel += leg;
      routeWork += leg + visit.duration;
      add(latenessTerm.name, latenessTerm.cost(w, visit, start));
      if (!Number.isNaN(previousEnd)) {
        add(unpaidGapsTerm.name, unpaidGapsTerm.cost(w, start - previousEnd - leg, threshold));
      }
      add(preferredHoursTerm.name, preferredHoursTerm.cost(w, preferred, start, visit.duration));
      const client = expanded.clients.get(visit.clientId);
      if (client) {
        for (const definition of ASSIGNMENT_TERMS) {
          add(definition.name, definition.cost(w, client, carer));
        }
      }
      const carers = clientCarers.get(visit.clientId) ?? new Set<number>();
      carers.add(worker);
      clientCarers.set(visit.clientId, carers);
      const pattern = patternCarers.get(visit.patternKey) ?? {
        needed: visit.carersNeeded,
        carers: new Set(),
      };
      pattern.carers.add(worker);
      patternCarers.set(visit.patternKey, pattern);
      place = visit.location;
      previousEnd = start + visit.duration;
    }
    const back = travel.minutes(place, expanded.carerEnd.get(carer.id) as number, mode);
    routeTravel += back;
    routeWork += back;
    add(travelTerm.name, travelTerm.cost(w, routeTravel));
    const dayKey = `${carer.id}\u0000${shift.date}`;
    dayTravel.set(dayKey, (dayTravel.get(dayKey) ?? 0) + routeTravel);
    const weekKey = `${carer.id}\u0000${weekStartOf(shift.date)}`;
    work.set(weekKey, (work.get(weekKey) ?? 0) + routeWork);
  });

  const allowances = carerAllowances(expanded);
  for (const [clientId, carers] of clientCarers) {
    const allowance = allowances.get(clientId) ?? 1;
    add(extraCarersTerm.name, extraCarersTerm.cost(w, carers.size, allowance));
  }
  for (const pattern of patternCarers.values()) {
    add(timeOfDayTerm.name, timeOfDayTerm.cost(w, pattern.carers.size, pattern.needed));
  }
  for (const [key, minutes] of dayTravel) {
    const limit = expanded.carers.get(key.split('\u0000')[0] as string)?.preferences
      .maxTravelMinutesPerDay;
    if (limit !== undefined) {
      add(travelPreferenceTerm.name, travelPreferenceTerm.cost(w, minutes, limit));
    }
  }
  for (const carer of expanded.problem.carers) {
    for (const [monday, contracted] of contractedMinutesByWeek(expanded, carer)) {
      const worked = work.get(`${carer.id}\u0000${monday}`) ?? 0;
      add(contractHoursTerm.name, contractHoursTerm.cost(w, contracted, worked));
    }
  }
  const unplacedVisits = new Set(solution.unplaced.map((task) => compiled.taskVisit[task]));
  for (const visit of unplacedVisits) if (visit) add(UNPLACED_TERM, unplacedCost(visit));

  let total = 0;
  for (const cost of byRule.values()) total += cost;
  return { total, byRule };
}
