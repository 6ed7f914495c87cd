/**
 * Engine self-checks, for tests and for chasing a bug: with the environment variable
 * `CARE_ROSTER_ENGINE_CHECKS=1` (read once, when this module loads) every change the search
 * predicts (each local-search move's delta, each single insertion's delta, the running total
 * after every ruin-and-recreate step) is held against a recomputation from scratch, and a
 * mismatch throws an {@link EngineCheckError} naming what was checked and both figures. With a
 * rest between days, each route's bounds are held against those its worker's other routes give
 * (a stale latest return prices nothing wrong, it lets a later move break the rest). The final
 * feasibility guard of `solveEngine` then throws too, instead of falling back to the construction.
 * Off by default: a recomputation costs O(tasks) per move.
 */
import { restStarts } from './days.js';
import { Route } from './route.js';
import { continuityCostOf, targetCost } from './soft.js';
import type { Solution } from './solution.js';

/** The environment variable that turns the checks on (value `1`). */
export const ENGINE_CHECKS_VARIABLE = 'CARE_ROSTER_ENGINE_CHECKS';

/**
 * Relative tolerance of a check: far above the rounding of summing a roster's costs in another
 * order, far below any real pricing error (a minute of travel on a week's roster).
 */
const CHECK_TOLERANCE = 1e-9;

function readSwitch(): boolean {
  // No Node import: the engine also runs in browsers, where `process` may be absent.
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  return env?.[ENGINE_CHECKS_VARIABLE] === '1';
}

/** Whether engine checks are on for this process (see the module comment). */
export const ENGINE_CHECKS: boolean = readSwitch();

/** A prediction of the engine that a recomputation contradicts: a bug in the engine. */
export class EngineCheckError extends Error {
  override readonly name = 'EngineCheckError';
}

/** Routes rebuilt by {@link recomputedCost}, kept per solution so a check allocates little. */
const scratchRoutes = new WeakMap<Solution, Route[]>();

/**
 * The objective of `sol` recomputed from scratch: each route rebuilt from its task list, then
 * targets, continuity and unplaced penalties summed anew, without reading or changing the
 * solution's running totals or route caches. `placedOnly` leaves out the unplaced penalties,
 * whose size would otherwise swamp the tolerance of a check on a change among placed tasks.
 * With a rest between days it first runs {@link checkRestBounds}, so every check point holds
 * the bounds too.
 */
export function recomputedCost(sol: Solution, placedOnly = false): number {
  const p = sol.p;
  let fresh = scratchRoutes.get(sol);
  const inst = p.inst;
  if (fresh === undefined) {
    fresh = sol.routes.map(
      (route) => new Route(route.index, inst.routeEarliestStart[route.index]!, Infinity),
    );
    scratchRoutes.set(sol, fresh);
  }
  // The rest between days moves departures, and so the schedules: derived anew, day by day.
  const earliest = restStarts(
    inst,
    p.days,
    sol.routes.map((route) => route.tasks),
    sol.effE,
    sol.effL,
  );
  if (p.days.rest > 0) checkRestBounds(sol);
  const soft = p.soft;
  let cost = 0;
  const targetSum = new Float64Array(soft?.nTargets ?? 0);
  const served = new Map<number, Set<number>>();
  const dayWorst = new Map<number, number>();
  for (const current of sol.routes) {
    const r = current.index;
    const route = fresh[r]!;
    route.tasks = current.tasks;
    route.es = earliest[r]!;
    route.le = inst.routeLatestEnd[r]!;
    route.refresh(p, sol.effE, sol.effL);
    cost += route.cost + route.assignment + route.sched;
    if (soft === null) continue;
    const day = p.worstLate ? soft.routeDay![r]! : -1;
    if (day >= 0) dayWorst.set(day, Math.max(dayWorst.get(day) ?? 0, route.late));
    for (let i = p.routeTargetStart[r]!; i < p.routeTargetStart[r + 1]!; i++) {
      const k = p.routeTargets[i]!;
      targetSum[k]! += soft.targetMeasure[k] === 0 ? route.work : route.travel;
    }
    const w = inst.routeWorker[r]!;
    for (const t of route.tasks) {
      for (let i = soft.taskContinuityStart[t]!; i < soft.taskContinuityStart[t + 1]!; i++) {
        const g = soft.taskContinuity[i]!;
        let workers = served.get(g);
        if (workers === undefined) served.set(g, (workers = new Set()));
        workers.add(w);
      }
    }
  }
  if (soft !== null) {
    for (let k = 0; k < soft.nTargets; k++) cost += targetCost(soft, k, targetSum[k]!);
    for (let g = 0; g < soft.nContinuity; g++) {
      cost += continuityCostOf(soft, g, served.get(g)?.size ?? 0);
    }
    for (const late of dayWorst.values()) cost += late * soft.worstLatenessCost!;
  }
  if (!placedOnly) {
    for (let t = 0; t < p.nTasks; t++) {
      if (sol.taskRoute[t]! < 0) cost += inst.taskUnplacedPenalty[t]!;
    }
  }
  return cost;
}

/**
 * Throws unless `actual` equals `predicted` within the check tolerance, relative to `scale`
 * (the size of the totals the two were computed from).
 */
export function checkEqual(what: string, predicted: number, actual: number, scale: number): void {
  if (Math.abs(predicted - actual) <= CHECK_TOLERANCE * (1 + Math.abs(scale))) return;
  throw new EngineCheckError(
    `engine check failed: ${what} predicted ${predicted}, recomputation gives ${actual}`,
  );
}

/**
 * Throws an {@link EngineCheckError} unless every route's earliest departure and latest return
 * are the bounds the rest between days gives from its worker's other routes as they stand: a
 * bound left from an earlier state lets a move break the rest, or keeps out one that fits.
 *
 * @example
 * ```ts
 * sol.routes[r]!.le += 5;
 * checkRestBounds(sol); // throws: route r keeps bounds [es, le + 5], the rest gives [es, le]
 * ```
 */
export function checkRestBounds(sol: Solution): void {
  for (const route of sol.routes) {
    const r = route.index;
    const es = sol.startBound(r);
    const le = sol.endBound(r);
    if (route.es === es && route.le === le) continue;
    throw new EngineCheckError(
      `engine check failed: route ${r} keeps bounds [${route.es}, ${route.le}], the rest gives [${es}, ${le}]`,
    );
  }
}
