/**
 * The objective part of compiling a care problem: the per (task, carer) assignment costs and the
 * soft terms the engine prices move by move, each price read from the term's one definition.
 */
import type { ExpandedProblem, Interval, Shift, Visit } from '../model/expand.js';
import type { Client } from '../model/schema.js';
import { weekStartOf } from '../model/expand.js';
import { carerAllowances, contractedMinutesByWeek } from '../constraints/soft-terms.js';
import * as terms from '../constraints/soft-term-definitions.js';
import type { CompileScope } from './compile.js';
import { checkDeadline, DEADLINE_CHECK_EVERY } from './compile-deadline.js';
import type { EngineSoftTerms } from './engine/instance.js';

/**
 * Keys of the daily and weekly working-time limits (and the contracted-hours and travel targets)
 * a shift of `carerId` on `date` counts to.
 *
 * @example
 * ```ts
 * workLimitKeys('ann', '2026-03-25').week; // 'week\u0000ann\u00002026-03-23' (its Monday)
 * ```
 */
export function workLimitKeys(carerId: string, date: string): { day: string; week: string } {
  return {
    day: `day\u0000${carerId}\u0000${date}`,
    week: `week\u0000${carerId}\u0000${weekStartOf(date)}`,
  };
}

/**
 * The per (task, carer) part of the objective: chosen-team bonus by rank, preferred areas and
 * shared interests, as rows of a cost per carer that tasks share (`taskRow[t]` is task t's
 * row). Null when every entry would be zero.
 *
 * The terms read of a client only its team, area and interest tags, so clients alike in those
 * share a row, priced once: a 9,000-client week has about 3,900 rows (145 MB) where a row per
 * task would be 6.8 GB.
 *
 * @example
 * ```ts
 * const table = buildAssignmentCosts(expanded, taskVisit, workerCarer, undefined);
 * table?.costs[table.taskRow[t]! * workerCarer.length + w]; // what giving task t to worker w adds
 * ```
 */
export function buildAssignmentCosts(
  expanded: ExpandedProblem,
  taskVisit: readonly Visit[],
  workerCarer: readonly string[],
  deadline: number | undefined,
): { costs: Float64Array; taskRow: Int32Array } | null {
  const weights = expanded.problem.settings.weights;
  const nWorkers = workerCarer.length;
  const carers = workerCarer.map((carerId) => expanded.carers.get(carerId));
  const taskRow = new Int32Array(taskVisit.length);
  const rowOfClient = new Map<string, number>();
  const rowOfKey = new Map<string, number>();
  const clients: (Client | undefined)[] = [];
  taskVisit.forEach((visit, t) => {
    let row = rowOfClient.get(visit.clientId);
    if (row === undefined) {
      const client = expanded.clients.get(visit.clientId);
      const key = client ? assignmentRowKey(client) : '';
      row = rowOfKey.get(key);
      if (row === undefined) {
        row = clients.length;
        rowOfKey.set(key, row);
        clients.push(client);
      }
      rowOfClient.set(visit.clientId, row);
    }
    taskRow[t] = row;
  });
  const costs = new Float64Array(clients.length * nWorkers);
  let any = false;
  clients.forEach((client, row) => {
    if ((row & (DEADLINE_CHECK_EVERY - 1)) === 0) checkDeadline(deadline);
    if (!client) return;
    const start = row * nWorkers;
    carers.forEach((carer, worker) => {
      if (!carer) return;
      let cost = 0;
      for (const definition of terms.ASSIGNMENT_TERMS)
        cost += definition.cost(weights, client, carer);
      if (cost !== 0) any = true;
      costs[start + worker] = cost;
    });
  });
  return any ? { costs, taskRow } : null;
}

/**
 * What the assignment terms read of a client (its team, area and interest tags), as a key:
 * clients with the same key share a row of {@link buildAssignmentCosts}.
 *
 * @example
 * ```ts
 * assignmentRowKey(client); // '[["ann","bob"],"north",["music"]]'
 * ```
 */
export function assignmentRowKey(client: Client): string {
  return JSON.stringify([client.team, client.area ?? null, client.tags]);
}

/**
 * The soft terms the engine prices move by move: lateness, unpaid gaps and preferred hours from
 * the schedule; contracted hours per carer-week and preferred travel per carer-day as targets;
 * distinct carers per client and per recurring visit as continuity groups.
 * Contracted hours already worked outside the scope count towards the target.
 *
 * @example
 * ```ts
 * const soft = buildSoftTerms(expanded, taskVisit, routeShift, workerCarer, preferred, {});
 * soft.gapCost; // the unpaid-gap weight per idle minute past the threshold
 * ```
 */
