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
import { changedDaysCost, dayChange, dayCost } from './carer-days.js';
import type { PreviousPlacement } from './previous.js';

/** Improvement below which a move is taken as rounding, not a gain (absolute, relative). */
const GAIN_EPS = 1e-6;
const GAIN_SHARE = 1e-9;

/** Sweeps over the candidate moves; a second one catches moves the first one's moves allowed. */
const MAX_SWEEPS = 2;

/**
 * Places per move weighed by the whole objective, best first by the engine's insertion cost
 * plus the day term: that ranking misses only re-timings beyond the tolerance, which are rare
 * at the top, and weighing every route would cost a full recount each.
 */
const WEIGHED_PLACES = 3;

/**
 * Minutes around a left-out visit's window within which a visit may be in its way: a carer's
 * visit hours away does not block a slot, and ejecting pairs is quadratic in the candidates.
 */
const NEAR_MINUTES = 90;

/**
 * Visits in a left-out visit's way that ejection tries, nearest its window first: pairs of them
 * are tried for a double-up, so this bounds the work at 66 pairs.
 */
const MAX_IN_THE_WAY = 12;

/**
 * Visits an ejection chain moves at most: the left-out visit takes one's place, which takes a
 * second's, which takes a third's. Three moves still tell fewer people than a search that
 * reshuffles a round for one visit (eight on a 1,000-visit day), and each step widens the work.
 */
const MAX_CHAIN_DEPTH = 3;

/**
 * Visits in the way of an ejected visit that a chain tries next, nearest its window first:
 * fewer than at the first step, so three steps try at most 12 x 6 x 6 chains.
 */
const CHAIN_WIDTH = 6;

/** Chains laid per left-out visit at most, each a few insertions: a bound on the work. */
const MAX_CHAIN_TRIALS = 600;

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

/** A place for a task: route, position, and the objective once it is there. */
interface Placement {
  readonly route: number;
  readonly pos: number;
  readonly cost: number;
}

/**
 * `solution` with every move back towards the previous roster that lowers
 * {@link replanObjective}: a visit left out placed by ejecting one or two visits in its way; a
 * visit on another carer than before back to its old route (alone, or with a visit now in its
 * place going elsewhere); a displaced visit to wherever the whole change cost is lowest.
 * `solution` itself when none pays or the result would not hold.
 *
 * @example
 * const settled = settleTowardsPrevious(solution, { instance, compiled, placement, days, held, wanted });
 */
