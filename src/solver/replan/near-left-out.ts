/**
 * Where a replan's search may move visits: near the visits insertion left out. Ruin and recreate
 * places a left-out double-up by reshuffling, and over a whole scope it reshuffles visits hours
 * and streets away that had nothing to do with it; each of those is a change someone must be
 * told of. Holding every visit far from the left-out ones to its route keeps the reshuffle where
 * the room is made.
 */
import type { EngineInstance, EngineSolution } from '../engine/instance.js';

/**
 * Minutes either side of the left-out visits' windows within which other visits may change
 * carer: two hours is a morning or an evening round, enough to free a slot by moving the visits
 * around it, while a visit further off in time cannot stand in the slot's way.
 */
export const NEAR_LEFT_OUT_MINUTES = 120;

/**
 * Carer routes not yet changed that the search may open for each left-out visit, nearest first:
 * a carer-day the repair already changed costs nothing more to change again, a new one costs a
 * phone call and a day sheet (`settings.change.changedCarerDay`), which the engine's moves do
 * not see; two or three neighbours are where a slot is made.
 */
export const NEAREST_UNCHANGED_ROUTES = 3;

/** Whether `t` may use route `r` in `instance`. */
const allows = (instance: EngineInstance, t: number, r: number) =>
  ((instance.allowed[t * instance.routeWords + (r >>> 5)]! >>> (r & 31)) & 1) === 1;

/**
 * The routes a replan's search may change: those whose carer-day `changed` says differs from
 * before already, and for each left-out visit (`wanted`) the {@link NEAREST_UNCHANGED_ROUTES}
 * others it may use that are nearest to it (travel from the carer's start or nearest stop).
 *
 * @example
 * const open = routesForSearch(instance, solution, wanted, (r) => dayChanged(r));
 * const narrowed = holdFarFromLeftOut(instance, solution, wanted, open);
 */
export function routesForSearch(
  instance: EngineInstance,
  solution: Pick<EngineSolution, 'routes' | 'unplaced'>,
  wanted: (t: number) => boolean,
  changed: (r: number) => boolean,
  nearest = NEAREST_UNCHANGED_ROUTES,
): Uint8Array {
  const open = new Uint8Array(instance.nRoutes);
  for (let r = 0; r < instance.nRoutes; r++) if (changed(r)) open[r] = 1;
  const n = instance.nLocations;
  for (const t of solution.unplaced) {
    if (!wanted(t)) continue;
    const here = instance.taskLocation[t]!;
    const ranked: { r: number; minutes: number }[] = [];
    for (let r = 0; r < instance.nRoutes; r++) {
      if (open[r] === 1 || !allows(instance, t, r)) continue;
      const time = instance.travelTime[instance.routeProfile[r]!]!;
      let minutes = time[instance.routeStartLocation[r]! * n + here]!;
      for (const v of solution.routes[r] ?? []) {
        minutes = Math.min(minutes, time[instance.taskLocation[v]! * n + here]!);
      }
      ranked.push({ r, minutes });
    }
    ranked.sort((a, b) => a.minutes - b.minutes || a.r - b.r);
    for (const { r } of ranked.slice(0, nearest)) open[r] = 1;
  }
  return open;
}

/**
 * A copy of `instance` in which each visit of `solution` not near a left-out one (`wanted`)
 * may stay only on its route: near means on a route a left-out visit could use, starting
 * within {@link NEAR_LEFT_OUT_MINUTES} of its window. With `open` (from
 * {@link routesForSearch}), no visit may move onto a route outside it, and only visits on open
 * routes count as near. The instance itself when none is left out.
 *
 * @example
 * const narrowed = holdFarFromLeftOut(instance, solution, (t) => wanted(t));
 */
export function holdFarFromLeftOut(
  instance: EngineInstance,
  solution: Pick<EngineSolution, 'routes' | 'taskStart' | 'unplaced'>,
  wanted: (t: number) => boolean,
  open?: Uint8Array,
): EngineInstance {
  const left = solution.unplaced.filter(wanted);
  if (left.length === 0) return instance;
  const words = instance.routeWords;
  const usable = new Uint8Array(instance.nRoutes);
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  for (const t of left) {
    for (let r = 0; r < instance.nRoutes; r++) {
      if (((instance.allowed[t * words + (r >>> 5)]! >>> (r & 31)) & 1) === 1) usable[r] = 1;
    }
    from = Math.min(from, instance.taskEarliest[t]! - NEAR_LEFT_OUT_MINUTES);
    to = Math.max(to, instance.taskLatest[t]! + instance.taskService[t]! + NEAR_LEFT_OUT_MINUTES);
  }
  if (open) for (let r = 0; r < instance.nRoutes; r++) if (open[r] === 0) usable[r] = 0;
  const allowed = Uint32Array.from(instance.allowed);
  if (open) {
    // Routes outside `open` take no new visit: cleared from every task's row.
    const mask = new Uint32Array(words);
    for (let r = 0; r < instance.nRoutes; r++) if (open[r] === 1) mask[r >>> 5]! |= 1 << (r & 31);
    for (let t = 0; t < instance.nTasks; t++) {
      for (let w = 0; w < words; w++) allowed[t * words + w]! &= mask[w]!;
    }
  }
  solution.routes.forEach((tasks, r) => {
    for (const t of tasks) {
      const start = solution.taskStart[t]!;
      if (usable[r] === 1 && start >= from && start <= to) continue;
      allowed.fill(0, t * words, (t + 1) * words);
      allowed[t * words + (r >>> 5)] = 1 << (r & 31);
    }
  });
  return { ...instance, allowed };
}
