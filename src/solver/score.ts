/**
 * The solver's own scoring of a solution in compiled form: every soft term and the unplaced
 * cost, by rule name. It works on task and route indices and the engine's start times, not on
 * the roster JSON, so a property test can hold it against `explainRoster` (which reads the
 * roster) and catch either one drifting from the rules.
 */
import type { ExpandedProblem } from '../model/expand.js';
import { expandedCarer, weekStartOf } from '../model/expand.js';
import type { TravelMatrix } from '../geo/travel-matrix.js';
import type { SoftTermName } from '../constraints/soft-terms.js';
import {
  SOFT_TERMS,
  UNPLACED_TERM,
  contractedMinutesByWeek,
  unplacedCost,
} from '../constraints/soft-terms.js';
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
    ...Object.values(SOFT_TERMS),
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
    const { carer, startPlace, endPlace, transport: mode } = expandedCarer(expanded, shift.carerId);
    let place = startPlace;
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
      add(SOFT_TERMS.lateness, Math.max(0, start - visit.windowEnd) * w.latenessMinute);
      if (!Number.isNaN(previousEnd)) {
        add(
          SOFT_TERMS.unpaidGaps,
          Math.max(0, start - previousEnd - leg - threshold) * w.unpaidGapMinute,
        );
      }
      add(SOFT_TERMS.preferredHours, compiled.preferredHoursCost(worker, start, visit.duration));
      const client = expanded.clients.get(visit.clientId);
      if (client) {
        const rank = client.team.indexOf(carer.id);
        if (rank >= 0)
          add(SOFT_TERMS.team, -(w.teamVisit * (client.team.length - rank)) / client.team.length);
        const areas = carer.preferences.preferredAreas;
        if (areas.length > 0 && client.area !== undefined && !areas.includes(client.area)) {
          add(SOFT_TERMS.preferredArea, w.outsidePreferredAreaVisit);
        }
        if (client.tags.some((tag) => carer.preferences.tags.includes(tag))) {
          add(SOFT_TERMS.sharedTags, -w.sharedTagVisit);
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
    const back = travel.minutes(place, endPlace, mode);
    routeTravel += back;
    routeWork += back;
    add(SOFT_TERMS.travel, routeTravel * w.travelMinute);
    const dayKey = `${carer.id}\u0000${shift.date}`;
    dayTravel.set(dayKey, (dayTravel.get(dayKey) ?? 0) + routeTravel);
    const weekKey = `${carer.id}\u0000${weekStartOf(shift.date)}`;
    work.set(weekKey, (work.get(weekKey) ?? 0) + routeWork);
  });

  const needed = new Map<string, number>();
  for (const visit of expanded.visits) {
    needed.set(visit.clientId, Math.max(needed.get(visit.clientId) ?? 1, visit.carersNeeded));
  }
  for (const [clientId, carers] of clientCarers) {
    const team = expanded.clients.get(clientId)?.team.length ?? 0;
    const allowance = Math.max(1, team, needed.get(clientId) ?? 1);
    add(SOFT_TERMS.extraCarers, Math.max(0, carers.size - allowance) * w.extraCarer);
  }
  for (const pattern of patternCarers.values()) {
    add(
      SOFT_TERMS.timeOfDay,
      Math.max(0, pattern.carers.size - pattern.needed) * w.timeOfDayExtraCarer,
    );
  }
  for (const [key, minutes] of dayTravel) {
    const limit = expanded.carers.get(key.split('\u0000')[0] as string)?.preferences
      .maxTravelMinutesPerDay;
    if (limit !== undefined) {
      add(SOFT_TERMS.travelPreference, Math.max(0, minutes - limit) * w.travelOverPreferenceMinute);
    }
  }
  for (const carer of expanded.problem.carers) {
    for (const [monday, contracted] of contractedMinutesByWeek(expanded, carer)) {
      const worked = work.get(`${carer.id}\u0000${monday}`) ?? 0;
      add(
        SOFT_TERMS.contractHours,
        (Math.max(0, contracted - worked) * w.underContractHour +
          Math.max(0, worked - contracted) * w.overContractHour) /
          60,
      );
    }
  }
  const unplacedVisits = new Set(solution.unplaced.map((task) => compiled.taskVisit[task]));
  for (const visit of unplacedVisits) if (visit) add(UNPLACED_TERM, unplacedCost(visit));

  let total = 0;
  for (const cost of byRule.values()) total += cost;
  return { total, byRule };
}
