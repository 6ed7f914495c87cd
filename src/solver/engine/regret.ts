/**
 * Regret-2 insertion of single tasks with a cache of each allowed (task, route) pair's best
 * insertion cost.
 *
 * After an insertion, only the pairs of the routes whose cells could have changed are looked at
 * (the route itself, and its worker's routes that share a work limit or the rest between days),
 * and without soft terms most of them are not priced again. There an insertion only narrows
 * what fits elsewhere (later earliest finishes, earlier latest starts, less work slack; checked
 * after each insertion), and a position's cost is its travel and assignment alone. So a cached
 * best stays exact while its position still fits, the two positions the new stop makes are
 * priced on their own, and a best whose position no longer fits becomes a lower bound that is
 * priced again only once it is among its task's two best. The regret order, and so the
 * roster, is the one a full recomputation of those routes gives. With soft terms (warm starts
 * of the later rounds, few tasks) every cell of those routes is priced again.
 */
import { bestInRoute, InsertionResult, workSlack } from './insertion.js';
import { allowedPairs } from './allowed-pairs.js';
import { MovedTimes } from './moved-times.js';
import { PositionPrice } from './position-price.js';
import { RegretOrder } from './regret-order.js';
import type { Solution } from './solution.js';

/** Regret of a task with a single feasible route: ahead of any real regret. */
const ONLY_ROUTE_REGRET = 1e300;

/**
 * How much pricing a construction did: `routes` counts a single task priced on a whole route,
 * `positions` a single task priced at one or two positions of one. Linked groups are not counted.
 */
export class ConstructCounts {
  routes = 0;
  positions = 0;
}

/** What {@link regretInsert} may be told besides its tasks. */
export interface RegretOptions {
  /** True once the construction must stop: the tasks not placed by then are returned. */
  readonly due?: () => boolean;
  /**
   * A `performance.now()` instant to be done by: when the pace of the insertions so far says
   * the regret order will not finish by then, the rest go in greedily (each task, in the regret
   * order as it stands, at its cheapest place then), so that more are placed before `due`.
   */
  readonly finishBy?: number;
  /** Counts of the pricing done, for benchmarks. */
  readonly counts?: ConstructCounts;
  /**
   * Price every cell of the changed routes again after each insertion, as with soft terms:
   * the reference the cached pricing is held against in the tests.
   */
  readonly repriceAll?: boolean;
}

/** Insertions between two looks at the pace against `finishBy`: as often as at the clock. */
const PACE_EVERY = 16;

/**
 * Regret-2 insertion of the single (unlinked, unplaced) tasks `units`. Returns those not reached
 * when `due` says to stop.
 *
 * @example
 * ```ts
 * const left = regretInsert(sol, singles, { due: () => performance.now() > deadline });
 * ```
 */
