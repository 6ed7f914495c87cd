/**
 * Worker thread entry of {@link solveAsync} and {@link replanAsync}: runs the one job it was
 * started with and posts progress, then the answer or the error, back to the caller's thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { SolveWorkerData } from './solve-worker-protocol.js';
import { runSolveWorker } from './solve-worker-protocol.js';
import type { ReplanWorkerData } from './replan-worker-protocol.js';
import { runReplanWorker } from './replan-worker-protocol.js';

const job = workerData as SolveWorkerData | ReplanWorkerData;
const post = (message: unknown) => parentPort?.postMessage(message);
if ('kind' in job) runReplanWorker(job, post);
else runSolveWorker(job, post);
