/**
 * The solve worker's code cache (see `code-cache.ts`): made by running the built CommonJS
 * worker once on a small job, the spare's warm-up problem solved for a few iterations, so that
 * the cache holds the bytecode of every step an early abort waits for and of the search.
 */
import { Worker } from 'node:worker_threads';
import { cachedScriptSource } from './code-cache.js';
import { solveWorkerData } from './solve-worker-protocol.js';
import { warmUpProblem } from './warm-up.js';

/**
 * Iterations of the job the cache is made from: enough for every move of the search to run once,
 * so the first search in a fresh thread compiles nothing either; the job takes well under a second.
 */
const CACHE_JOB_ITERATIONS = 200;

/**
 * Runs the CommonJS solve worker `file` on the cache's job and writes its code cache beside it;
 * resolves once written, rejects when the job fails.
 *
 * @example
 * ```ts
 * await writeSolveWorkerCache('dist/care-roster-solve-worker.cjs');
 * ```
 */
export function writeSolveWorkerCache(file: string): Promise<void> {
  const abort = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  // A time limit as well, so the job posts the not-reached roster as a stopped call needs it.
  const options = { maxIterations: CACHE_JOB_ITERATIONS, timeLimitMs: 60_000 };
  const job = solveWorkerData(warmUpProblem(), options, abort, Date.now());
  const worker = new Worker(cachedScriptSource(file, true), { eval: true, workerData: job });
  return new Promise((resolve, reject) => {
    worker.on('message', (message: { kind: string; message?: string }) => {
      if (message.kind === 'failed' || message.kind === 'invalid') {
        reject(new Error(`the code cache's job failed: ${JSON.stringify(message)}`));
      }
    });
    worker.once('error', reject);
    worker.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`the code cache's job exited with ${code}`)),
    );
  });
}