export function regretInsert(
  sol: Solution,
  units: readonly number[],
  options: RegretOptions = {},
): number[] {
  const due = options.due ?? (() => false);
  const counts = options.counts ?? new ConstructCounts();
  const finishBy = options.finishBy;
  const p = sol.p;
  const inst = p.inst;
  const k = units.length;
  const lazy = p.soft === null && options.repriceAll !== true;
  // A pair a unit may not take has no cell, so only allowed pairs are ever priced, each row and
  // column through these lists (over a week, a visit may go only on its own day's shifts: most
  // pairs are not allowed). Routes ascend in a row, so ties resolve as a full scan's.
  const { rowStart, rowRoutes, colStart, colUnits, colPairs } = allowedPairs(p, units);
  const nPairs = rowRoutes.length;
  // Per pair: the best insertion's cost (a lower bound while `stale`), the task its position
  // follows (-1: the route's start) and the work it adds.
  const val = new Float64Array(nPairs).fill(Number.POSITIVE_INFINITY);
  const prev = new Int32Array(nPairs);
  const work = new Float64Array(nPairs);
  const stale = new Uint8Array(nPairs);
  const best1 = new Float64Array(k);
  const best2 = new Float64Array(k);
  const best1Route = new Int32Array(k);
  const best2Route = new Int32Array(k);
  const alive = new Uint8Array(k).fill(1);
  const regret = new Float64Array(k);
  const penalty = Float64Array.from(units, (u) => inst.taskUnplacedPenalty[u]!);
  const order = new RegretOrder(regret, penalty, best1);
  const res = new InsertionResult();
  const price = new PositionPrice(sol);

  /** The task before node `i` of route `r` (-1: its start). */
  const taskBefore = (r: number, i: number): number =>
    i === 0 ? -1 : sol.routes[r]!.tasks[i - 1]!;
  /** Unit i's cheapest insertion into route r, as `bestInRoute` finds it, into cell j. */
  const evalCell = (j: number, i: number, r: number): void => {
    counts.routes++;
    if (lazy) {
      price.setRoute(r);
      priceWhole(j, i, r);
      return;
    }
    res.reset();
    bestInRoute(sol, units[i]!, r, res);
    val[j] = res.delta;
    stale[j] = 0;
    if (res.pos >= 0) {
      prev[j] = taskBefore(r, res.pos);
      work[j] = res.work;
    }
  };
  /** {@link evalCell} without soft terms, the route set on `price` already. */
  const priceWhole = (j: number, i: number, r: number): void => {
    val[j] = Number.POSITIVE_INFINITY;
    stale[j] = 0;
    if (!price.setTask(units[i]!)) return;
    const n = sol.routes[r]!.tasks.length;
    for (let at = 0; at <= n; at++) {
      if (!price.mayFit(at)) continue;
      const v = price.at(at);
      if (v < val[j]!) {
        val[j] = v;
        prev[j] = taskBefore(r, at);
        work[j] = price.work;
      }
    }
  };
  const rescanRow = (i: number): void => {
    // Stale cells are lower bounds: the two least (by cost, then route) are exact once neither
    // is stale, and every other cell costs at least as much as the second.
    for (;;) {
      let b1 = Number.POSITIVE_INFINITY;
      let b2 = Number.POSITIVE_INFINITY;
      let j1 = -1;
      let j2 = -1;
      for (let j = rowStart[i]!; j < rowStart[i + 1]!; j++) {
        const v = val[j]!;
        if (v < b1) {
          b2 = b1;
          j2 = j1;
          b1 = v;
          j1 = j;
        } else if (v < b2) {
          b2 = v;
          j2 = j;
        }
      }
      const j = j1 >= 0 && stale[j1] === 1 ? j1 : j2 >= 0 && stale[j2] === 1 ? j2 : -1;
      if (j >= 0) {
        evalCell(j, i, rowRoutes[j]!);
        continue;
      }
      best1[i] = b1;
      best2[i] = b2;
      regret[i] = b2 === Number.POSITIVE_INFINITY ? ONLY_ROUTE_REGRET : b2 - b1;
      if (b1 < Number.POSITIVE_INFINITY && alive[i] === 1) order.update(i);
      else order.remove(i);
      best1Route[i] = j1 < 0 ? -1 : rowRoutes[j1]!;
      best2Route[i] = j2 < 0 ? -1 : rowRoutes[j2]!;
      return;
    }
  };
  for (let i = 0; i < k; i++) {
    // Filling the cache is itself long on a large problem: stop there too.
    if (due()) return [...units];
    for (let j = rowStart[i]!; j < rowStart[i + 1]!; j++) evalCell(j, i, rowRoutes[j]!);
    rescanRow(i);
  }

  // Routes whose cells depend on route r through shared work limits or soft targets.
  const sharing = (r: number): number[] => {
    const out = [r];
    for (let i = p.routeLimitStart[r]!; i < p.routeLimitStart[r + 1]!; i++) {
      const lim = p.routeLimits[i]!;
      for (let j = inst.limitStart[lim]!; j < inst.limitStart[lim + 1]!; j++) {
        const other = inst.limitRoutes[j]!;
        if (!out.includes(other)) out.push(other);
      }
    }
    // And through the rules across days, every route of the same worker.
    const days = p.days;
    for (let i = days.kinStart[r]!; i < days.kinStart[r + 1]!; i++) {
      const other = days.kin[i]!;
      if (!out.includes(other)) out.push(other);
    }
    const soft = p.soft;
    if (soft === null) return out;
    for (let i = p.routeTargetStart[r]!; i < p.routeTargetStart[r + 1]!; i++) {
      const k = p.routeTargets[i]!;
      for (let j = soft.targetStart[k]!; j < soft.targetStart[k + 1]!; j++) {
        const other = soft.targetRoutes[j]!;
        if (!out.includes(other)) out.push(other);
      }
    }
    return out;
  };

  // The changed routes' time inputs as before an insertion, and which positions moved.
  const times = new MovedTimes();

  /** Asks for row i to be rescanned when cell j (route c) may change its best two. */
  const flag = (i: number, j: number, c: number): void => {
    if (rescan[i] === 0 && (c === best1Route[i] || c === best2Route[i] || val[j]! < best2[i]!)) {
      rescan[i] = 1;
      touched.push(i);
    }
  };

  /**
   * Cells of route r after a unit went in before task index `pos`, when that only narrowed
   * what fits: the two positions next to the new stop are new, every other was there before
   * and costs what it did, if it still fits.
   */
  const updateInserted = (r: number, pos: number): void => {
    const moved = times.moved;
    price.setRoute(r);
    const slack = workSlack(sol, r) + p.eps;
    for (let x = colStart[r]!; x < colStart[r + 1]!; x++) {
      const i = colUnits[x]!;
      if (alive[i] === 0) continue;
      const j = colPairs[x]!;
      counts.positions++;
      if (!price.setTask(units[i]!)) {
        val[j] = Number.POSITIVE_INFINITY;
        stale[j] = 0;
        flag(i, j, r);
        continue;
      }
      let fresh = price.mayFit(pos) ? price.at(pos) : Number.POSITIVE_INFINITY;
      let freshNode = pos;
      let freshWork = price.work;
      if (price.mayFit(pos + 1)) {
        const after = price.at(pos + 1);
        if (after < fresh) {
          fresh = after;
          freshNode = pos + 1;
          freshWork = price.work;
        }
      }
      const old = val[j]!;
      let kept = Number.POSITIVE_INFINITY;
      if (stale[j] === 0 && old < Number.POSITIVE_INFINITY) {
        const q = prev[j]!;
        const node = q < 0 ? 0 : sol.taskPos[q]! + 1;
        // The best's position survives unless the new stop split it; does it still fit?
        if (node !== pos) {
          if (moved[node] === 1) kept = price.at(node);
          else if (work[j]! <= slack) kept = old;
        }
      }
      if (kept < Number.POSITIVE_INFINITY && kept <= fresh) {
        val[j] = kept;
      } else if (kept < Number.POSITIVE_INFINITY || fresh <= old) {
        // Every old position costs at least `old` (a bound when stale): the new one is best.
        val[j] = fresh;
        stale[j] = 0;
        prev[j] = taskBefore(r, freshNode);
        work[j] = freshWork;
      } else if (old < Number.POSITIVE_INFINITY) {
        // The best's position is gone and nothing new beats it: a bound until needed.
        stale[j] = 1;
      }
      flag(i, j, r);
    }
  };

  /**
   * Cells of route c, one of r's worker's other routes, after r changed (narrowing only): a
   * cached best stays while its position still fits, else it becomes a bound.
   */
  const updateKin = (c: number): void => {
    const moved = times.moved;
    price.setRoute(c);
    const open = sol.runFits(c);
    const slack = workSlack(sol, c) + p.eps;
    for (let x = colStart[c]!; x < colStart[c + 1]!; x++) {
      const i = colUnits[x]!;
      if (alive[i] === 0) continue;
      const j = colPairs[x]!;
      if (stale[j] === 0 && val[j]! < Number.POSITIVE_INFINITY) {
        const q = prev[j]!;
        const node = q < 0 ? 0 : sol.taskPos[q]! + 1;
        if (!open) val[j] = Number.POSITIVE_INFINITY;
        else if (moved[node] === 1) {
          counts.positions++;
          const kept = price.setTask(units[i]!) ? price.at(node) : Number.POSITIVE_INFINITY;
          if (kept < Number.POSITIVE_INFINITY) val[j] = kept;
          else stale[j] = 1;
        } else if (work[j]! > slack) stale[j] = 1;
      }
      flag(i, j, c);
    }
  };

  /** Every cell of route c priced again. */
  const updateFull = (c: number): void => {
    for (let x = colStart[c]!; x < colStart[c + 1]!; x++) {
      const i = colUnits[x]!;
      if (alive[i] === 0) continue;
      const j = colPairs[x]!;
      evalCell(j, i, c);
      flag(i, j, c);
    }
  };

  /** The rest in the regret order, each at its cheapest place now; those `due` leaves out. */
  const finishGreedily = (): number[] => {
    for (;;) {
      const i = order.first();
      if (i < 0) return [];
      if (due()) {
        const left: number[] = [];
        for (let x = 0; x < k; x++) {
          if (alive[x] === 1 && best1[x]! < Number.POSITIVE_INFINITY) left.push(units[x]!);
        }
        return left;
      }
      order.remove(i);
      alive[i] = 0;
      const u = units[i]!;
      res.reset();
      bestInRoute(sol, u, best1Route[i]!, res);
      if (res.route < 0) {
        for (let j = rowStart[i]!; j < rowStart[i + 1]!; j++)
          bestInRoute(sol, u, rowRoutes[j]!, res);
      }
      counts.routes++;
      if (res.route >= 0) sol.insert(u, res.route, res.pos);
    }
  };

  const rescan = new Uint8Array(k);
  const touched: number[] = [];
  let placed = 0;
  const loopStarted = performance.now();
  for (;;) {
    // Tasks with no feasible route left were tried; the rest were not reached.
    if (due())
      return units.filter((_, i) => alive[i] === 1 && best1[i]! < Number.POSITIVE_INFINITY);
    if (finishBy !== undefined && placed > 0 && placed % PACE_EVERY === 0) {
      // The pace so far, a bound on what is left: the first insertions reprice the most.
      const now = performance.now();
      if (now + ((now - loopStarted) / placed) * order.size > finishBy) return finishGreedily();
    }
    const pick = order.first();
    if (pick < 0) break;
    const u = units[pick]!;
    const r = best1Route[pick]!;
    res.reset();
    bestInRoute(sol, u, r, res);
    if (res.pos < 0) {
      // The cache held a place that no longer fits (it never should): drop it and choose again.
      for (let j = rowStart[pick]!; j < rowStart[pick + 1]!; j++) {
        if (rowRoutes[j] === r) evalCell(j, pick, r);
      }
      rescanRow(pick);
      continue;
    }
    let changed = sharing(r);
    if (lazy) times.remember(sol, changed);
    const workBefore = sol.routes[r]!.work;
    sol.insert(u, r, res.pos);
    alive[pick] = 0;
    order.remove(pick);
    placed++;
    // A new largest lateness of the day reprices every insertion into that day's routes.
    const day = sol.worst?.changedDay ?? -1;
    if (day >= 0) changed = [...new Set([...changed, ...sol.worst!.routesOf(day)])];
    touched.length = 0;
    let narrowed = lazy && inst.taskDemand[u]! >= 0 && sol.routes[r]!.work >= workBefore;
    for (let x = 0; x < changed.length && narrowed; x++) {
      const route = sol.routes[changed[x]!]!;
      if (route.es < times.es[x]! || route.le > times.le[x]!) narrowed = false;
    }
    // Route r first, with its positions marked last for the kin routes' marks to follow.
    if (narrowed && times.mark(sol, 0, r, res.pos)) {
      updateInserted(r, res.pos);
      for (let x = 1; x < changed.length; x++) {
        const c = changed[x]!;
        // A route whose bounds did not move and whose tasks did not change: only its slack did.
        if (sol.routes[c]!.es === times.es[x] && sol.routes[c]!.le === times.le[x]) {
          times.moved.fill(0, 0, sol.routes[c]!.tasks.length + 1);
        } else if (!times.mark(sol, x, c, -1)) {
          updateFull(c);
          continue;
        }
        updateKin(c);
      }
    } else {
      for (const c of changed) updateFull(c);
    }
    for (const i of touched) {
      rescanRow(i);
      rescan[i] = 0;
    }
  }
  return [];
}
