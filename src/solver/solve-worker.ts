/**
 * Worker thread entry of {@link solveAsync} and {@link replanAsync}: runs the one job it was
 * given (at its start, or as a spare, by message) and posts progress, then the answer or the
 * error, back to the caller's thread.
 */
import { parentPort } from 'node:worker_threads';
import type { SolveWorkerData } from './solve-worker-protocol.js';
import { runSolveWorker } from './solve-worker-protocol.js';
import type { ReplanWorkerData } from './replan-worker-protocol.js';
import { runReplanWorker } from './replan-worker-protocol.js';
import { onJob } from './solve-worker-job.js';

const post = (message: unknown) => parentPort?.postMessage(message);
type Job = SolveWorkerData | ReplanWorkerData;
const run = (job: Job) => {
  if ('kind' in job) runReplanWorker(job, post);
  else runSolveWorker(job, post);
};
// The run the code cache is made from (solve-worker-cache.ts) gives a list, run in turn.
onJob((job: Job | readonly Job[]) => {
  if (Array.isArray(job)) for (const each of job as readonly Job[]) run(each);
  else run(job as Job);
});
