/**
 * One neighbourhood's solve, as a message that can cross into a worker thread: the sub-problem,
 * its travel slice and the budget. Solving it is the same code in a worker or in the main thread,
 * which is what makes the roster independent of the thread count.
 */
import type { Roster } from '../../model/roster.js';
import type { Problem } from '../../model/schema.js';
import { expandProblem } from '../../model/expand.js';
import { straightLineTravelMatrix } from '../../geo/straight-line.js';
import { solveExpanded } from '../solve.js';
import type { TravelSlice } from '../travel-slice.js';
import { travelFromSlice } from '../travel-slice.js';

/** A neighbourhood to solve. */
export interface AreaJob {
  readonly index: number;
  readonly problem: Problem;
  /** Travel over the sub-problem's locations; the straight-line estimate when absent. */
  readonly travel?: TravelSlice;
  readonly seed: number;
  /** Time budget from when the job starts, when no deadline is given. */
  readonly timeLimitMs?: number;
  /**
   * When this job must be done, as epoch milliseconds (`Date.now()`, the same clock in every
   * thread), so time spent waiting for a worker to start counts against it. No deadline when
   * absent.
   */
  readonly deadlineAt?: number;
  readonly maxIterations?: number;
}

/** A solved neighbourhood. */
export interface AreaResult {
  readonly index: number;
  readonly roster: Roster;
}

/**
 * The least search time a neighbourhood is given even when its deadline has passed: enough for
 * the search to return its construction, which places what it can.
 */
const MIN_AREA_MS = 1;

/**
 * An abort signal a worker can read while its thread is busy in a synchronous search: the flag
 * lives in shared memory, so the main thread's abort is seen at once. `also` is another signal
 * read alongside (the caller's, when the job runs in the caller's thread).
 */
export function sharedAbortSignal(flag: Int32Array, also?: AbortSignal): AbortSignal {
  return {
    get aborted() {
      return Atomics.load(flag, 0) === 1 || also?.aborted === true;
    },
  } as AbortSignal;
}

/** Solves one neighbourhood. */
export function solveAreaJob(job: AreaJob, signal?: AbortSignal): AreaResult {
  const started = Date.now();
  const expanded = expandProblem(job.problem);
  const travel = job.travel
    ? travelFromSlice(job.travel)
    : straightLineTravelMatrix(expanded.locations, job.problem.settings.travel);
  const roster = solveExpanded(
    expanded,
    travel,
    {
      seed: job.seed,
      timeLimitMs:
        job.deadlineAt === undefined
          ? job.timeLimitMs
          : Math.max(MIN_AREA_MS, job.deadlineAt - started),
      maxIterations: job.maxIterations,
      signal,
    },
    started,
  );
  return { index: job.index, roster };
}
