/**
 * Construction by regret insertion: link groups first (they are the hardest to fit), then single
 * tasks by regret-2 (largest gap between the best and second-best route first), with per
 * (task, route) best insertions cached and only the changed routes' column recomputed.
 */
import {
  bestInRoute,
  coreMembers,
  fitsAtEnd,
  groupMembers,
  insertGroup,
  InsertionResult,
} from './insertion.js';
import type { Solution } from './solution.js';

/** Above this many (task, route) cells the cache is skipped for plain cheapest insertion. */
const MAX_CACHE_CELLS = 8_000_000;

/** Regret of a task with a single feasible route: ahead of any real regret. */
const ONLY_ROUTE_REGRET = 1e300;

/** Insertions (or cache rows) between two looks at the clock: often enough to stop in time. */
const CLOCK_EVERY = 16;

/**
 * When construction must stop: a `performance.now()` instant, an abort signal, or both. A
 * construction that stops leaves the tasks it had not reached unplaced.
 */
export interface ConstructStop {
  readonly at?: number;
  readonly signal?: AbortSignal;
  /**
   * Called at each look at the clock that does not stop, between two insertions (the solution
   * whole): for a caller that copies the construction so far. It must not change the solution.
   */
  readonly look?: () => void;
}

/**
 * How much pricing a construction did: `routes` counts a single task priced on a whole route,
 * `positions` a single task priced at a few positions of one. Linked groups are not counted.
 */
export class ConstructCounts {
  routes = 0;
  positions = 0;
}

/** A clock check that costs nothing between looks: true once the stop is due. */
function stopper(stop: ConstructStop): () => boolean {
  if (stop.at === undefined && stop.signal === undefined && stop.look === undefined) {
    return () => false;
  }
  let calls = 0;
  let due = false;
  return () => {
    if (due) return true;
    if (++calls % CLOCK_EVERY !== 1) return false;
    due = stop.signal?.aborted === true || (stop.at !== undefined && performance.now() >= stop.at);
    if (!due) stop.look?.();
    return due;
  };
}

/**
 * Places the unplaced tasks of a solution (all of them when it is empty) by regret insertion.
 * Returns the tasks it did not reach because `stop` came first (empty when it finished).
 */
export function construct(
  sol: Solution,
  stop: ConstructStop = {},
  counts: ConstructCounts = new ConstructCounts(),
): number[] {
  const due = stopper(stop);
  const p = sol.p;
  const inst = p.inst;
  const singles: number[] = [];
  const linkedGroups: number[] = [];
  for (let g = 0; g < p.nGroups; g++) {
    if (p.groupPlaceable[g] === 0) continue;
    const members = groupMembers(p, g);
    // A group partly placed (a warm start may keep one core of it) still has the rest to place.
    if (members.every((t) => sol.taskRoute[t]! >= 0)) continue;
    if (members.length === 1) singles.push(members[0]!);
    else linkedGroups.push(g);
  }
  // Groups in order: larger, then dearer to leave out, then tighter windows.
  const groupKey = (g: number): number[] => {
    const members = groupMembers(p, g);
    let penalty = 0;
    let width = 0;
    for (const t of members) {
      penalty += inst.taskUnplacedPenalty[t]!;
      width += inst.taskLatest[t]! - inst.taskEarliest[t]!;
    }
    return [members.length, penalty, -width];
  };
  const keys = new Map(linkedGroups.map((g) => [g, groupKey(g)]));
  linkedGroups.sort((x, y) => {
    const kx = keys.get(x)!;
    const ky = keys.get(y)!;
    return ky[0]! - kx[0]! || ky[1]! - kx[1]! || ky[2]! - kx[2]! || x - y;
  });
  const unreached: number[] = [];
  for (let i = 0; i < linkedGroups.length; i++) {
    if (due()) {
      for (let j = i; j < linkedGroups.length; j++) {
        for (const t of groupMembers(p, linkedGroups[j]!))
          if (sol.taskRoute[t]! < 0) unreached.push(t);
      }
      unreached.push(...singles);
      return unreached;
    }
    insertGroup(sol, linkedGroups[i]!, 0, null);
  }

  if (singles.length * p.nRoutes > MAX_CACHE_CELLS) {
    singles.sort(
      (x, y) =>
        inst.taskLatest[x]! -
          inst.taskEarliest[x]! -
          (inst.taskLatest[y]! - inst.taskEarliest[y]!) || x - y,
    );
    for (let i = 0; i < singles.length; i++) {
      if (due()) return singles.slice(i);
      insertGroup(sol, p.groupOf[singles[i]!]!, 0, null);
    }
    return unreached;
  }
  return regretInsert(sol, singles, due, counts);
}