export function settleTowardsPrevious(
  solution: EngineSolution,
  input: SettleInput,
): EngineSolution {
  const { instance, compiled, placement, held, days } = input;
  const p = new Problem(instance);
  const sol = new Solution(p);
  warmStart(sol, solution.routes, solution.taskStart);
  sol.resum();
  // The solution came from this instance, so it rebuilds whole; if not, leave it alone.
  if (sol.nUnplaced !== solution.unplaced.length) return solution;

  // Which carer-days differ from before, as committed; a trial recounts only the days of the
  // routes it touched.
  const route = (r: number) => {
    const tasks = sol.routes[r]!.tasks;
    return { tasks, starts: earliestStarts(instance, sol.effE, r, tasks) };
  };
  const changed = new Uint8Array(days.nDays);
  const costOfDay = new Float64Array(days.nDays);
  let daysCost = 0;
  for (let d = 0; d < days.nDays; d++) {
    const change = dayChange(days, compiled, d, route);
    changed[d] = change.changed ? 1 : 0;
    costOfDay[d] = dayCost(days, change);
    daysCost += costOfDay[d]!;
  }
  const touched = new Set<number>();
  /** The objective now, with the days of the touched routes recounted. */
  const objective = () => {
    let cost = daysCost;
    const seen = new Set<number>();
    for (const r of touched) {
      const d = days.routeDay[r]!;
      if (seen.has(d)) continue;
      seen.add(d);
      cost += dayCost(days, dayChange(days, compiled, d, route)) - costOfDay[d]!;
    }
    return sol.cost + cost;
  };
  let current = objective();
  const gains = (cost: number) =>
    cost < current - Math.max(GAIN_EPS, GAIN_SHARE * Math.abs(current));
  const begin = () => {
    touched.clear();
    sol.begin();
  };
  const remove = (tasks: readonly number[]) => {
    for (const t of tasks) if (sol.taskRoute[t]! >= 0) touched.add(sol.taskRoute[t]!);
    sol.removeTasks(tasks);
  };
  const put = (t: number, r: number, pos: number) => {
    touched.add(r);
    sol.insert(t, r, pos);
  };
  const putGroup = (g: number): boolean => {
    const placed = Number.isFinite(insertGroup(sol, g, 0, null));
    if (placed) for (const u of groupMembers(p, g)) touched.add(sol.taskRoute[u]!);
    return placed;
  };
  const commit = (cost: number) => {
    for (const r of touched) {
      const d = days.routeDay[r]!;
      const change = dayChange(days, compiled, d, route);
      const now = dayCost(days, change);
      daysCost += now - costOfDay[d]!;
      costOfDay[d] = now;
      changed[d] = change.changed ? 1 : 0;
    }
    touched.clear();
    sol.commit();
    current = cost;
  };
  const rollback = () => {
    touched.clear();
    sol.rollback();
  };

  const out = new InsertionResult();
  const stop = () =>
    input.signal?.aborted === true ||
    (input.deadline !== undefined && Date.now() >= input.deadline);
  const single = (t: number) => {
    const g = p.groupOf[t]!;
    return p.groupStart[g + 1]! - p.groupStart[g]! === 1;
  };
  const movable = (t: number) => !held.has(t) && single(t);
  const allRoutes = Array.from({ length: p.nRoutes }, (_, r) => r);

  /**
   * Best place for unplaced task `t` on `routes`: the engine's insertion cost plus the day term
   * ranks the routes, and the few best are weighed by the whole objective.
   */
  const best = (t: number, routes: readonly number[]): Placement | undefined => {
    const ranked: { route: number; pos: number; score: number }[] = [];
    for (const r of routes) {
      out.reset();
      if (!bestInRoute(sol, t, r, out)) continue;
      const day = changed[days.routeDay[r]!] === 1 ? 0 : days.weight;
      ranked.push({ route: r, pos: out.pos, score: out.delta + day });
    }
    ranked.sort((a, b) => a.score - b.score || a.route - b.route);
    let found: Placement | undefined;
    for (const candidate of ranked.slice(0, WEIGHED_PLACES)) {
      put(t, candidate.route, candidate.pos);
      const cost = objective();
      sol.removeTasks([t]);
      if (found === undefined || cost < found.cost) found = { ...candidate, cost };
    }
    return found;
  };
  /** Puts `t` at `place` and keeps the trial when that lowers the objective, else undoes it. */
  const settleWith = (t: number, place: Placement | undefined): boolean => {
    if (place !== undefined && gains(place.cost)) {
      put(t, place.route, place.pos);
      commit(place.cost);
      return true;
    }
    rollback();
    return false;
  };

  /**
   * Visits that may stand in the way of group `g`: on a route one of its tasks may use, and
   * starting near its window, nearest its middle first; none of `besides`, and at most `limit`.
   */
  const inTheWay = (
    g: number,
    besides: ReadonlySet<number> = new Set(),
    limit = MAX_IN_THE_WAY,
  ): number[] => {
    const members = groupMembers(p, g);
    let from = Number.POSITIVE_INFINITY;
    let to = Number.NEGATIVE_INFINITY;
    for (const u of members) {
      from = Math.min(from, instance.taskEarliest[u]! - NEAR_MINUTES);
      to = Math.max(to, instance.taskLatest[u]! + instance.taskService[u]! + NEAR_MINUTES);
    }
    const middle = (from + to) / 2;
    const found: { v: number; off: number }[] = [];
    for (let r = 0; r < p.nRoutes; r++) {
      if (!members.some((u) => p.allowed(u, r))) continue;
      const { tasks, starts } = route(r);
      tasks.forEach((v, i) => {
        const start = starts[i]!;
        if (movable(v) && !besides.has(v) && start >= from && start <= to)
          found.push({ v, off: Math.abs(start - middle) });
      });
    }
    found.sort((a, b) => a.off - b.off || a.v - b.v);
    return found.slice(0, limit).map((entry) => entry.v);
  };

  /**
   * An ejection chain for group `g` laid out on the open transaction: each visit of `chain` taken
   * off its route, `g` placed where it costs least, and each ejected visit but the last placed
   * where it costs least (with the next one already off); the last placed too when `whole`.
   * 'blocked' when `g` or a visit before the last finds no place (no longer chain can help),
   * 'open' when only the last does not, else the objective once every visit is placed.
   */
  const layChain = (g: number, chain: readonly number[], whole: boolean) => {
    remove([chain[0]!]);
    const members = groupMembers(p, g);
    if (members.length === 1) {
      // A single visit weighed by the whole objective, which sees the visits it pushes back.
      const place = best(members[0]!, allRoutes);
      if (place === undefined) return 'blocked';
      put(members[0]!, place.route, place.pos);
    } else if (!putGroup(g)) return 'blocked';
    for (let i = 1; i < chain.length; i++) {
      remove([chain[i]!]);
      const place = best(chain[i - 1]!, allRoutes);
      if (place === undefined) return 'blocked';
      put(chain[i - 1]!, place.route, place.pos);
    }
    if (!whole) return 'open';
    const last = chain.at(-1)!;
    const place = best(last, allRoutes);
    if (place === undefined) return 'open';
    put(last, place.route, place.pos);
    return place.cost;
  };
  /**
   * A visit still out, placed by the ejection chain that costs least by the whole objective:
   * one visit in its way goes elsewhere without moving anything more, or it goes where a second
   * was, which goes elsewhere, or on to a third. Each step of a chain is a move priced by the
   * change cost, so a longer chain wins only when the shorter ones push more visits back or
   * drive further; only what no chain places is left to the search.
   */
  const chainFor = (g: number): readonly number[] | undefined => {
    const orphan = new Set(groupMembers(p, g));
    let frontier = inTheWay(g).map((v) => [v]);
    let trials = 0;
    let found: { chain: readonly number[]; cost: number } | undefined;
    for (let depth = 1; depth <= MAX_CHAIN_DEPTH && frontier.length > 0; depth++) {
      const open: (readonly number[])[] = [];
      for (const chain of frontier) {
        if (stop() || trials++ >= MAX_CHAIN_TRIALS) break;
        begin();
        const laid = layChain(g, chain, true);
        rollback();
        if (typeof laid === 'number') {
          if (found === undefined || laid < found.cost) found = { chain, cost: laid };
        } else if (laid === 'open') open.push(chain);
      }
      if (depth === MAX_CHAIN_DEPTH) break;
      frontier = [];
      for (const chain of open) {
        if (stop() || frontier.length >= MAX_CHAIN_TRIALS) break;
        // Who stands in the way of the last ejected visit once the chain so far is laid.
        begin();
        layChain(g, chain, false);
        const way = inTheWay(
          p.groupOf[chain.at(-1)!]!,
          new Set([...orphan, ...chain]),
          CHAIN_WIDTH,
        );
        rollback();
        for (const v of way) frontier.push([...chain, v]);
      }
    }
    return found !== undefined && gains(found.cost) ? found.chain : undefined;
  };
  /**
   * A visit still out (a double-up as a whole): placed by an ejection chain ({@link chainFor}),
   * or for a double-up failing that by sending two visits in its way, on two routes, elsewhere.
   */
  const eject = (g: number): boolean => {
    const chain = chainFor(g);
    if (chain !== undefined) {
      // The same steps again, committed: each step is deterministic on the same state.
      begin();
      const laid = layChain(g, chain, true);
      if (typeof laid === 'number') {
        commit(laid);
        return true;
      }
      rollback();
      return false;
    }
    if (groupMembers(p, g).length === 1) return false;
    const way = inTheWay(g);
    let found: { ejected: readonly number[]; away: readonly Placement[]; cost: number } | undefined;
    const weigh = (ejected: readonly number[]) => {
      begin();
      remove(ejected);
      if (putGroup(g)) {
        const away: Placement[] = [];
        for (const v of ejected) {
          const place = best(v, allRoutes);
          if (place === undefined) break;
          put(v, place.route, place.pos);
          away.push(place);
        }
        const cost = away.at(-1)?.cost ?? Number.POSITIVE_INFINITY;
        if (away.length === ejected.length && (found === undefined || cost < found.cost)) {
          found = { ejected, away, cost };
        }
      }
      rollback();
    };
    for (let i = 0; i < way.length && !stop(); i++) {
      for (let j = i + 1; j < way.length && !stop(); j++) {
        if (sol.taskRoute[way[i]!] !== sol.taskRoute[way[j]!]) weigh([way[i]!, way[j]!]);
      }
    }
    const chosen = found as typeof found;
    if (chosen === undefined || !gains(chosen.cost)) return false;
    // The same steps again, so each ejected visit goes where it was weighed.
    begin();
    remove(chosen.ejected);
    putGroup(g);
    chosen.ejected.forEach((v, i) => put(v, chosen.away[i]!.route, chosen.away[i]!.pos));
    commit(chosen.cost);
    return true;
  };
  /** A visit moved off its old route `home`: back there, making room if need be. */
  const sendHome = (t: number, home: number): boolean => {
    begin();
    remove([t]);
    if (settleWith(t, best(t, [home]))) return true;
    // Room made by sending elsewhere a visit now on `home` that was not there before.
    for (const u of sol.routes[home]!.tasks.slice()) {
      if (stop()) return false;
      if (!movable(u) || placement.taskRoute[u] === home) continue;
      begin();
      remove([t, u]);
      const back = best(t, [home]);
      if (back === undefined) {
        rollback();
        continue;
      }
      put(t, back.route, back.pos);
      if (settleWith(u, best(u, allRoutes))) return true;
    }
    return false;
  };
  /** A displaced or new visit: wherever the whole change cost is lowest. */
  const relocate = (t: number): boolean => {
    begin();
    remove([t]);
    return settleWith(t, best(t, allRoutes));
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
    begin();
    construct(sol, {
      at:
        input.deadline === undefined
          ? undefined
          : performance.now() + Math.max(0, input.deadline - Date.now()),
      signal: input.signal,
    });
    for (const r of allRoutes) touched.add(r);
    const cost = objective();
    if (gains(cost)) commit(cost);
    else rollback();
  }
  const settled = toEngineSolution(instance, sol.snapshot());
  // The engine's own last guard, for a pass that builds solutions outside solveEngine.
  if (violations(instance, settled).length > 0) return solution;
  // The moves are weighed on the engine's earliest schedule, the result with stops started late
  // to cut priced waits (as the engine exports): keep the pass only if that holds its gain too.
  if (replanObjective(input, settled) > replanObjective(input, solution)) return solution;
  return {
    ...settled,
    unreached: solution.unreached,
    iterations: solution.iterations,
    fallbacks: solution.fallbacks,
  };
}

/**
 * Start of each of `tasks` on route `r` in the engine's earliest schedule: on arrival, or at the
 * task's (effective) earliest start if later.
 */
function earliestStarts(
  instance: EngineInstance,
  effE: Float64Array,
  r: number,
  tasks: readonly number[],
): Float64Array {
  const starts = new Float64Array(tasks.length);
  const time = instance.travelTime[instance.routeProfile[r]!]!;
  let at = instance.routeStartLocation[r]!;
  let free = instance.routeEarliestStart[r]!;
  tasks.forEach((t, i) => {
    const loc = instance.taskLocation[t]!;
    const start = Math.max(free + time.at(at, loc), effE[t]!);
    starts[i] = start;
    free = start + instance.taskService[t]!;
    at = loc;
  });
  return starts;
}
