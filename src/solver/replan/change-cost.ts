/**
 * The change cost of a replan, priced move by move like every other soft term: a visit given to
 * a carer who did not have it, and one by a carer the client had no visit from, through the
 * engine's per (task, carer) assignment cost; a visit starting later than its previous start
 * plus the tolerance through the lateness term, with the previous start as its due time. A visit
 * starting earlier than its previous start less the tolerance is ruled out by its window instead:
 * the engine starts each visit on arrival or at its earliest start, so the carer can always wait
 * for the old time, and waiting is what a client told a time expects. The fourth term, each
 * carer-day that changes, is not a sum over visits; `carer-days.ts` prices it.
 */
import type { ChangeWeights } from '../../model/schema.js';
import type { EngineInstance } from '../engine/instance.js';
import type { CompiledProblem } from '../compile.js';
import type { PreviousPlacement } from './previous.js';

/** A copy of `instance` whose objective also prices moving away from the previous roster. */
export function withChangeCost(
  instance: EngineInstance,
  compiled: CompiledProblem,
  placement: PreviousPlacement,
  weights: ChangeWeights,
): EngineInstance {
  const nWorkers = instance.nWorkers;
  const costs = ownRows(instance);
  // Workers of each carer, so that a task marks the few workers whose carers it had instead of
  // asking every worker's carer (tasks times workers string lookups on a large day).
  const workersOf = new Map<string, number[]>();
  compiled.workerCarer.forEach((carerId, worker) => {
    const workers = workersOf.get(carerId);
    if (workers) workers.push(worker);
    else workersOf.set(carerId, [worker]);
  });
  const HAD_VISIT = 1;
  const KNOWN_TO_CLIENT = 2;
  const marks = new Uint8Array(nWorkers);
  // Only the workers with a route in the scope: no other worker's cost is ever read (the compile
  // numbers every carer of the problem, some hundreds of times the scope's on a large day).
  const routed = [...new Set(instance.routeWorker)].sort((a, b) => a - b);
  const mark = (carers: ReadonlySet<string>, bit: number) => {
    // Bit 0 clears: the marks are undone where they were made, not over every worker.
    for (const carerId of carers) {
      for (const w of workersOf.get(carerId) ?? []) marks[w] = bit === 0 ? 0 : marks[w]! | bit;
    }
  };
  compiled.taskVisit.forEach((visit, t) => {
    const visitCarers = placement.visitCarers.get(visit.id);
    const clientCarers = placement.clientCarers.get(visit.clientId);
    if (!visitCarers && !clientCarers) return;
    if (visitCarers) mark(visitCarers, HAD_VISIT);
    if (clientCarers) mark(clientCarers, KNOWN_TO_CLIENT);
    for (const worker of routed) {
      let cost = 0;
      if (visitCarers && (marks[worker]! & HAD_VISIT) === 0) cost += weights.movedVisit;
      if (clientCarers && (marks[worker]! & KNOWN_TO_CLIENT) === 0) {
        cost += weights.newCarerForClient;
      }
      if (cost !== 0) costs[t * nWorkers + worker] = costs[t * nWorkers + worker]! + cost;
    }
    if (visitCarers) mark(visitCarers, 0);
    if (clientCarers) mark(clientCarers, 0);
  });
  // A visit the previous roster placed and the change left where it was, dropped, is the
  // largest change of all (its client is told nobody comes): dearer than giving it to a
  // stranger, so a repair never trades it for a displaced visit at the same number unplaced.
  const penalty = Float64Array.from(instance.taskUnplacedPenalty);
  const dropped = weights.movedVisit + weights.newCarerForClient + weights.changedCarerDay;
  for (let t = 0; t < instance.nTasks; t++) {
    if (placement.taskRoute[t]! >= 0) penalty[t] = penalty[t]! + dropped;
  }
  const soft = instance.soft;
  if (!soft || weights.minuteBeyondTolerance === 0) {
    return {
      ...instance,
      assignmentCost: costs,
      taskAssignmentRow: null,
      taskUnplacedPenalty: penalty,
    };
  }
  const due = Float64Array.from(soft.taskDue);
  const lateness = Float64Array.from(soft.taskLatenessCost);
  const earliest = Float64Array.from(instance.taskEarliest);
  for (let t = 0; t < instance.nTasks; t++) {
    const before = placement.taskStart[t]!;
    if (Number.isNaN(before)) continue;
    // The previous start met the window, so the narrowed window still holds it.
    earliest[t] = Math.min(
      instance.taskLatest[t]!,
      Math.max(earliest[t]!, before - weights.toleranceMinutes),
    );
    const tolerated = before + weights.toleranceMinutes;
    if (tolerated >= due[t]!) continue;
    // From the tolerance on, each minute costs the change weight, on top of any lateness weight
    // (which then also counts inside the window: a little dearer than the roster will report).
    due[t] = tolerated;
    lateness[t] = lateness[t]! + weights.minuteBeyondTolerance;
  }
  return {
    ...instance,
    taskEarliest: earliest,
    assignmentCost: costs,
    taskAssignmentRow: null,
    taskUnplacedPenalty: penalty,
    soft: { ...soft, taskDue: due, taskLatenessCost: lateness },
  };
}

/**
 * The assignment costs of `instance` with a row of its own for each task (tasks of one client
 * may share a row in the compiled instance; the change cost differs from visit to visit).
 */
function ownRows(instance: EngineInstance): Float64Array {
  const nWorkers = instance.nWorkers;
  const costs = new Float64Array(instance.nTasks * nWorkers);
  const shared = instance.assignmentCost;
  if (shared === null) return costs;
  const rows = instance.taskAssignmentRow ?? null;
  if (rows === null) {
    costs.set(shared);
    return costs;
  }
  for (let t = 0; t < instance.nTasks; t++) {
    const from = rows[t]! * nWorkers;
    costs.set(shared.subarray(from, from + nWorkers), t * nWorkers);
  }
  return costs;
}
