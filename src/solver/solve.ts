/**
 * The public solve entry point: validate, expand, compile, search, decode, explain.
 */
import type { ExpandedProblem } from '../model/expand.js';
import { expandProblem } from '../model/expand.js';
import type { Roster, SolveStats, UnplacedVisit } from '../model/roster.js';
import type { ProblemInput } from '../model/schema.js';
import { parseProblem } from '../model/validate.js';
import type { TravelMatrix } from '../geo/travel-matrix.js';
import { straightLineTravelMatrix } from '../geo/straight-line.js';
import { unplacedVisits } from '../constraints/eligibility.js';
import { computeKpis } from '../constraints/kpis.js';
import type { CompiledProblem } from './compile.js';
import { CompileStopped, compileProblem } from './compile.js';
import { decodeRoutes } from './decode.js';
import { answerCostMs, finishReserveMs } from './finish-reserve.js';
import { NOT_REACHED_REASON, notReachedRoster } from './not-reached.js';
import type { SolutionScore } from './score.js';
import { scoreSolution } from './score.js';
import { lateOpeningPays, latenessOnly } from './lateness-opening.js';
import { teamFirst } from './team-opening.js';
import type { EngineInstance, EngineProgress, EngineSolution } from './engine/instance.js';
import { solveEngine } from './engine/index.js';
import { violations } from './engine/export.js';

/** The round of the solve a progress report comes from, in the order they run. */
export type SolvePhase = 'construct' | 'pack' | 'weigh' | 'finish';

/**
 * Progress of a running solve, reported through {@link SolveOptions.onProgress}: one series
 * across all the solver's rounds, with `iteration` and `elapsedMs` never going down and
 * `bestCost` never going up. A plain object, safe to pass between threads.
 */
export interface SolveProgress {
  /** Improvement iterations so far, summed over the rounds (at most `maxIterations`). */
  readonly iteration: number;
  readonly elapsedMs: number;
  /**
   * Objective, as the final roster is scored (`stats.cost`), of the best roster seen so far
   * (lower is better). Rounds that search on another objective (packing without the soft terms)
   * are scored when they end.
   */
  readonly bestCost: number;
  /** Carer-visits (a double-up counts twice) that best roster leaves unplaced. */
  readonly unplacedTasks: number;
  /** The round running. */
  readonly phase: SolvePhase;
}

/** Options of {@link solve}. */
export interface SolveOptions {
  /** Seed of the search's random choices: same problem, seed and iteration limit, same roster. */
  readonly seed?: number;
  /**
   * Wall-clock budget in milliseconds; the best roster found by then is returned. Defaults to
   * 10 000 when `maxIterations` is not given either.
   */
  readonly timeLimitMs?: number;
  /**
   * Improvement iterations in total, over all of the solver's rounds; deterministic, unlike a
   * time limit.
   */
  readonly maxIterations?: number;
  /** Stops the search early; the best roster found so far is returned. */
  readonly signal?: AbortSignal;
  /** Called now and then during the search. */
  readonly onProgress?: (progress: SolveProgress) => void;
  /** Travel times to use; the straight-line estimate from the problem's settings by default. */
  readonly travel?: TravelMatrix;
}

/** The default time budget of {@link solve} when neither a time nor an iteration limit is set. */
export const DEFAULT_TIME_LIMIT_MS = 10_000;

/**
 * Where {@link solveExpanded} hands rosters of its best so far while it runs, for a caller that
 * may stop waiting before the answer (`solveAsync`, whose worker posts them): along the first
 * construction once it has run {@link STAND_IN_AFTER_MS}, at its end, and as each later round
 * begins, when `due` says one is wanted. Building one costs about as much as the final answer,
 * so the taker spaces them out.
 */
export interface StandInTaker {
  /** Whether a roster is wanted now. */
  due(): boolean;
  /**
   * Takes a roster of the best so far (checked like the answer; its `stoppedBy` is a
   * placeholder) and the carer-visits it leaves unplaced, as progress counts them.
   */
  take(roster: Roster, unplacedTasks: number): void;
}

/** Share of the time budget spent packing visits in on travel alone, before the soft terms. */
const PACKING_SHARE = 0.3;

/**
 * How long a construction runs before rosters of it so far are handed to `standIns`: a shorter
 * one is held whole at its end, and a copy made earlier would hold next to nothing.
 */
const STAND_IN_AFTER_MS = 1_000;