/**
 * Regret-2 insertion of the single (unlinked, unplaced) tasks `units`. Returns those not reached
 * when `due` says to stop.
 */
export function regretInsert(
  sol: Solution,
  units: readonly number[],
  due: () => boolean = () => false,
  counts: ConstructCounts = new ConstructCounts(),
): number[] {
  const p = sol.p;
  const inst = p.inst;
  const m = p.nRoutes;
  const k = units.length;
  // A cell a unit may not take stays at infinity, so only allowed pairs are ever priced, each
  // row and column through these lists (over a week, a visit may go only on its own day's
  // shifts: most pairs are not allowed). Routes ascend in a row, so ties resolve as a full scan's.
  const cell = new Float64Array(k * m).fill(Number.POSITIVE_INFINITY);
  const { rowStart, rowRoutes, colStart, colUnits } = allowedPairs(p, units);
  const best1 = new Float64Array(k);
  const best2 = new Float64Array(k);
  const best1Route = new Int32Array(k);
  const best2Route = new Int32Array(k);
  const alive = new Uint8Array(k).fill(1);
  const res = new InsertionResult();

  const evalCell = (i: number, r: number): void => {
    counts.routes++;
    res.reset();
    bestInRoute(sol, units[i]!, r, res);
    cell[i * m + r] = res.delta;
  };
  const rescanRow = (i: number): void => {
    let b1 = Number.POSITIVE_INFINITY;
    let b2 = Number.POSITIVE_INFINITY;
    let r1 = -1;
    let r2 = -1;
    for (let j = rowStart[i]!; j < rowStart[i + 1]!; j++) {
      const r = rowRoutes[j]!;
      const v = cell[i * m + r]!;
      if (v < b1) {
        b2 = b1;
        r2 = r1;
        b1 = v;
        r1 = r;
      } else if (v < b2) {
        b2 = v;
        r2 = r;
      }
    }
    best1[i] = b1;
    best2[i] = b2;
    best1Route[i] = r1;
    best2Route[i] = r2;
  };
  for (let i = 0; i < k; i++) {
    // Filling the cache is itself long on a large problem: stop there too.
    if (due()) return [...units];
    for (let j = rowStart[i]!; j < rowStart[i + 1]!; j++) evalCell(i, rowRoutes[j]!);
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

  const rescan = new Uint8Array(k);
  const touched: number[] = [];
  for (let step = 0; step < k; step++) {
    // Tasks with no feasible route left were tried; the rest were not reached.
    if (due())
      return units.filter((_, i) => alive[i] === 1 && best1[i]! < Number.POSITIVE_INFINITY);
    let pick = -1;
    let pickRegret = Number.NEGATIVE_INFINITY;
    let pickPenalty = 0;
    for (let i = 0; i < k; i++) {
      if (alive[i] === 0 || best1[i] === Number.POSITIVE_INFINITY) continue;
      const regret =
        best2[i] === Number.POSITIVE_INFINITY ? ONLY_ROUTE_REGRET : best2[i]! - best1[i]!;
      const penalty = inst.taskUnplacedPenalty[units[i]!]!;
      if (
        regret > pickRegret ||
        (regret === pickRegret &&
          (penalty > pickPenalty || (penalty === pickPenalty && best1[i]! < best1[pick]!)))
      ) {
        pick = i;
        pickRegret = regret;
        pickPenalty = penalty;
      }
    }
    if (pick < 0) break;
    const u = units[pick]!;
    const r = best1Route[pick]!;
    res.reset();
    bestInRoute(sol, u, r, res);
    sol.insert(u, r, res.pos);
    alive[pick] = 0;
    let changed = sharing(r);
    // A new largest lateness of the day reprices every insertion into that day's routes.
    const day = sol.worst?.changedDay ?? -1;
    if (day >= 0) changed = [...new Set([...changed, ...sol.worst!.routesOf(day)])];
    touched.length = 0;
    for (const c of changed) {
      for (let j = colStart[c]!; j < colStart[c + 1]!; j++) {
        const i = colUnits[j]!;
        if (alive[i] === 0) continue;
        evalCell(i, c);
        // The row's best two change only through their own routes or a new value below them.
        if (
          rescan[i] === 0 &&
          (c === best1Route[i] || c === best2Route[i] || cell[i * m + c]! < best2[i]!)
        ) {
          rescan[i] = 1;
          touched.push(i);
        }
      }
    }
    for (const i of touched) {
      rescanRow(i);
      rescan[i] = 0;
    }
  }
  return [];
}

/**
 * The (unit, route) pairs `allowed` lets through, as rows (each unit's routes, ascending) and
 * columns (each route's units, ascending), read a bit word at a time.
 */
function allowedPairs(
  p: Solution['p'],
  units: readonly number[],
): { rowStart: Int32Array; rowRoutes: Int32Array; colStart: Int32Array; colUnits: Int32Array } {
  const inst = p.inst;
  const words = inst.routeWords;
  const k = units.length;
  const rowStart = new Int32Array(k + 1);
  const routes: number[] = [];
  const colCount = new Int32Array(p.nRoutes + 1);
  for (let i = 0; i < k; i++) {
    const base = units[i]! * words;
    for (let w = 0; w < words; w++) {
      let word = inst.allowed[base + w]!;
      while (word !== 0) {
        const bit = 31 - Math.clz32(word & -word);
        word &= word - 1;
        const r = w * 32 + bit;
        if (r >= p.nRoutes) break;
        routes.push(r);
        colCount[r + 1]!++;
      }
    }
    rowStart[i + 1] = routes.length;
  }
  const colStart = new Int32Array(p.nRoutes + 1);
  for (let r = 0; r < p.nRoutes; r++) colStart[r + 1] = colStart[r]! + colCount[r + 1]!;
  const fill = colStart.slice(0, p.nRoutes);
  const colUnits = new Int32Array(routes.length);
  for (let i = 0; i < k; i++) {
    for (let j = rowStart[i]!; j < rowStart[i + 1]!; j++) colUnits[fill[routes[j]!]!++] = i;
  }
  return { rowStart, rowRoutes: Int32Array.from(routes), colStart, colUnits };
}

/**
 * Rebuilds a given solution's stops, in order, where they still fit this instance: linked tasks
 * pinned at their given start times (a core, such as a double-up, is kept only if all of it
 * fits; a group whose links are separable may keep some cores), anything that no longer fits
 * left unplaced for {@link construct}.
 */
export function warmStart(
  sol: Solution,
  routes: readonly (readonly number[])[],
  taskStart: Float64Array,
): void {
  const p = sol.p;
  const inst = p.inst;
  for (let r = 0; r < Math.min(routes.length, p.nRoutes); r++) {
    for (const t of routes[r]!) {
      if (t < 0 || t >= p.nTasks || sol.taskRoute[t]! >= 0) continue;
      const linked = p.taskLinkStart[t + 1]! > p.taskLinkStart[t]!;
      const start = taskStart[t]!;
      if (linked) {
        if (!(start >= inst.taskEarliest[t]! && start <= inst.taskLatest[t]!)) continue;
        sol.setWindow(t, start, start);
      }
      if (fitsAtEnd(sol, t, r)) sol.insert(t, r, sol.routes[r]!.tasks.length);
      else if (linked) sol.setWindow(t, inst.taskEarliest[t]!, inst.taskLatest[t]!);
    }
  }
  // A given start that breaks a link (an initial solution made for other links) releases the
  // second task's core; then a core only partly kept would break its links: release it whole.
  const partial: number[] = [];
  for (const link of inst.links) {
    if (sol.taskRoute[link.a]! < 0 || sol.taskRoute[link.b]! < 0) continue;
    const gap = sol.effE[link.b]! - sol.effE[link.a]!;
    if (gap >= link.minGap - p.eps && gap <= link.maxGap + p.eps) continue;
    for (const t of coreMembers(p, p.coreOf[link.b]!)) {
      if (sol.taskRoute[t]! >= 0 && !partial.includes(t)) partial.push(t);
    }
  }
  if (partial.length > 0) sol.removeTasks(partial);
  partial.length = 0;
  for (let c = 0; c < p.nCores; c++) {
    const members = coreMembers(p, c);
    if (members.length < 2) continue;
    let placed = 0;
    for (const t of members) if (sol.taskRoute[t]! >= 0) placed++;
    if (placed > 0 && placed < members.length) {
      for (const t of members) if (sol.taskRoute[t]! >= 0) partial.push(t);
    }
  }
  if (partial.length > 0) sol.removeTasks(partial);
}
