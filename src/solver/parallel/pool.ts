/**
 * A small pool of worker threads that solves neighbourhoods. Jobs are handed out in order and
 * results put back by index, so the outcome does not depend on which thread finished first.
 */
import type { Worker } from 'node:worker_threads';
import type { WorkerEntry } from '../start-worker.js';
import { startWorker } from '../start-worker.js';
import type { AreaJob, AreaResult } from './area-job.js';
import { sharedAbortSignal, solveAreaJob } from './area-job.js';

type WorkerReply =
  | { readonly ok: true; readonly result: AreaResult }
  | { readonly ok: false; readonly index: number; readonly message: string };

/** The pool's worker script: `worker.ts` beside this module, built as `care-roster-worker.js`. */
export const AREA_WORKER: WorkerEntry = { source: './worker.ts', built: 'care-roster-worker.js' };

function startAreaWorker(abort: Int32Array): Worker {
  return startWorker(AREA_WORKER, import.meta.url, { workerData: { abort: abort.buffer } });
}

/**
 * Solves `jobs` on `threads` worker threads (0: in this thread), calling `onDone` as each
 * finishes. `abort` is a shared flag: set element 0 to 1 to make every search stop early.
 */
export async function runAreaJobs(
  jobs: readonly AreaJob[],
  threads: number,
  abort: Int32Array,
  onDone: (result: AreaResult) => void,
): Promise<AreaResult[]> {
  const results: AreaResult[] = new Array(jobs.length);
  if (threads <= 0 || jobs.length === 0) {
    const signal = sharedAbortSignal(abort);
    for (const job of jobs) {
      const result = solveAreaJob(job, signal);
      results[job.index] = result;
      onDone(result);
    }
    return results;
  }
  const workers = Array.from({ length: Math.min(threads, jobs.length) }, () =>
    startAreaWorker(abort),
  );
  let next = 0;
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              const job = jobs[next++];
              if (job) worker.postMessage(job);
              else resolve();
            };
            worker.on('message', (reply: WorkerReply) => {
              if (!reply.ok) {
                reject(new Error(`neighbourhood ${reply.index} failed: ${reply.message}`));
                return;
              }
              results[reply.result.index] = reply.result;
              onDone(reply.result);
              send();
            });
            worker.on('error', reject);
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results;
}