/**
 * Builds a roster for a problem.
 *
 * Every hard rule holds in the result; every visit is either placed or listed in
 * `roster.unplaced` with its reasons.
 *
 * Synchronous: it blocks the calling thread for the whole solve (no timer, signal handler or
 * request runs until it returns, so an `AbortSignal` can only be honoured if it was aborted
 * from another thread). Fine for scripts; from a server or anything with an event loop, use
 * `solveAsync`, which runs this on a worker thread.
 *
 * @param input a problem: raw JSON input (a {@link ProblemInput}) or a parsed `Problem`.
 * @throws {ProblemValidationError} when `input` is not a valid problem.
 * @example
 * ```ts
 * const problem = parseProblem(JSON.parse(readFileSync('problem.json', 'utf8')));
 * const roster = solve(problem, { seed: 1, maxIterations: 200 }); // or timeLimitMs, signal
 * console.log(summariseRoster(roster), checkRoster(problem, roster)); // ... []
 * ```
 */
export function solve(input: ProblemInput | unknown, options: SolveOptions = {}): Roster {
  const started = Date.now();
  const problem = parseProblem(input);
  const expanded = expandProblem(problem);
  const travel =
    options.travel ?? straightLineTravelMatrix(expanded.locations, problem.settings.travel);
  return solveExpanded(expanded, travel, options, started);
}

/**
 * {@link solve} for a problem already expanded, with its travel matrix. `startedAt` is when the
 * caller's clock started (`Date.now()`), so that time spent before (reading, expanding) counts
 * against the time limit. `standIns`, when given, is handed rosters of the best so far as the
 * solve runs; the answer is the same with or without it.
 *
 * @example
 * ```ts
 * const startedAt = Date.now(); // the time limit counts from here, reading and expanding included
 * const expanded = expandProblem(problem);
 * const travel = straightLineTravelMatrix(expanded.locations, problem.settings.travel);
 * const roster = solveExpanded(expanded, travel, { seed: 1, timeLimitMs: 1_000 }, startedAt);
 * ```
 */
