/**
 * The search part of a replan: the engine started from the previous roster's placement, a ruin
 * and recreate search only when that leaves a visit out, then the rounds that settle rules
 * across days. Kept apart from `replan.ts`, which prepares the inputs and turns the engine's
 * solution back into a roster.
 */
import type { ExpandedProblem } from '../../model/expand.js';
import type { TravelMatrix } from '../../geo/travel-matrix.js';
import type { CompiledProblem } from '../compile.js';
import { solveEngine } from '../engine/index.js';
import type { EngineInstance, EngineSolution } from '../engine/instance.js';
import { allowedRow } from '../engine/allowed-table.js';
import { restPairsAtRisk, settleAcrossDays } from '../across-days.js';
import type { PreviousPlacement } from './previous.js';
import type { CarerDays } from './carer-days.js';
import { replanObjective, settleTowardsPrevious } from './settle.js';
import { holdFarFromLeftOut } from './near-left-out.js';
import { holdPrevious, keptCarersOfDisplaced } from './hold-previous.js';

/** Progress of a replan's search, reported through `ReplanOptions.onProgress`. */
export interface ReplanProgress {
  /** Search iterations so far (of the round running, and never fewer than reported before). */
  readonly iteration: number;
  /** The engine's objective of the round's best solution, change cost included. */
  readonly bestCost: number;
  /** Carer-visits (a double-up counts twice) that solution leaves unplaced. */
  readonly unplacedTasks: number;
}

/** What the search takes of a replan's options, with the deadline its budget leaves it. */
export interface ReplanSearchOptions {
  readonly seed?: number;
  readonly maxIterations?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ReplanProgress) => void;
  /** Epoch milliseconds by which the search must be done; none without a time limit. */
  readonly deadline?: number;
}

/** Rounds that narrow only the nights a replan broke, before one that narrows all at risk. */
const MAX_ACROSS_DAY_ROUNDS = 3;

/**
 * The engine from the previous roster: the visits the change displaced inserted where they cost
 * least, with every other stop where it was; then a search (ruin and recreate) only when that
 * leaves out a visit the previous roster had placed or the change adds, since every move it
 * makes beyond that is a change someone must be told of; then the rounds that settle rules
 * across days.
 */
