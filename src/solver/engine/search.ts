/**
 * Improvement phase: ruin and recreate with simulated-annealing acceptance (the SISR scheme of
 * Christiaens & Vanden Berghe 2020, with related and random removals added). Anytime: it keeps
 * the best solution seen and stops on the time limit, the iteration limit or the abort signal.
 */
import type { EngineOptions } from './instance.js';
import { LocalSearch } from './localsearch.js';
import { recreate } from './recreate.js';
import { Rng } from './rng.js';
import { Removal, ruinRandom, ruinRelated, ruinRoute, ruinStrings } from './ruin.js';
import type { Snapshot, Solution } from './solution.js';

/** Default budget when neither a time nor an iteration limit is given. */
const DEFAULT_TIME_MS = 10_000;
/** Minimum interval between progress callbacks. */
const PROGRESS_MS = 100;
/** Unplaced tasks retried per iteration besides the ones just removed. */
const RETRY_UNPLACED = 16;

/** Tunable search parameters (exposed for the benchmark's calibration runs). */
export interface SearchParams {
  /** Start and final temperatures, as multiples of the average arc cost. */
  t0: number;
  tf: number;
  /** Average number of tasks removed per ruin. */
  avgRemoved: number;
  /** Blink probability of recreate. */
  blink: number;
  /** When to run local search: never, on each new best, or after every recreate. */
  ls: 'none' | 'best' | 'always' | 'focus';
}

export const DEFAULT_PARAMS: SearchParams = {
  t0: 5,
  tf: 0.01,
  avgRemoved: 10,
  blink: 0.01,
  ls: 'focus',
};

/**
 * Runs the improvement phase from the current state of `sol`; returns the best found. The time
 * limit counts from `started` (the start of the whole solve).
 */
export function search(
  sol: Solution,
  options: EngineOptions,
  params: SearchParams = DEFAULT_PARAMS,
  started = performance.now(),
  onEnd?: (iterations: number) => void,
): Snapshot {
  const p = sol.p;
  const rng = new Rng(options.seed ?? 1);
  const maxIterations = options.maxIterations ?? Number.POSITIVE_INFINITY;
  const timeLimit =
    options.timeLimitMs ??
    (options.maxIterations === undefined ? DEFAULT_TIME_MS : Number.POSITIVE_INFINITY);
  const timed = Number.isFinite(timeLimit);
  const counted = Number.isFinite(maxIterations);
  let best = sol.snapshot();
  let current = sol.cost;
  let lastProgress = started;
  const report = (iteration: number, now: number): void => {
    lastProgress = now;
    options.onProgress?.({
      iteration,
      elapsedMs: now - started,
      bestCost: best.cost,
      unplaced: best.nUnplaced,
    });
  };
  report(0, started);

  const placed = p.nTasks - sol.nUnplaced;
  let used = 0;
  for (const route of sol.routes) if (route.tasks.length > 0) used++;
  const arc = placed > 0 ? (sol.travelCost + sol.assignmentCost) / (placed + used) : 1;
  const t0 = Math.max(arc, 1e-9) * params.t0;
  const tf = Math.max(arc, 1e-9) * params.tf;
  const avgRemoved = Math.max(1, Math.min(params.avgRemoved, Math.ceil(p.nTasks / 4)));

  const rem = new Removal(p.nTasks, p.nRoutes);
  const ls = new LocalSearch(sol);
  const groupMark = new Uint8Array(p.nGroups);
  const groups: number[] = [];
  const outside: number[] = [];
  const addGroup = (g: number): void => {
    if (groupMark[g] === 1 || p.groupPlaceable[g] === 0) return;
    groupMark[g] = 1;
    groups.push(g);
  };
  let iteration = 0;
  if (p.nTasks === 0) {
    onEnd?.(0);
    return best;
  }
  for (;;) {
    if (iteration >= maxIterations || options.signal?.aborted) break;
    let fraction = counted ? iteration / maxIterations : 0;
    let now = 0;
    if (timed) {
      now = performance.now();
      const elapsed = now - started;
      if (elapsed >= timeLimit) break;
      fraction = Math.max(fraction, elapsed / timeLimit);
      if (now - lastProgress >= PROGRESS_MS) report(iteration, now);
    } else if (options.onProgress !== undefined && (iteration & 63) === 0) {
      now = performance.now();
      if (now - lastProgress >= PROGRESS_MS) report(iteration, now);
    }
    const temperature = t0 * Math.pow(tf / t0, fraction);

    sol.begin();
    rem.clear();
    const op = rng.float();
    if (op < 0.7) ruinStrings(sol, rng, rem, avgRemoved);
    else if (op < 0.85) ruinRelated(sol, rng, rem, avgRemoved);
    else if (op < 0.98) ruinRandom(sol, rng, rem, avgRemoved);
    else ruinRoute(sol, rng, rem);

    groups.length = 0;
    for (const t of rem.tasks) addGroup(p.groupOf[t]!);
    // Retry some of the tasks left out before: all of them when few, else a random sample, so
    // a roster with many unplaceable visits does not spend every iteration on them.
    if (sol.nUnplaced > 0) {
      outside.length = 0;
      for (let t = 0; t < p.nTasks; t++) {
        if (sol.taskRoute[t]! < 0 && p.groupPlaceable[p.groupOf[t]!] === 1) outside.push(t);
      }
      if (outside.length <= RETRY_UNPLACED) {
        for (const t of outside) addGroup(p.groupOf[t]!);
      } else {
        for (let i = 0; i < RETRY_UNPLACED; i++) {
          addGroup(p.groupOf[outside[rng.int(outside.length)]!]!);
        }
      }
    }
    for (const g of groups) groupMark[g] = 0;
    sol.removeTasks(rem.tasks);
    recreate(sol, groups, rng, params.blink);
    if (params.ls === 'always') ls.run(rng);
    else if (params.ls === 'focus') ls.run(rng, rem.tasks);

    const cost = sol.cost;
    const threshold = current - temperature * Math.log(rng.float() + 1e-300);
    if (cost < threshold) {
      sol.commit();
      current = cost;
      if (cost < best.cost - 1e-9 * Math.abs(best.cost)) {
        if (params.ls === 'best') ls.run(rng);
        sol.resum();
        current = sol.cost;
        best = sol.snapshot();
      }
    } else {
      sol.rollback();
    }
    iteration++;
    if ((iteration & 1023) === 0) {
      sol.resum();
      current = sol.cost;
    }
  }
  report(iteration, performance.now());
  onEnd?.(iteration);
  return best;
}
