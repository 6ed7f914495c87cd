/**
 * Improvement phase: ruin and recreate with simulated-annealing acceptance (the SISR scheme of
 * Christiaens & Vanden Berghe 2020, with related and random removals added). Anytime: it keeps
 * the best solution seen and stops on the time limit, the iteration limit or the abort signal.
 */
import { checkEqual, ENGINE_CHECKS, recomputedCost } from './checks.js';
import type { EngineOptions } from './instance.js';
import { DEFAULT_GRANULARITY, LocalSearch } from './localsearch.js';
import { recreate } from './recreate.js';
import { Rng } from './rng.js';
import { ruinContinuity } from './continuity-ruin.js';
import { Removal, ruinRandom, ruinRelated, ruinRoute, ruinStrings } from './ruin.js';
import type { Snapshot, Solution } from './solution.js';

/** Default budget when neither a time nor an iteration limit is given. */
const DEFAULT_TIME_MS = 10_000;
/** Minimum interval between progress callbacks. */
const PROGRESS_MS = 100;
/** Unplaced tasks retried per iteration besides the ones just removed. */
const RETRY_UNPLACED = 16;
/**
 * Iterations between exact resums of the running totals: often enough that rounding drift stays
 * far below any cost difference, rarely enough to cost nothing (a power of two, tested by mask).
 */
const RESUM_EVERY = 1024;
/** Iterations between clock reads for progress when only an iteration limit is set. */
const PROGRESS_CHECK_EVERY = 64;
/** At most this share of the tasks is removed by one ruin, however large `avgRemoved`. */
const MAX_REMOVED_SHARE = 1 / 4;
/** Tasks per chunk of the opening sweep of local search (see `sweep`), between clock reads. */
const SWEEP_CHUNK = 64;
/**
 * Share of ruins that take a carer off a client (continuity instances only): on the demo at
 * 18,000 iterations, 0.4 and 0.2 gave about the same (src/solver/README.md); on the week in
 * tests/continuity.test.ts 0.4 found the one-carer answer within 300 iterations on six seeds
 * of six, 0.2 on three.
 */
const CONTINUITY_RUIN_SHARE = 0.4;
/**
 * A continuity ruin removes at most this many times `avgRemoved` tasks: the client's visits by
 * the leaving carer plus the visits in their way on the keepers' routes.
 */
const CONTINUITY_RUIN_SIZE = 2;
/** Relative improvement below which a new best is taken as rounding, not progress. */
const BEST_TOLERANCE = 1e-9;

/**
 * Tunable search parameters (exposed for the benchmark's calibration runs, `bench/tune.ts`).
 * The defaults were chosen by measurement on the Solomon instances (see src/solver/README.md).
 */
export interface SearchParams {
  /** Start temperature, as a multiple of the average arc cost: accepts early detours freely. */
  t0: number;
  /** Final temperature, as a multiple of the average arc cost: near-greedy at the end. */
  tf: number;
  /** Average number of tasks removed per ruin (SISR's c-bar). */
  avgRemoved: number;
  /** Probability that recreate skips a feasible position (SISR's blink). */
  blink: number;
  /**
   * When to run local search: `none`; `best`, on each new best; `always`, over every task after
   * each recreate; `focus` (the default), over the tasks the ruin removed after each recreate.
   */
  ls: 'none' | 'best' | 'always' | 'focus';
  /** Share of ruins that are SISR string removals, the operator that does most of the work. */
  ruinStrings: number;
  /** Share of ruins that are related (Shaw) removals around a random task. */
  ruinRelated: number;
  /** Share of ruins that are random removals; the rest (2 %) empty a whole route. */
  ruinRandom: number;
  /** Nearest neighbours of each task that local search pairs it with. */
  granularity: number;
  /**
   * Share of ruins that are continuity ruins (`continuity-ruin.ts`), drawn before the mix above,
   * on instances with continuity groups only (others never draw for it, so their runs are as
   * before).
   */
  ruinContinuity: number;
}

