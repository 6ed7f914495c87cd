/**
 * A small pool of worker threads that solves neighbourhoods. Jobs are handed out in order and
 * results put back by index, so the outcome does not depend on which thread finished first.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Worker } from 'node:worker_threads';
import type { WorkerEntry } from '../start-worker.js';
import { startWorker } from '../start-worker.js';
import type { AreaJob, AreaResult } from './area-job.js';
import { sharedAbortSignal, solveAreaJob } from './area-job.js';
import type { AreaExecutor, AreaRun } from './area-executor.js';
import { jobFeed } from './area-executor.js';

/**
 * How long, after an abort, running neighbourhoods get to send their best so far before their
 * workers are stopped and those neighbourhoods given up (a search mid-construction does not see
 * the abort until construction ends).
 */
const ABORT_GRACE_MS = 200;

/** How often the shared abort flag is looked at while waiting for workers. */
const ABORT_POLL_MS = 20;

type WorkerReply =
  | { readonly ok: true; readonly result: AreaResult }
  | { readonly ok: false; readonly index: number; readonly message: string };

/** More of how {@link runAreaJobs} runs its jobs. */
export type RunAreaJobsOptions = Pick<AreaRun, 'signal' | 'prepare'>;

/** The pool's worker script: `worker.ts` beside this module, built as `care-roster-worker.js`. */
export const AREA_WORKER: WorkerEntry = { source: './worker.ts', built: 'care-roster-worker.js' };

function startAreaWorker(abort: Int32Array): Worker {
  return startWorker(AREA_WORKER, import.meta.url, { workerData: { abort: abort.buffer } });
}

/**
 * Solves `jobs` on `threads` worker threads (0: in this thread), calling `onDone` as each
 * finishes. `abort` is a shared flag: set element 0 to 1 to make every search stop early.
 * Returns the results by job index; a job `options.prepare` skipped has none, nor has one still
 * running {@link ABORT_GRACE_MS} after an abort.
 */
export async function runAreaJobs(
  jobs: readonly AreaJob[],
  threads: number,
  abort: Int32Array,
  onDone: (result: AreaResult) => void,
  options: RunAreaJobsOptions = {},
): Promise<(AreaResult | undefined)[]> {
  const results: (AreaResult | undefined)[] = new Array<AreaResult | undefined>(jobs.length).fill(
    undefined,
  );
  const take = jobFeed(jobs, options.prepare);
  const finish = (result: AreaResult) => {
    results[result.index] = result;
    onDone(result);
  };

  if (threads <= 0 || jobs.length === 0) {
    const signal = sharedAbortSignal(abort, options.signal);
    for (;;) {
      // A turn of the event loop between neighbourhoods lets abort handlers and timers run.
      await nextTurn();
      const job = take();
      if (!job) break;
      finish(solveAreaJob(job, signal));
    }
    return results;
  }
  const workers = Array.from({ length: Math.min(threads, jobs.length) }, () =>
    startAreaWorker(abort),
  );
  let poll: ReturnType<typeof setInterval> | undefined;
  let grace: ReturnType<typeof setTimeout> | undefined;
  let given = false;
  const givenUp = new Promise<void>((resolve) => {
    poll = setInterval(() => {
      if (Atomics.load(abort, 0) !== 1 && options.signal?.aborted !== true) return;
      clearInterval(poll);
      grace = setTimeout(() => {
        given = true;
        resolve();
      }, ABORT_GRACE_MS);
    }, ABORT_POLL_MS);
  });
  try {
    const all = Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            let idle = false;
            const send = () => {
              const job = take();
              if (job) {
                worker.postMessage(job);
              } else {
                idle = true;
                resolve();
              }
            };
            worker.on('message', (reply: WorkerReply) => {
              if (!reply.ok) {
                reject(new Error(`neighbourhood ${reply.index} failed: ${reply.message}`));
                return;
              }
              if (given) return;
              finish(reply.result);
              send();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => {
              if (!idle && !given)
                reject(new Error(`a neighbourhood worker stopped early (exit ${code})`));
            });
            send();
          }),
      ),
    );
    // Workers given up on exit when terminated; that is no failure, and no one awaits it.
    all.catch(() => undefined);
    await Promise.race([all, givenUp]);
  } finally {
    clearInterval(poll);
    clearTimeout(grace);
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results;
}

/**
 * The default executor: {@link runAreaJobs} on `threads` worker threads of this process (0: in
 * this thread).
 *
 * @example
 * ```ts
 * const roster = await solveByNeighbourhood(problem, {
 *   executor: threadExecutor(2),
 *   seed: 1,
 *   maxIterations: 200,
 * });
 * ```
 */
export function threadExecutor(threads: number): AreaExecutor {
  return {
    lanes: Math.max(1, threads),
    run: (jobs, run) => runAreaJobs(jobs, threads, run.abort, run.onDone, run),
  };
}