export function buildSoftTerms(
  expanded: ExpandedProblem,
  taskVisit: readonly Visit[],
  routeShift: readonly Shift[],
  workerCarer: readonly string[],
  preferred: readonly (readonly Interval[] | undefined)[],
  scope: CompileScope,
): EngineSoftTerms {
  const { settings } = expanded.problem;
  const weights = settings.weights;

  const workerPreferredStart = new Int32Array(workerCarer.length + 1);
  const from: number[] = [];
  const to: number[] = [];
  preferred.forEach((windows, worker) => {
    for (const window of windows ?? []) {
      from.push(window.start);
      to.push(window.end);
    }
    workerPreferredStart[worker + 1] = from.length;
  });

  const targets = new Map<
    string,
    { measure: 0 | 1; value: number; under: number; over: number; routes: number[] }
  >();
  const contracted = new Map<string, Map<string, number>>();
  routeShift.forEach((shift, r) => {
    const carer = expanded.carers.get(shift.carerId);
    if (!carer) return;
    const keys = workLimitKeys(carer.id, shift.date);
    let weeks = contracted.get(carer.id);
    if (!weeks) {
      weeks = contractedMinutesByWeek(expanded, carer);
      contracted.set(carer.id, weeks);
    }
    const contract = targets.get(keys.week) ?? {
      measure: 0,
      value: (weeks.get(weekStartOf(shift.date)) ?? 0) - (scope.workUsed?.get(keys.week) ?? 0),
      under: terms.contractHoursTerm.underPerMinute(weights),
      over: terms.contractHoursTerm.overPerMinute(weights),
      routes: [],
    };
    contract.routes.push(r);
    targets.set(keys.week, contract);
    const limit = carer.preferences.maxTravelMinutesPerDay;
    if (limit !== undefined && terms.travelPreferenceTerm.price(weights) > 0) {
      const travel = targets.get(keys.day) ?? {
        measure: 1,
        value: limit,
        under: 0,
        over: terms.travelPreferenceTerm.price(weights),
        routes: [],
      };
      travel.routes.push(r);
      targets.set(keys.day, travel);
    }
  });
  const list = [...targets.values()];
  const targetStart = new Int32Array(list.length + 1);
  list.forEach((target, k) => {
    targetStart[k + 1] = targetStart[k]! + target.routes.length;
  });

  // Continuity: each client's visits, and each recurring visit of theirs, as groups.
  const allowances = carerAllowances(expanded);
  const groupOf = new Map<string, number>();
  const allowance: number[] = [];
  const extraCost: number[] = [];
  const group = (key: string, allowed: number, cost: number): number => {
    let g = groupOf.get(key);
    if (g === undefined) {
      g = allowance.length;
      groupOf.set(key, g);
      allowance.push(allowed);
      extraCost.push(cost);
    }
    return g;
  };
  const taskContinuityStart = new Int32Array(taskVisit.length + 1);
  const taskContinuity: number[] = [];
  taskVisit.forEach((visit, t) => {
    const extraCarerCost = terms.extraCarersTerm.price(weights);
    if (extraCarerCost > 0) {
      const allowed = allowances.get(visit.clientId) ?? 1;
      taskContinuity.push(group(`client\u0000${visit.clientId}`, allowed, extraCarerCost));
    }
    const timeOfDayCost = terms.timeOfDayTerm.price(weights);
    if (timeOfDayCost > 0) {
      const key = `pattern\u0000${visit.patternKey}`;
      taskContinuity.push(group(key, visit.carersNeeded, timeOfDayCost));
    }
    taskContinuityStart[t + 1] = taskContinuity.length;
  });

  // Each day's largest lateness, only when priced: at 0 the engine keeps no per-day state.
  const worstCost = terms.worstLatenessTerm.price(weights);
  const dayOf = new Map<string, number>();
  for (const shift of routeShift) if (!dayOf.has(shift.date)) dayOf.set(shift.date, dayOf.size);
  const worstLateness =
    worstCost > 0
      ? {
          worstLatenessCost: worstCost,
          nDays: dayOf.size,
          routeDay: Int32Array.from(routeShift, (shift) => dayOf.get(shift.date)!),
        }
      : {};

  return {
    ...worstLateness,
    taskDue: Float64Array.from(taskVisit, (visit) => visit.windowEnd),
    taskLatenessCost: Float64Array.from(taskVisit, (visit) =>
      visit.maxLateness > 0 ? terms.latenessTerm.price(weights) : 0,
    ),
    gapThreshold: settings.unpaidGapThresholdMinutes,
    gapCost: terms.unpaidGapsTerm.price(weights),
    workerHasPreferred: Uint8Array.from(preferred, (windows) => (windows ? 1 : 0)),
    workerPreferredStart,
    preferredFrom: Float64Array.from(from),
    preferredTo: Float64Array.from(to),
    preferredCost: terms.preferredHoursTerm.price(weights),
    nTargets: list.length,
    targetStart,
    targetRoutes: Int32Array.from(list.flatMap((target) => target.routes)),
    targetMeasure: Uint8Array.from(list, (target) => target.measure),
    targetValue: Float64Array.from(list, (target) => target.value),
    targetUnderCost: Float64Array.from(list, (target) => target.under),
    targetOverCost: Float64Array.from(list, (target) => target.over),
    nContinuity: allowance.length,
    taskContinuityStart,
    taskContinuity: Int32Array.from(taskContinuity),
    continuityAllowance: Float64Array.from(allowance),
    continuityCost: Float64Array.from(extraCost),
  };
}
