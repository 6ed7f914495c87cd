/**
 * Settling a replan's solution back towards the previous roster. The engine's search places the
 * visits a change displaced, but ruin and recreate moves other visits on the way, and its
 * objective cannot see the change cost's per-day term. This pass takes the search's solution
 * and, move by move, puts back what the change did not need: each visit on another carer than
 * before goes back to its old route, each displaced visit goes where the whole change cost
 * (per-visit terms and changed carer-days) is lowest. A move is kept only when the objective
 * with every change-cost term falls, so a visit stays moved only when moving it places a visit
 * or the weights say it pays.
 */
import { construct, warmStart } from '../engine/construct.js';
import { toEngineSolution, violations } from '../engine/export.js';
import type { EngineInstance, EngineSolution } from '../engine/instance.js';
import { bestInRoute, groupMembers, insertGroup, InsertionResult } from '../engine/insertion.js';
import { Problem } from '../engine/problem.js';
import { Solution } from '../engine/solution.js';
import type { CompiledProblem } from '../compile.js';
import type { CarerDays } from './carer-days.js';
import { changedDays, changedDaysCost } from './carer-days.js';
import type { PreviousPlacement } from './previous.js';

/** Improvement below which a move is taken as rounding, not a gain. */
const GAIN_EPS = 1e-6;

/** Sweeps over the candidate moves; a second one catches moves the first one's moves allowed. */
const MAX_SWEEPS = 2;

/**
 * Places per move weighed by the whole objective, best first by the engine's insertion cost
 * plus the day term: that ranking misses only re-timings beyond the tolerance, which are rare
 * at the top, and weighing every route would cost a full recount each.
 */
const WEIGHED_PLACES = 3;

/** What the settling pass needs besides the solution. */
export interface SettleInput {
  readonly instance: EngineInstance;
  readonly compiled: CompiledProblem;
  readonly placement: PreviousPlacement;
  readonly days: CarerDays;
  /** Tasks held where they were (history, pins, delays): never moved. */
  readonly held: ReadonlySet<number>;
  /** Whether a task left out must be placed if it can be (placed before, or new). */
  readonly wanted: (t: number) => boolean;
  /** Epoch milliseconds after which no further move is tried. */
  readonly deadline?: number;
  readonly signal?: AbortSignal;
}

/**
 * The objective a replan minimises: the engine's (travel, soft terms, unplaced visits, the
 * per-visit change cost) plus the changed carer-days.
 */
export function replanObjective(
  input: Pick<SettleInput, 'compiled' | 'days'>,
  solution: EngineSolution,
): number {
  return solution.cost + changedDaysCost(input.days, input.compiled, solution);
}

/** A place for a task found by {@link Settler.best}, with the objective once it is there. */
interface Placement {
  readonly route: number;
  readonly pos: number;
  readonly cost: number;
  readonly changed: ReadonlySet<string>;
}

/**
 * `solution` with every move back towards the previous roster that lowers
 * {@link replanObjective}: a visit on another carer than before back to its old route (alone, or
 * with a visit now in its place going elsewhere), a displaced visit to wherever the whole change
 * cost is lowest. `solution` itself when none pays or the result would not hold.
 *
 * @example
 * const settled = settleTowardsPrevious(solution, { instance, compiled, placement, days, held });
 */
