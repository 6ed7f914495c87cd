/**
 * Construction by regret insertion: link groups first (they are the hardest to fit), then single
 * tasks by regret-2 (largest gap between the best and second-best route first, `regret.ts`).
 */
import { coreMembers, fitsAtEnd, groupMembers, insertGroup } from './insertion.js';
import { ConstructCounts, regretInsert } from './regret.js';
import type { Solution } from './solution.js';

export { ConstructCounts, regretInsert } from './regret.js';

/** Above this many (task, route) cells the cache is skipped for plain cheapest insertion. */
const MAX_CACHE_CELLS = 8_000_000;

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
      // One push per task: spreading 100k+ singles into one call overflows the stack.
      for (const t of singles) unreached.push(t);
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
  return regretInsert(sol, singles, { due, counts, finishBy: stop.at });
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