export const DEFAULT_PARAMS: SearchParams = {
  t0: 5,
  tf: 0.01,
  avgRemoved: 10,
  blink: 0.01,
  ls: 'focus',
  ruinStrings: 0.7,
  ruinRelated: 0.15,
  ruinRandom: 0.13,
  granularity: DEFAULT_GRANULARITY,
  ruinContinuity: CONTINUITY_RUIN_SHARE,
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
  const avgRemoved = Math.max(
    1,
    Math.min(params.avgRemoved, Math.ceil(p.nTasks * MAX_REMOVED_SHARE)),
  );
  // Cumulative bounds of the ruin mix on one uniform draw.
  const stringsBelow = params.ruinStrings;
  const relatedBelow = stringsBelow + params.ruinRelated;
  const randomBelow = relatedBelow + params.ruinRandom;

  // The neighbour lists are the search's alone: out of time or aborted before they are ready,
  // it has nothing to add to the construction.
  const ready = p.prepareNeighbours(
    () => options.signal?.aborted === true || (timed && performance.now() - started >= timeLimit),
  );
  if (!ready) {
    onEnd?.(0);
    return best;
  }
  const rem = new Removal(p.nTasks, p.nRoutes);
  const ls = new LocalSearch(sol, params.granularity);
  const pillars = ls.pillars;
  if (pillars !== null) {
    sweep(sol, ls, rng, options, started, timeLimit);
    current = sol.cost;
    if (current < best.cost) best = sol.snapshot();
  }
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
    } else if (options.onProgress !== undefined && iteration % PROGRESS_CHECK_EVERY === 0) {
      now = performance.now();
      if (now - lastProgress >= PROGRESS_MS) report(iteration, now);
    }
    const temperature = t0 * Math.pow(tf / t0, fraction);

    sol.begin();
    rem.clear();
    const op = rng.float();
    // Instances without continuity groups make no extra draw, so their runs are as before.
    if (pillars !== null && rng.float() < params.ruinContinuity) {
      ruinContinuity(sol, pillars, rng, rem, CONTINUITY_RUIN_SIZE * avgRemoved);
    } else if (op < stringsBelow) ruinStrings(sol, rng, rem, avgRemoved);
    else if (op < relatedBelow) ruinRelated(sol, rng, rem, avgRemoved);
    else if (op < randomBelow) ruinRandom(sol, rng, rem, avgRemoved);
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
    sol.removeTasks(rem.tasks);
    // A route past the break threshold can lose the stops around which its break fitted: it
    // gives up its last stops too, until it holds its break again or no longer owes one.
    if (p.breaks !== null) {
      for (const t of sol.releaseBrokenBreaks()) addGroup(p.groupOf[t]!);
    }
    for (const g of groups) groupMark[g] = 0;
    recreate(sol, groups, rng, params.blink);
    if (params.ls === 'always') ls.run(rng);
    else if (params.ls === 'focus') ls.run(rng, rem.tasks);

    const cost = sol.cost;
    if (ENGINE_CHECKS) checkRunningCost(sol, 'after ruin, recreate and local search');
    // Annealing acceptance in the threshold form; the tiny addend keeps log away from 0.
    const threshold = current - temperature * Math.log(rng.float() + 1e-300);
    if (cost < threshold) {
      sol.commit();
      current = cost;
      if (cost < best.cost - BEST_TOLERANCE * Math.abs(best.cost)) {
        if (params.ls === 'best') ls.run(rng);
        sol.resum();
        current = sol.cost;
        best = sol.snapshot();
      }
    } else {
      sol.rollback();
      if (ENGINE_CHECKS) checkRunningCost(sol, 'after undoing a step');
    }
    iteration++;
    if (iteration % RESUM_EVERY === 0) {
      sol.resum();
      current = sol.cost;
    }
  }
  report(iteration, performance.now());
  onEnd?.(iteration);
  return best;
}

/**
 * One local-search pass over every placed task before ruin and recreate, so that the pillar
 * moves gather each client's visits across the whole roster (ruin and recreate then only sees the
 * few tasks it removed each step). In chunks, with the clock and the abort signal read between.
 */
function sweep(
  sol: Solution,
  ls: LocalSearch,
  rng: Rng,
  options: EngineOptions,
  started: number,
  timeLimit: number,
): void {
  const order: number[] = [];
  for (let t = 0; t < sol.p.nTasks; t++) if (sol.taskRoute[t]! >= 0) order.push(t);
  rng.shuffle(order);
  for (let from = 0; from < order.length; from += SWEEP_CHUNK) {
    if (options.signal?.aborted || performance.now() - started >= timeLimit) return;
    ls.run(rng, order.slice(from, from + SWEEP_CHUNK));
  }
}

/** Holds the solution's running objective against a recomputation (engine checks only). */
function checkRunningCost(sol: Solution, when: string): void {
  const actual = recomputedCost(sol);
  checkEqual(`running cost ${when}`, sol.cost, actual, actual);
}
