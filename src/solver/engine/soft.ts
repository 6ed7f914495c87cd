/**
 * Costs of the engine's soft terms ({@link EngineSoftTerms}): what one stop costs once its start
 * time is known (lateness, idle time before it, service outside the worker's preferred hours)
 * and what a target costs at a given sum. Shared by the route caches, move evaluation and the
 * export, so all three price a schedule the same way.
 *
 * This is the engine's own form of the terms defined in `constraints/soft-term-definitions.ts`,
 * over dense arrays and per-unit prices that `compileProblem` reads from those definitions; it
 * stays separate because it runs inside every move evaluation. `tests/engine-soft.test.ts` and
 * `tests/soft-terms-exact.test.ts` hold it equal to the definitions.
 */
import type { EngineSoftTerms } from './instance.js';

/** Cost of target `k` when the summed measure of its routes is `value`. */
export function targetCost(soft: EngineSoftTerms, k: number, value: number): number {
  const short = soft.targetValue[k]! - value;
  return short > 0 ? short * soft.targetUnderCost[k]! : -short * soft.targetOverCost[k]!;
}

/** Cost of service `[start, start + service)` outside worker `w`'s preferred intervals. */
export function preferredCost(
  soft: EngineSoftTerms,
  w: number,
  start: number,
  service: number,
): number {
  if (soft.workerHasPreferred[w] === 0) return 0;
  const end = start + service;
  let inside = 0;
  for (let i = soft.workerPreferredStart[w]!; i < soft.workerPreferredStart[w + 1]!; i++) {
    const from = soft.preferredFrom[i]! > start ? soft.preferredFrom[i]! : start;
    const to = soft.preferredTo[i]! < end ? soft.preferredTo[i]! : end;
    if (to > from) inside += to - from;
  }
  return (service - inside) * soft.preferredCost;
}

/**
 * Cost of task `t` served by worker `w` from `start` for `service`, having waited `idle` since
 * arriving (negative for the first stop of a route, whose waiting is not counted: the worker
 * leaves later instead).
 */
export function stopCost(
  soft: EngineSoftTerms,
  t: number,
  w: number,
  start: number,
  service: number,
  idle: number,
): number {
  let cost = 0;
  const late = start - soft.taskDue[t]!;
  if (late > 0) cost += late * soft.taskLatenessCost[t]!;
  const unpaid = idle - soft.gapThreshold;
  if (idle >= 0 && unpaid > 0) cost += unpaid * soft.gapCost;
  if (soft.workerHasPreferred[w] === 1) cost += preferredCost(soft, w, start, service);
  return cost;
}

/** Whether the worst-lateness term (each day's largest lateness) is priced. */
export function hasWorstLateness(soft: EngineSoftTerms): boolean {
  return (soft.worstLatenessCost ?? 0) > 0 && soft.routeDay !== undefined;
}

/** Lateness of task `t` starting at `start`: how far past its due time, 0 when on time. */
export function latenessOf(soft: EngineSoftTerms, t: number, start: number): number {
  const late = start - soft.taskDue[t]!;
  return late > 0 ? late : 0;
}

/** Whether any term needs start times (the schedule), not only sums of work or travel. */
export function hasScheduleTerms(soft: EngineSoftTerms): boolean {
  if (soft.gapCost > 0) return true;
  if (hasWorstLateness(soft)) return true;
  if (soft.preferredCost > 0 && soft.workerHasPreferred.some((flag) => flag === 1)) return true;
  for (let t = 0; t < soft.taskLatenessCost.length; t++) {
    if (soft.taskLatenessCost[t]! > 0) return true;
  }
  return false;
}

/** Cost of continuity group `g` when `distinct` workers serve it. */
export function continuityCostOf(soft: EngineSoftTerms, g: number, distinct: number): number {
  const extra = distinct - soft.continuityAllowance[g]!;
  return extra > 0 ? extra * soft.continuityCost[g]! : 0;
}
