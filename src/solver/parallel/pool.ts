/**
 * A small pool of worker threads that solves neighbourhoods. Jobs are handed out in order and
 * results put back by index, so the outcome does not depend on which thread finished first.
 */
import { Worker } from 'node:worker_threads';
import type { AreaJob, AreaResult } from './area-job.js';
import { sharedAbortSignal, solveAreaJob } from './area-job.js';

type WorkerReply =
  | { readonly ok: true; readonly result: AreaResult }
  | { readonly ok: false; readonly index: number; readonly message: string };

/**
 * Starts a worker running the script next to this module: the built `.js`, or from source the
 * `.ts` behind a small bootstrap that registers the TypeScript loader in the new thread first
 * (loader flags given to a worker do not reach its entry module).
 */
function startWorker(abort: Int32Array): Worker {
  const workerData = { abort: abort.buffer };
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./worker.js', import.meta.url), { workerData });
  }
  const script = JSON.stringify(new URL('./worker.ts', import.meta.url).href);
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${script}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
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
  const workers = Array.from({ length: Math.min(threads, jobs.length) }, () => startWorker(abort));
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
