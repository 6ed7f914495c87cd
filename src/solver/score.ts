/**
 * The solver's own scoring of a solution in compiled form: every soft term and the unplaced
 * cost, by rule name. It measures the solution from task and route indices and the engine's
 * start times, not from the roster JSON, and charges the measures through the same
 * `SoftTermTally` as `explainRoster`; a property test holds the two equal, so a roster that
 * decodes or reads differently from what the solver scored is caught.
 */
import type { ExpandedProblem } from '../model/expand.js';
import { expandedCarer } from '../model/expand.js';
import type { TravelMatrix } from '../geo/travel-matrix.js';
import type { SoftTermName } from '../constraints/soft-term-definitions.js';
import {
  SOFT_TERM_DEFINITIONS,
  UNPLACED_TERM,
  unplacedCost,
} from '../constraints/soft-term-definitions.js';
import { SoftTermTally } from '../constraints/soft-term-tally.js';
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
  const names: (SoftTermName | typeof UNPLACED_TERM)[] = [
    ...SOFT_TERM_DEFINITIONS.map((definition) => definition.name),
    UNPLACED_TERM,
  ];
  const byRule = new Map(names.map((name) => [name, 0]));
  const add = (rule: SoftTermName | typeof UNPLACED_TERM, cost: number) =>
    byRule.set(rule, (byRule.get(rule) ?? 0) + cost);

  const tally = new SoftTermTally(expanded, add);
  solution.routes.forEach((tasks, r) => {
    if (tasks.length === 0) return;
    const shift = compiled.routeShift[r];
    if (!shift) return;
    const { carer, startPlace, endPlace, transport: mode } = expandedCarer(expanded, shift.carerId);
    let place = startPlace;
    let previousEnd = Number.NaN;
    let routeTravel = 0;
    let routeWork = 0;
    for (const task of tasks) {
      const visit = compiled.taskVisit[task];
      if (!visit) continue;
      const start = solution.taskStart[task]!;
      const leg = travel.minutes(place, visit.location, mode);
      routeTravel += leg;
      const duration = compiled.instance.taskService[task]!;
      routeWork += leg + duration;
      const idle = Number.isNaN(previousEnd) ? undefined : start - previousEnd - leg;
      tally.stop(carer, visit, start, idle, duration);
      place = visit.location;
      previousEnd = start + duration;
    }
    const back = travel.minutes(place, endPlace, mode);
    routeTravel += back;
    routeWork += back;
    tally.route(carer, shift.date, routeTravel, routeWork);
  });
  tally.finish();
  const unplacedVisits = new Set(solution.unplaced.map((task) => compiled.taskVisit[task]));
  for (const visit of unplacedVisits) if (visit) add(UNPLACED_TERM, unplacedCost(visit));

  let total = 0;
  for (const cost of byRule.values()) total += cost;
  return { total, byRule };
}