export function searchFromPrevious(
  expanded: ExpandedProblem,
  travel: TravelMatrix,
  compiled: CompiledProblem,
  start: EngineInstance,
  placement: PreviousPlacement,
  unplacedBefore: ReadonlySet<string>,
  settling: { readonly days: CarerDays; readonly held: ReadonlySet<number> },
  options: ReplanSearchOptions,
): { solution: EngineSolution; iterations: number; unreached: ReadonlySet<number> } {
  let iterations = 0;
  // Tasks no round's construction reached (null: no round ran), for the time-limit reason.
  let unreached: Set<number> | null = null;
  const run = (
    instance: EngineInstance,
    share: number,
    initial: EngineSolution | undefined,
    maxIterations = options.maxIterations,
  ) => {
    const before = iterations;
    const result = solveEngine(instance, {
      seed: options.seed ?? 1,
      initial: initial ?? {
        routes: placement.routes.map((tasks) =>
          [...tasks].sort((a, b) => placement.taskStart[a]! - placement.taskStart[b]!),
        ),
        taskStart: placement.taskStart,
      },
      timeLimitMs:
        options.deadline === undefined
          ? undefined
          : Math.max(1, (options.deadline - Date.now()) * share),
      // Putting back what the change displaced may use all the time left: a construction cut
      // short leaves visits unplaced that the previous roster had.
      constructionTimeLimitMs:
        options.deadline === undefined ? undefined : Math.max(1, options.deadline - Date.now()),
      maxIterations:
        maxIterations === undefined ? undefined : Math.max(0, maxIterations - iterations),
      signal: options.signal,
      onProgress: (progress) => {
        options.onProgress?.({
          iteration: before + progress.iteration,
          bestCost: progress.bestCost,
          unplacedTasks: progress.unplaced,
        });
      },
    });
    iterations = before + (result.iterations ?? 0);
    const left = result.unreached ?? [];
    unreached = new Set(unreached === null ? left : left.filter((t) => unreached?.has(t)));
    return result;
  };
  const wanted = (t: number) => {
    const visit = compiled.taskVisit[t];
    if (!visit || unplacedBefore.has(visit.id)) return false;
    const [from, to] = allowedRow(start, t);
    return start.allowed.subarray(from, to).some((word) => word !== 0);
  };
  const leftOut = (candidate: EngineSolution) => candidate.unplaced.some(wanted);
  // Past the deadline (or aborted) a stage that only improves is skipped: each one builds its
  // own engine state, which on a 5,000-visit day costs more than a small time limit.
  const stopped = () =>
    options.signal?.aborted === true ||
    (options.deadline !== undefined && Date.now() >= options.deadline);
  const settle = (candidate: EngineSolution, within = start) =>
    stopped()
      ? candidate
      : settleTowardsPrevious(candidate, {
          instance: within,
          compiled,
          placement,
          ...settling,
          wanted,
          deadline: options.deadline,
          signal: options.signal,
        });
  const objective = (candidate: EngineSolution) =>
    replanObjective({ compiled, days: settling.days }, candidate);
  const atRisk = restPairsAtRisk(expanded, compiled);
  const acrossDays =
    atRisk.length > 0 || expanded.problem.settings.workingTime.maxConsecutiveDays !== undefined;
  // Insertion alone: every stop the previous roster placed stays on its route (the engine's
  // opening sweep of local search would otherwise move visits anywhere for a small gain, blind
  // to the carer-days it changes), and at first also within the tolerance of its time, so a
  // displaced visit goes where it fits without anyone else being told anything. What that
  // leaves out is inserted again with more let go, a stage at a time: the kept carer's part of
  // a double-up whose other carer the change took away may go to any carer free with another
  // at one time; then ejection chains (one to three visits in the way sent elsewhere); then
  // the times on each route are free.
  const { change } = expanded.problem.settings;
  const tolerance =
    change.minuteBeyondTolerance > 0 || change.retimedVisit > 0
      ? change.toleranceMinutes
      : undefined;
  const frozen = holdPrevious(start, placement, { toleranceMinutes: tolerance });
  // Settled by the weights, which may still prefer pushing a round back to a longer drive;
  // while a visit is out, within the hold, since ejecting visits in its way to other carers is
  // for the ejection chains below.
  const first = run(frozen, 1, undefined, 0);
  let solution = settle(first, leftOut(first) ? frozen : start);
  const loose = keptCarersOfDisplaced(start, placement, solution.unplaced);
  const stages = [
    ...(loose.size > 0 ? [{ loose, toleranceMinutes: tolerance }] : []),
    ...(tolerance !== undefined ? [{ loose }] : []),
  ];
  for (const stage of stages) {
    if (!leftOut(solution) || stopped()) break;
    if (stage.toleranceMinutes === undefined) {
      // Before any time on a route is let go: an ejection chain moves one to three visits for
      // each one left out, where inserting with the times free pushes back every later visit
      // of the route it goes on, often more people to tell.
      const chained = settle(solution, start);
      if (objective(chained) < objective(solution)) solution = chained;
      if (!leftOut(solution) || stopped()) break;
    }
    const held = holdPrevious(start, placement, stage);
    const next = settle(
      run(held, 1, backInPlace(solution, placement, stage.loose), 0),
      stage.toleranceMinutes === undefined ? start : held,
    );
    if (objective(next) < objective(solution)) solution = next;
  }
  if (!stopped() && solution.unplaced.some((t) => wanted(t) && placement.taskRoute[t]! >= 0)) {
    const free = settle(run(start, 1, undefined, 0));
    if (objective(free) < objective(solution)) solution = free;
  }
  if (leftOut(solution) && !stopped()) {
    // The search places what insertion could not, moving other visits on the way; settling
    // puts back each of those moves that the visits it places do not need.
    const near = holdFarFromLeftOut(start, solution, wanted);
    const searched = settle(run(near, acrossDays ? 0.6 : 0.85, solution));
    if (objective(searched) < objective(solution)) solution = searched;
  }
  if (acrossDays) {
    ({ solution } = settleAcrossDays(
      expanded,
      travel,
      compiled,
      atRisk,
      { instance: start, solution },
      MAX_ACROSS_DAY_ROUNDS,
      (narrowed, current, round) =>
        run(narrowed, round <= MAX_ACROSS_DAY_ROUNDS ? 0.5 : 1, current),
    ));
  }
  return { solution, iterations, unreached: unreached ?? new Set() };
}

/**
 * `solution` as the next insertion stage starts from: each task it left out that the previous
 * roster had on a route (a stop a delay pushed past the tolerance) put back there in its old
 * order, so that the stage moves it and the stops after it on as the delay says rather than
 * inserting it afresh wherever it costs least; `loose` tasks stay out, to go anywhere.
 */
function backInPlace(
  solution: EngineSolution,
  placement: PreviousPlacement,
  loose: ReadonlySet<number>,
): EngineSolution {
  const back = solution.unplaced.filter((t) => placement.taskRoute[t]! >= 0 && !loose.has(t));
  if (back.length === 0) return solution;
  const taskStart = Float64Array.from(solution.taskStart);
  const routes = solution.routes.map((tasks) => [...tasks]);
  for (const t of back) {
    taskStart[t] = placement.taskStart[t]!;
    routes[placement.taskRoute[t]!]!.push(t);
  }
  for (const tasks of routes) tasks.sort((a, b) => taskStart[a]! - taskStart[b]! || a - b);
  return { ...solution, routes, taskStart };
}
