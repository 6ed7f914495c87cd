/**
 * Where a replan's search may move visits: near the visits insertion left out. Ruin and recreate
 * places a left-out double-up by reshuffling, and over a whole scope it reshuffles visits hours
 * and streets away that had nothing to do with it; each of those is a change someone must be
 * told of. Holding every visit far from the left-out ones to its route keeps the reshuffle where
 * the room is made.
 */
import type { EngineInstance, EngineSolution } from '../engine/instance.js';
import { isAllowed, onlyRoute } from '../engine/allowed-table.js';

/**
 * Minutes either side of the left-out visits' windows within which other visits may change
 * carer: two hours is a morning or an evening round, enough to free a slot by moving the visits
 * around it, while a visit further off in time cannot stand in the slot's way.
 */
export const NEAR_LEFT_OUT_MINUTES = 120;

/**
 * A copy of `instance` in which each visit of `solution` not near a left-out one (`wanted`)
 * may stay only on its route: near means on a route a left-out visit could use, starting
 * within {@link NEAR_LEFT_OUT_MINUTES} of its window. The instance itself when none is left out.
 *
 * @example
 * const narrowed = holdFarFromLeftOut(instance, solution, (t) => wanted(t));
 */
export function holdFarFromLeftOut(
  instance: EngineInstance,
  solution: Pick<EngineSolution, 'routes' | 'taskStart' | 'unplaced'>,
  wanted: (t: number) => boolean,
): EngineInstance {
  const left = solution.unplaced.filter(wanted);
  if (left.length === 0) return instance;
  const usable = new Uint8Array(instance.nRoutes);
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  for (const t of left) {
    for (let r = 0; r < instance.nRoutes; r++) {
      if (isAllowed(instance, t, r)) usable[r] = 1;
    }
    from = Math.min(from, instance.taskEarliest[t]! - NEAR_LEFT_OUT_MINUTES);
    to = Math.max(to, instance.taskLatest[t]! + instance.taskService[t]! + NEAR_LEFT_OUT_MINUTES);
  }
  const allowed = Uint32Array.from(instance.allowed);
  solution.routes.forEach((tasks, r) => {
    for (const t of tasks) {
      const start = solution.taskStart[t]!;
      if (usable[r] === 1 && start >= from && start <= to) continue;
      onlyRoute(allowed, instance, t, r, 'set');
    }
  });
  return { ...instance, allowed };
}
