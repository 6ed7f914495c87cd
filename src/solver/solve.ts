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
import { compileProblem } from './compile.js';
import { decodeRoutes } from './decode.js';
import { scoreSolution } from './score.js';
import { continuityMatters, withContinuityBonus } from './continuity.js';
import type { EngineInstance, EngineProgress, EngineSolution } from './engine/instance.js';
import {
  brokenRestPairs,
  closeShifts,
  daysToClose,
  daysToCloseAlways,
  restBoundary,
  restPairsAtRisk,
  routeSpans,
  splitNights,
} from './across-days.js';
import { solveEngine } from './engine/index.js';

/** Progress of a running solve, reported through {@link SolveOptions.onProgress}. */
export interface SolveProgress {
  readonly iteration: number;
  readonly elapsedMs: number;
  /** Objective of the best roster so far (lower is better). */
  readonly bestCost: number;
  /** Carer-visits (a double-up counts twice) the best roster so far leaves unplaced. */
  readonly unplacedTasks: number;
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
  /** Iteration budget of the improvement phase; deterministic, unlike a time limit. */
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
 * Solve rounds that settle the nights and runs of days a solution broke (rest between days,
 * days in a row), before a last round settles every one at risk.
 */
const MAX_ACROSS_DAY_ROUNDS = 3;

/** Share of the time budget spent packing visits in on travel alone, before the soft terms. */
const PACKING_SHARE = 0.3;

/** Time kept back from the search for decoding, reasons, scores and KPIs: a share, capped. */
const FINISH_SHARE = 0.05;
const MAX_FINISH_MS = 2_000;

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
 * against the time limit.
 */
export function solveExpanded(
  expanded: ExpandedProblem,
  travel: TravelMatrix,
  options: SolveOptions = {},
  startedAt = Date.now(),
): Roster {
  const started = startedAt;
  const compiled = compileProblem(expanded, travel);
  const seed = options.seed ?? 1;
  const timeLimitMs =
    options.timeLimitMs ??
    (options.maxIterations === undefined ? DEFAULT_TIME_LIMIT_MS : undefined);
  // The search stops early enough to leave time for decoding, reasons, scores and KPIs.
  const searchDeadline =
    timeLimitMs === undefined
      ? undefined
      : started + timeLimitMs - Math.min(timeLimitMs * FINISH_SHARE, MAX_FINISH_MS);
  let iterations = 0;
  let roundIterations = 0;
  const runEngine = (instance: EngineInstance, share: number, initial?: EngineSolution) =>
    solveEngine(instance, {
      seed,
      initial,
      timeLimitMs:
        searchDeadline === undefined
          ? undefined
          : Math.max(1, (searchDeadline - Date.now()) * share),
      maxIterations: options.maxIterations,
      signal: options.signal,
      onProgress: (progress: EngineProgress) => {
        roundIterations = progress.iteration;
        options.onProgress?.({
          iteration: iterations + progress.iteration,
          elapsedMs: Date.now() - started,
          bestCost: progress.bestCost,
          unplacedTasks: progress.unplaced,
        });
      },
    });

  const { minRestHours, maxConsecutiveDays } = expanded.problem.settings.workingTime;
  const rest = minRestHours * 60;
  const atRisk = restPairsAtRisk(expanded, compiled);
  const acrossDays = atRisk.length > 0 || maxConsecutiveDays !== undefined;
  let instance = compiled.instance;
  const continuityRound = continuityMatters(expanded) && compiled.instance.nTasks > 0;
  // First pack the visits in on travel alone, which places the most; then weigh every soft term
  // from there, where the cost of an unplaced visit keeps them placed.
  let solution = runEngine({ ...instance, soft: null }, PACKING_SHARE);
  iterations += roundIterations;
  roundIterations = 0;
  const weighShare = continuityRound ? (acrossDays ? 0.5 : 0.65) : acrossDays ? 0.7 : 1;
  solution = runEngine(instance, weighShare, solution);
  iterations += roundIterations;
  // The last round narrows every night and run at risk, so it cannot break them: the loop ends.
  for (let round = 1; round <= MAX_ACROSS_DAY_ROUNDS + 1; round++) {
    const spans = routeSpans(expanded, travel, compiled, solution);
    const broken = brokenRestPairs(atRisk, spans, rest);
    const close =
      maxConsecutiveDays === undefined ? [] : daysToClose(compiled, solution, maxConsecutiveDays);
    if (broken.length === 0 && close.length === 0) break;
    if (round <= MAX_ACROSS_DAY_ROUNDS) {
      const boundaries = broken.map((pair) => restBoundary(compiled, solution, pair, spans, rest));
      instance = closeShifts(splitNights(instance, broken, rest, boundaries), close);
    } else {
      instance = splitNights(instance, atRisk, rest);
      if (maxConsecutiveDays !== undefined) {
        instance = closeShifts(instance, daysToCloseAlways(compiled, maxConsecutiveDays));
      }
    }
    roundIterations = 0;
    // Rounds start from the previous roster, so they need less time; leave some for continuity.
    const roundShare = continuityRound ? 0.3 : round < MAX_ACROSS_DAY_ROUNDS ? 0.5 : 1;
    solution = runEngine(instance, roundShare, solution);
    iterations += roundIterations;
  }
  if (continuityRound) {
    // Gather each client's visits onto the carers the solution chose for them, on the shifts as
    // narrowed above; keep the result only if it breaks no rule across days and the real score
    // (not the bonus) is better.
    roundIterations = 0;
    const gathered = runEngine(
      withContinuityBonus(expanded, compiled, instance, solution),
      1,
      solution,
    );
    iterations += roundIterations;
    const spans = routeSpans(expanded, travel, compiled, gathered);
    const breaksAcrossDays =
      brokenRestPairs(atRisk, spans, rest).length > 0 ||
      (maxConsecutiveDays !== undefined &&
        daysToClose(compiled, gathered, maxConsecutiveDays).length > 0);
    if (
      !breaksAcrossDays &&
      scoreSolution(expanded, travel, compiled, gathered).total <
        scoreSolution(expanded, travel, compiled, solution).total
    ) {
      solution = gathered;
    }
  }
  const searchEnded = Date.now();
  const routes = decodeRoutes(expanded, travel, compiled, solution);
  const unplacedVisitIds = new Set(solution.unplaced.map((task) => compiled.taskVisit[task]?.id));
  const unplaced: UnplacedVisit[] = unplacedVisits(
    expanded,
    travel,
    (id) => !unplacedVisitIds.has(id),
  );
  const score = scoreSolution(expanded, travel, compiled, solution);
  const elapsedMs = Date.now() - started;
  const stats: SolveStats = {
    seed,
    iterations,
    elapsedMs,
    cost: score.total,
    costByRule: Object.fromEntries(score.byRule),
    stoppedBy: options.signal?.aborted
      ? 'aborted'
      : searchDeadline !== undefined && searchEnded >= searchDeadline
        ? 'time-limit'
        : options.maxIterations !== undefined
          ? 'iterations'
          : 'completed',
  };
  return {
    timeZone: expanded.problem.timeZone,
    horizon: expanded.problem.horizon,
    routes,
    unplaced,
    kpis: computeKpis(expanded, travel, routes, unplaced),
    stats,
  };
}
