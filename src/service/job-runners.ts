/**
 * How a job runs, one swappable function per kind ({@link JobRunners}): what a runner is given
 * and what it answers, and the default runners on worker threads of this process. The Redis
 * queue (`queueRunners`) implements the same functions, so the job manager and the routes do not
 * change with where the search runs.
 */
import type { Roster } from '../model/roster.js';
import type { Problem } from '../model/schema.js';
import type { SolveProgress } from '../solver/solve.js';
import { solveAsync } from '../solver/solve-async.js';
import type { RosterDiff } from '../solver/replan/diff.js';
import type { ReplanNote } from '../solver/replan/replan.js';
import { runTaskOnThread } from './task-thread.js';

/** The search budget of a job, after the service's limits have been applied. */
export interface JobBudget {
  readonly seed?: number;
  readonly timeLimitMs: number;
  readonly maxIterations?: number;
}

/** What a {@link SolveRunner} is given besides the problem. */
export interface RunOptions extends JobBudget {
  /** Aborted when the job is stopped or the service closes: resolve with the best roster. */
  readonly signal: AbortSignal;
  readonly onProgress: (progress: SolveProgress) => void;
}

/**
 * Runs one solve: resolves with the roster (the best so far once `signal` aborts), rejects on
 * failure (a `ProblemValidationError` for an invalid problem).
 */
export type SolveRunner = (problem: unknown, options: RunOptions) => Promise<Roster>;

/**
 * The default solve runner: `solveAsync`, one worker thread per running job.
 *
 * @example
 * ```ts
 * const roster = await runOnWorkerThread(problem, {
 *   seed: 1,
 *   timeLimitMs: 5_000,
 *   maxIterations: 100,
 *   signal: new AbortController().signal,
 *   onProgress: (progress) => console.log(progress.phase, progress.bestCost),
 * });
 * console.log(roster.unplaced.length);
 * ```
 */
export function runOnWorkerThread(problem: unknown, options: RunOptions): Promise<Roster> {
  return solveAsync(problem, options);
}

/** What a replan job is given: the three inputs of `replan`, as the client sent them. */
export interface ReplanInput {
  readonly problem: unknown;
  readonly previous: unknown;
  readonly changes: unknown;
}

/** What a replan job keeps besides its roster. */
export interface ReplanOutcome {
  readonly roster: Roster;
  /** The problem as changed: the roster is for this one (check it against this). */
  readonly problem: Problem;
  readonly diff: RosterDiff;
  readonly notes: readonly ReplanNote[];
}

/**
 * Runs one replan: resolves with its outcome (the best so far once `signal` aborts), rejects on
 * failure. `onProgress` may never be called: replan reports no progress figures.
 */
export type ReplanRunner = (input: ReplanInput, options: RunOptions) => Promise<ReplanOutcome>;

/**
 * The default replan runner: `replan` on a worker thread of its own, one per running job.
 *
 * @example
 * ```ts
 * const outcome = await replanOnWorkerThread(
 *   { problem, previous: roster, changes: {} },
 *   { timeLimitMs: 5_000, maxIterations: 50, signal: new AbortController().signal, onProgress: () => {} },
 * );
 * console.log(outcome.diff.visitsChanged, outcome.roster.unplaced.length);
 * ```
 */
export function replanOnWorkerThread(
  input: ReplanInput,
  options: RunOptions,
): Promise<ReplanOutcome> {
  return runTaskOnThread<ReplanOutcome>(
    {
      kind: 'replan',
      ...input,
      budget: {
        seed: options.seed,
        timeLimitMs: options.timeLimitMs,
        maxIterations: options.maxIterations,
      },
    },
    { signal: options.signal },
  );
}

/** How each kind of job runs. */
export interface JobRunners {
  readonly solve: SolveRunner;
  readonly replan: ReplanRunner;
}

/** The default runners: worker threads of this process. */
export const THREAD_RUNNERS: JobRunners = {
  solve: runOnWorkerThread,
  replan: replanOnWorkerThread,
};

/**
 * A runner rejects with this when its job was stopped before any search began (taken off a
 * queue before a worker reached it): the job ends `stopped` with no roster, as a queued one.
 */
export class StoppedBeforeStartError extends Error {
  constructor() {
    super('stopped before a worker started it');
    this.name = 'StoppedBeforeStartError';
  }
}
