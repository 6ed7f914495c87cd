/**
 * Worker thread entry of {@link solveAsync}: solves the one problem it was started with and
 * posts progress, then the roster or the error, back to the caller's thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { SolveWorkerData } from './solve-worker-protocol.js';
import { runSolveWorker } from './solve-worker-protocol.js';

runSolveWorker(workerData as SolveWorkerData, (message) => parentPort?.postMessage(message));