export function settleTowardsPrevious(
  solution: EngineSolution,
  input: SettleInput,
): EngineSolution {
  const { instance, placement, held, days } = input;
  const p = new Problem(instance);
  const sol = new Solution(p);
  warmStart(sol, solution.routes, solution.taskStart);
  sol.resum();
  // The solution came from this instance, so it rebuilds whole; if not, leave it alone.
  if (sol.nUnplaced !== solution.unplaced.length) return solution;
  const evaluate = () => {
    const whole = toEngineSolution(instance, sol.snapshot());
    const changed = new Set(changedDays(days, input.compiled, whole));
    return { cost: whole.cost + changed.size * days.weight, changed };
  };
  let current: { cost: number; changed: ReadonlySet<string> } = evaluate();
  const gains = (cost: number) =>
    cost < current.cost - GAIN_EPS * Math.max(1, Math.abs(current.cost));
  const out = new InsertionResult();
  const stop = () =>
    input.signal?.aborted === true ||
    (input.deadline !== undefined && Date.now() >= input.deadline);
  const single = (t: number) =>
    p.groupStart[p.groupOf[t]! + 1]! - p.groupStart[p.groupOf[t]!]! === 1;
  const movable = (t: number) => !held.has(t) && single(t);

  /**
   * Best place for unplaced task `t` on `routes`: the engine's insertion cost plus the day term
   * ranks the routes, and the few best are weighed by the whole objective.
   */
  const best = (t: number, routes: readonly number[]): Placement | undefined => {
    const ranked: { route: number; pos: number; score: number }[] = [];
    for (const r of routes) {
      out.reset();
      if (!bestInRoute(sol, t, r, out)) continue;
      const day = current.changed.has(days.routeDay[r]!) ? 0 : days.weight;
      ranked.push({ route: r, pos: out.pos, score: out.delta + day });
    }
    ranked.sort((a, b) => a.score - b.score || a.route - b.route);
    let found: Placement | undefined;
    for (const candidate of ranked.slice(0, WEIGHED_PLACES)) {
      sol.insert(t, candidate.route, candidate.pos);
      const { cost, changed } = evaluate();
      sol.removeTasks([t]);
      if (found === undefined || cost < found.cost) found = { ...candidate, cost, changed };
    }
    return found;
  };
  /** Keeps the transaction when `placement` (of `t`) lowers the objective, else undoes it. */
  const settleWith = (t: number, placement: Placement | undefined): boolean => {
    if (placement !== undefined && gains(placement.cost)) {
      sol.insert(t, placement.route, placement.pos);
      sol.commit();
      current = { cost: placement.cost, changed: placement.changed };
      return true;
    }
    sol.rollback();
    return false;
  };
  const allRoutes = Array.from({ length: p.nRoutes }, (_, r) => r);

  /** A visit moved off its old route `home`: back there, making room if need be. */
  const sendHome = (t: number, home: number): boolean => {
    sol.begin();
    sol.removeTasks([t]);
    if (settleWith(t, best(t, [home]))) return true;
    // Room made by sending a visit now on `home` that was not there before elsewhere.
    for (const u of sol.routes[home]!.tasks.slice()) {
      if (stop()) return false;
      if (!movable(u) || placement.taskRoute[u] === home) continue;
      sol.begin();
      sol.removeTasks([t, u]);
      const back = best(t, [home]);
      if (back === undefined) {
        sol.rollback();
        continue;
      }
      sol.insert(t, back.route, back.pos);
      if (settleWith(u, best(u, allRoutes))) return true;
    }
    return false;
  };
  /** A displaced or new visit: wherever the whole change cost is lowest. */
  const relocate = (t: number): boolean => {
    sol.begin();
    sol.removeTasks([t]);
    return settleWith(t, best(t, allRoutes));
  };

  /**
   * A visit still out (a double-up as a whole): placed where it fits once one visit goes
   * elsewhere (an ejection chain of one), the cheapest such pair by the whole objective.
   */
  const eject = (g: number): boolean => {
    const members = groupMembers(p, g);
    let found: { v: number; away: Placement } | undefined;
    for (let r = 0; r < p.nRoutes && !stop(); r++) {
      if (!members.some((u) => p.allowed(u, r))) continue;
      for (const v of sol.routes[r]!.tasks.slice()) {
        if (!movable(v)) continue;
        sol.begin();
        sol.removeTasks([v]);
        if (Number.isFinite(insertGroup(sol, g, 0, null))) {
          const away = best(v, allRoutes);
          if (away !== undefined && (found === undefined || away.cost < found.away.cost)) {
            found = { v, away };
          }
        }
        sol.rollback();
      }
    }
    if (found === undefined || !gains(found.away.cost)) return false;
    // The same steps again, so the place found for the ejected visit is where it was weighed.
    sol.begin();
    sol.removeTasks([found.v]);
    insertGroup(sol, g, 0, null);
    sol.insert(found.v, found.away.route, found.away.pos);
    sol.commit();
    current = { cost: found.away.cost, changed: found.away.changed };
    return true;
  };
  for (let g = 0; g < p.nGroups && !stop(); g++) {
    const members = groupMembers(p, g);
    if (members.every((u) => sol.taskRoute[u]! < 0 && input.wanted(u))) eject(g);
  }

  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let moved = false;
    for (let t = 0; t < p.nTasks && !stop(); t++) {
      if (!movable(t) || sol.taskRoute[t]! < 0) continue;
      const home = placement.taskRoute[t]!;
      if (home < 0) moved = relocate(t) || moved;
      else if (sol.taskRoute[t] !== home) moved = sendHome(t, home) || moved;
    }
    if (!moved || stop()) break;
  }
  // Moves back may have freed room for a visit still out.
  if (sol.nUnplaced > 0 && !stop()) {
    sol.begin();
    construct(sol, {
      at:
        input.deadline === undefined
          ? undefined
          : performance.now() + Math.max(0, input.deadline - Date.now()),
      signal: input.signal,
    });
    if (gains(evaluate().cost)) sol.commit();
    else sol.rollback();
  }
  sol.resum();
  const settled = toEngineSolution(instance, sol.snapshot());
  // The engine's own last guard, for a pass that builds solutions outside solveEngine.
  if (violations(instance, settled).length > 0) return solution;
  return {
    ...settled,
    unreached: solution.unreached,
    iterations: solution.iterations,
    fallbacks: solution.fallbacks,
  };
}
