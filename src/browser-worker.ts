/**
 * Web Worker entry of the browser build's `solveAsync` (`care-roster/browser-worker`): solves the
 * one problem it is sent and posts progress, then the roster or the error, back to the page.
 */
import type { SolveWorkerData, SolveWorkerMessage } from './solver/solve-worker-protocol.js';
import { runSolveWorker } from './solver/solve-worker-protocol.js';

/** The little of a worker's global scope used here (compiled without the DOM library). */
interface WorkerScope {
  postMessage(message: SolveWorkerMessage): void;
  addEventListener(type: 'message', listener: (event: { data: SolveWorkerData }) => void): void;
}

const scope = globalThis as unknown as WorkerScope;
scope.addEventListener('message', (event) =>
  runSolveWorker(event.data, (message) => scope.postMessage(message)),
);
