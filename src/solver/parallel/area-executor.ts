/**
 * Where neighbourhood jobs run: worker threads on this machine (the default) or a job queue
 * served by other machines. `solveByNeighbourhood` only makes the jobs and assembles the roster;
 * an executor runs them and gives the results back by index, so the roster does not depend on
 * which executor, thread or machine solved what.
 */
import type { AreaJob, AreaResult } from './area-job.js';

/** How one batch of jobs is to be run. */
export interface AreaRun {
  /** A shared flag: element 0 set to 1 means stop every search early and hand out no more. */
  readonly abort: Int32Array;
  /** Called as each job finishes. */
  readonly onDone: (result: AreaResult) => void;
  /** The caller's signal, read directly by jobs solved in the caller's thread. */
  readonly signal?: AbortSignal;
  /**
   * Called just before a job is handed out, with how many jobs (this one included) are still to
   * go: returns the job to run (e.g. with its deadline set then), or `undefined` to skip it.
   */
  readonly prepare?: (job: AreaJob, remaining: number) => AreaJob | undefined;
}

/** Runs neighbourhood jobs somewhere. */
export interface AreaExecutor {
  /** How many jobs it runs at once at most: the time left is shared out over this many. */
  readonly lanes: number;
  /**
   * Runs `jobs`, handing them out in order through `run.prepare`. Resolves with the results by
   * job index; a job skipped, or given up on after an abort, has none.
   */
  run(jobs: readonly AreaJob[], run: AreaRun): Promise<(AreaResult | undefined)[]>;
}

/**
 * Hands out `jobs` in order, each through `prepare` (which may skip it): the one rule every
 * executor follows, so deadlines are shared out the same way wherever jobs run.
 */
export function jobFeed(
  jobs: readonly AreaJob[],
  prepare: AreaRun['prepare'],
): () => AreaJob | undefined {
  let next = 0;
  return () => {
    while (next < jobs.length) {
      const job = jobs[next]!;
      const remaining = jobs.length - next++;
      const prepared = prepare ? prepare(job, remaining) : job;
      if (prepared) return prepared;
    }
    return undefined;
  };
}
