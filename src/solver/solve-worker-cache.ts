/**
 * The solve worker's code cache (see `code-cache.ts`): made by running the built CommonJS
 * worker once on small jobs, the spare's warm-up problem solved for a few iterations and then
 * replanned with a carer off sick, so that the cache holds the bytecode of every step an early
 * abort of either call waits for and of the search.
 */
import { Worker } from 'node:worker_threads';
import { cachedScriptSource } from './code-cache.js';
import { solveWorkerData } from './solve-worker-protocol.js';
import type { ReplanWorkerData } from './replan-worker-protocol.js';
import { solve } from './solve.js';
import { warmUpChanges, warmUpProblem } from './warm-up.js';

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
  const input = warmUpProblem();
  const job = solveWorkerData(input, options, abort, Date.now());
  // Then a replan of it with its first carer off sick, holding a stand-in as an abortable call
  // does: a fresh thread's replan compiles none of its own steps either.
  const placed = solve(input, { seed: 1, maxIterations: 0 });
  const replanJob: ReplanWorkerData = {
    kind: 'replan',
    problem: input,
    previous: placed,
    changes: warmUpChanges(placed),
    budget: options,
    travel: undefined,
    abort: abort.buffer as SharedArrayBuffer,
    progress: false,
    standIns: true,
    startedAt: Date.now(),
  };
  const worker = new Worker(cachedScriptSource(file, true), {
    eval: true,
    workerData: [job, replanJob],
  });
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