export function solveExpanded(
  expanded: ExpandedProblem,
  travel: TravelMatrix,
  options: SolveOptions = {},
  startedAt = Date.now(),
  standIns?: StandInTaker,
): Roster {
  const started = startedAt;
  const seed = options.seed ?? 1;
  const timeLimitMs =
    options.timeLimitMs ??
    (options.maxIterations === undefined ? DEFAULT_TIME_LIMIT_MS : undefined);
  // The search stops early enough to leave time for decoding, reasons, scores and KPIs.
  let finishMs =
    timeLimitMs === undefined ? 0 : finishReserveMs(timeLimitMs, expanded.visits.length);
  let searchDeadline = timeLimitMs === undefined ? undefined : started + timeLimitMs - finishMs;
  // Stopped before the search: every visit not reached. Out of time, the progress series still
  // starts (one report at that empty roster), as callers streaming progress expect of a solve.
  const stoppedBeforeSearch = (stoppedBy: SolveStats['stoppedBy']): Roster => {
    const roster = notReachedRoster(expanded, travel, {
      seed,
      elapsedMs: Date.now() - started,
      stoppedBy,
    });
    if (stoppedBy !== 'time-limit') return roster;
    options.onProgress?.({
      iteration: 0,
      elapsedMs: Date.now() - started,
      bestCost: roster.stats?.cost ?? Number.POSITIVE_INFINITY,
      unplacedTasks: expanded.visits.reduce((n, visit) => n + visit.carersNeeded, 0),
      phase: 'construct',
    });
    return roster;
  };
  // Aborted while loading: compiling would only delay the answer, which is every visit not
  // reached.
  if (options.signal?.aborted) return stoppedBeforeSearch('aborted');
  // Reading and expanding count against the limit, and so does compiling: a limit that ends
  // before the search could start returns every visit unplaced, as not reached.
  if (searchDeadline !== undefined && Date.now() >= searchDeadline) {
    return stoppedBeforeSearch('time-limit');
  }
  let compiled: CompiledProblem;
  try {
    compiled = compileProblem(expanded, travel, {}, searchDeadline);
  } catch (error) {
    if (error instanceof CompileStopped) return stoppedBeforeSearch('time-limit');
    throw error;
  }
  const budget = options.maxIterations;
  let iterations = 0;
  // One series for the caller: the best roster by the final objective, never rising.
  let best = Number.POSITIVE_INFINITY;
  let bestUnplaced = compiled.instance.nTasks;
  let phase: SolvePhase = 'construct';
  const report = (iteration: number) =>
    options.onProgress?.({
      iteration,
      elapsedMs: Date.now() - started,
      bestCost: best,
      unplacedTasks: bestUnplaced,
      phase,
    });
  const consider = (cost: number, unplacedTasks: number) => {
    if (cost < best) {
      best = cost;
      bestUnplaced = unplacedTasks;
    }
  };
  // Each solution is scored once: a round's result is scored for the progress series, then for
  // the comparison with the best so far, then for the answer.
  const scores = new WeakMap<EngineSolution, SolutionScore>();
  const scored = (candidate: EngineSolution): SolutionScore => {
    let score = scores.get(candidate);
    if (score === undefined) {
      score = scoreSolution(expanded, travel, compiled, candidate);
      scores.set(candidate, score);
    }
    return score;
  };
  const trueCost = (candidate: EngineSolution) => scored(candidate).total;
  // Placing nothing is a roster too: the series starts there.
  const nothing: EngineSolution = {
    routes: Array.from({ length: compiled.instance.nRoutes }, () => []),
    taskStart: new Float64Array(compiled.instance.nTasks).fill(Number.NaN),
    routeDeparture: new Float64Array(compiled.instance.nRoutes).fill(Number.NaN),
    unplaced: Array.from({ length: compiled.instance.nTasks }, (_, t) => t),
    cost: 0,
    travelCost: 0,
    softCost: 0,
  };
  consider(trueCost(nothing), compiled.instance.nTasks);
  report(0);
  // Tasks no construction has reached yet (null: every task), for the time-limit reason.
  let unreached: Set<number> | null = null;

  /**
   * The roster of `solution`: routes decoded, every unplaced visit with its reasons (those in
   * `neverReached`, tasks no construction reached, as not reached), scored, with its KPIs.
   */
  const rosterOf = (
    solution: EngineSolution,
    neverReached: ReadonlySet<number>,
    stoppedBy: () => SolveStats['stoppedBy'],
  ): Roster => {
    const routes = decodeRoutes(expanded, travel, compiled, solution);
    const unplacedVisitIds = new Set(solution.unplaced.map((task) => compiled.taskVisit[task]?.id));
    // A visit none of whose carer-tasks any construction reached is unplaced for want of time.
    const reached = new Set<string>();
    compiled.taskVisit.forEach((visit, t) => {
      if (!neverReached.has(t)) reached.add(visit.id);
    });
    const unplaced: UnplacedVisit[] = unplacedVisits(
      expanded,
      travel,
      (id) => !unplacedVisitIds.has(id),
      (visit) => (reached.has(visit.id) ? undefined : [NOT_REACHED_REASON]),
    );
    const score = scored(solution);
    const elapsedMs = Date.now() - started;
    const stats: SolveStats = {
      seed,
      iterations,
      elapsedMs,
      cost: score.total,
      costByRule: Object.fromEntries(score.byRule),
      stoppedBy: stoppedBy(),
    };
    return {
      timeZone: expanded.problem.timeZone,
      horizon: expanded.problem.horizon,
      routes,
      unplaced,
      kpis: computeKpis(expanded, travel, routes, unplaced),
      stats,
      ...(travel.source === undefined ? {} : { travelSource: travel.source }),
    };
  };
  /**
   * Hands `standIns` the roster of `candidate` (made only then) when it wants one and the guard
   * passes it; `notReached` gives the tasks no construction has reached in it.
   */
  const offer = (
    candidate: () => EngineSolution,
    notReached: (solution: EngineSolution) => ReadonlySet<number>,
  ) => {
    if (standIns === undefined || options.signal?.aborted === true || !standIns.due()) return;
    const solution = candidate();
    if (violations(compiled.instance, solution).length > 0) return;
    standIns.take(
      rosterOf(solution, notReached(solution), () => 'aborted'),
      solution.unplaced.length,
    );
  };

  /**
   * One round: `share` of the time and iterations left. `sameObjective` says whether the
   * engine's cost is the final objective, so that its progress can feed the series.
   */
  const runEngine = (
    round: SolvePhase,
    instance: EngineInstance,
    share: number,
    initial: EngineSolution | undefined,
    sameObjective: boolean,
  ): EngineSolution => {
    phase = round;
    // A later round starts from the best so far: that is the roster to hold while it runs.
    if (initial !== undefined)
      offer(
        () => initial,
        () => unreached ?? new Set(),
      );
    const roundStarted = performance.now();
    const roundBudget =
      budget === undefined ? undefined : Math.floor((budget - iterations) * share);
    const before = iterations;
    const result = solveEngine(instance, {
      seed,
      initial,
      timeLimitMs:
        searchDeadline === undefined
          ? undefined
          : Math.max(1, (searchDeadline - Date.now()) * share),
      // A construction left unfinished leaves visits out, so it may use all the time left.
      constructionTimeLimitMs:
        searchDeadline === undefined ? undefined : Math.max(1, searchDeadline - Date.now()),
      maxIterations: roundBudget,
      signal: options.signal,
      onProgress: (progress: EngineProgress) => {
        if (sameObjective) consider(progress.bestCost, progress.unplaced);
        report(before + progress.iteration);
      },
      // The first construction is the first roster worth holding (later ones start warm): along
      // the way, every task it has not placed yet counts as not reached.
      onConstructing:
        initial === undefined && standIns !== undefined
          ? (soFar) => {
              if (performance.now() - roundStarted < STAND_IN_AFTER_MS) return;
              offer(soFar, (copy) => new Set(copy.unplaced));
            }
          : undefined,
      onConstructed:
        initial === undefined && standIns !== undefined
          ? (constructed, left) =>
              offer(
                () => constructed,
                () => new Set(left),
              )
          : undefined,
    });
    iterations = before + (result.iterations ?? 0);
    const left = result.unreached ?? [];
    unreached = unreached === null ? new Set(left) : new Set(left.filter((t) => unreached?.has(t)));
    // Scored for the progress series alone, which an aborted caller no longer reads.
    if (!sameObjective && !options.signal?.aborted) {
      consider(trueCost(result), result.unplaced.length);
    }
    report(iterations);
    return result;
  };
  /**
   * Keeps back from the rounds still to run what the answer of `solution` (the best so far) will
   * cost, now that its placed tasks are known: the search deadline moves earlier, never later.
   */
  const keepBackForAnswer = (solution: EngineSolution) => {
    if (timeLimitMs === undefined || options.signal?.aborted) return;
    const placedTasks = compiled.instance.nTasks - solution.unplaced.length;
    const tried = solution.unplaced.filter((task) => unreached?.has(task) === false).length;
    const needed = answerCostMs({
      placedTasks,
      triedUnplacedTasks: tried,
      carers: expanded.carers.size,
    });
    if (needed <= finishMs) return;
    finishMs = needed;
    searchDeadline = started + timeLimitMs - finishMs;
  };
  const timeLeft = () => (searchDeadline === undefined ? Infinity : searchDeadline - Date.now());
  const budgetLeft = () => (budget === undefined ? Infinity : budget - iterations);
  // Once the time is up (or the caller aborts) only the rounds the rules need still run.
  const stopped = () => options.signal?.aborted === true || timeLeft() <= 0;

  // Rest between days and days in a row are the engine's own rules (`compile.ts` states them on
  // the instance), kept move by move: no round narrows shifts for them.
  const instance = compiled.instance;
  // First pack the visits in on travel alone, which places the most; then weigh every soft term
  // from there, where the cost of an unplaced visit keeps them placed.
  // Aborted while compiling, or out of time once compiled: the best so far is the empty roster,
  // and the engine's set-up for a construction that would stop at its first look at the clock
  // only delays the caller (half a second past a 3 s limit on the 20,000-visit week).
  const nothingReached = () =>
    notReachedRoster(expanded, travel, {
      seed,
      elapsedMs: Date.now() - started,
      stoppedBy: options.signal?.aborted ? 'aborted' : 'time-limit',
    });
  if (stopped()) return nothingReached();
  // Built before the clock is read again: on a large week it is a copy of every assignment cost.
  const packing = teamFirst(instance);
  if (stopped()) return nothingReached();
  let solution = runEngine('pack', packing, PACKING_SHARE, undefined, false);
  // An aborted solve goes straight to its answer: no other round follows to score this for.
  const packed = options.signal?.aborted ? undefined : scored(solution);
  if (packed !== undefined && !stopped() && lateOpeningPays(packed)) {
    // So late that weighing every term at once starts far from good rosters: go on packing from
    // there with lateness priced (and nothing else soft), and keep that if it scores lower.
    const aware = runEngine('pack', latenessOnly(instance), PACKING_SHARE, solution, false);
    if (trueCost(aware) < packed.total) solution = aware;
  }
  keepBackForAnswer(solution);
  if (!stopped()) solution = runEngine('weigh', instance, 1, solution, true);
  keepBackForAnswer(solution);
  // Whatever the rounds above left of the budget goes on the final instance, so that an
  // iteration budget is spent whole and a time limit is not returned early.
  if (compiled.instance.nTasks > 0 && budgetLeft() > 0 && !stopped()) {
    const finished = runEngine('finish', instance, 1, solution, false);
    if (trueCost(finished) < trueCost(solution)) solution = finished;
  }
  const searchEnded = Date.now();
  return rosterOf(solution, unreached ?? new Set<number>(), () =>
    options.signal?.aborted
      ? 'aborted'
      : searchDeadline !== undefined && searchEnded >= searchDeadline
        ? 'time-limit'
        : options.maxIterations !== undefined
          ? 'iterations'
          : 'completed',
  );
}
