/**
 * `solveAsync` for the browser: the solve runs in a Web Worker, so the page keeps drawing and
 * answering while the search runs. The worker script is the package's browser worker entry
 * (`care-roster/browser-worker`), named by URL: any bundler can emit it as a file, and the page
 * needs no `blob:` workers in its Content Security Policy.
 */
import type { Roster } from '../model/roster.js';
import type { ProblemInput } from '../model/schema.js';
import type { SolveOptions } from './solve.js';
import type { SolveWorkerMessage } from './solve-worker-protocol.js';
import { settleOnMessage, solveWorkerData } from './solve-worker-protocol.js';

/** The little of the DOM's `Worker` used here (the package compiles without the DOM library). */
interface WebWorker {
  postMessage(message: unknown): void;
  terminate(): void;
  addEventListener(type: 'message', listener: (event: { data: SolveWorkerMessage }) => void): void;
  addEventListener(type: 'error', listener: (event: { message?: string }) => void): void;
}
type WebWorkerConstructor = new (url: string | URL, options?: { type?: 'module' }) => WebWorker;

/** Options of the browser's {@link solveAsync}: those of `solve`, and the worker script's URL. */
export interface BrowserSolveAsyncOptions extends SolveOptions {
  /**
   * URL of the browser worker script: the package's `dist/care-roster-browser-worker.js`
   * (`care-roster/browser-worker`), served by the page's origin. It is an ES module worker.
   */
  readonly workerUrl: string | URL;
}

/**
 * Builds a roster for a problem like `solve`, in a Web Worker: the page is never blocked.
 *
 * `signal` stops the search: in a cross-origin isolated page (served with
 * `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy: require-corp`,
 * where shared memory is allowed) the worker sees the abort within a fraction of a second and the
 * promise resolves with the best roster so far; elsewhere the worker cannot be reached while it
 * searches, so it is terminated and the promise rejects with an `AbortError`. Same problem, seed
 * and `maxIterations`: the same roster as `solve` in Node.
 *
 * @throws {ProblemValidationError} (as a rejection) when `input` is not a valid problem.
 * @example
 * ```ts
 * import { solveAsync, checkRoster } from 'care-roster/browser';
 * const workerUrl = new URL('care-roster/browser-worker', import.meta.url);
 * const roster = await solveAsync(problem, { workerUrl, maxIterations: 2_000 });
 * console.log(checkRoster(problem, roster).length, 'violations');
 * ```
 */
export function solveAsync(
  input: ProblemInput | unknown,
  options: BrowserSolveAsyncOptions,
): Promise<Roster> {
  const startedAt = Date.now();
  const shared = typeof SharedArrayBuffer === 'function' && isolated();
  const abort = new Int32Array(
    shared
      ? new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)
      : new ArrayBuffer(Int32Array.BYTES_PER_ELEMENT),
  );
  // A page's abort does not wait for the not-reached roster (see below), so it is not posted.
  const data = {
    ...solveWorkerData(input, options, abort, startedAt),
    fallback: false,
    standIns: false,
  };
  const WorkerClass = (globalThis as { Worker?: WebWorkerConstructor }).Worker;
  if (WorkerClass === undefined) {
    return Promise.reject(new Error('solveAsync needs Web Workers, which this page lacks'));
  }
  const worker = new WorkerClass(options.workerUrl, { type: 'module' });
  const { signal } = options;
  let onAbort = () => {};
  return new Promise<Roster>((resolve, reject) => {
    onAbort = () => {
      if (shared) {
        Atomics.store(abort, 0, 1);
        return;
      }
      const error = new Error('solveAsync aborted (no shared memory here to ask for the best)');
      error.name = 'AbortError';
      reject(error);
    };
    signal?.addEventListener('abort', onAbort);
    worker.addEventListener('message', (event) =>
      settleOnMessage(event.data, options.onProgress, resolve, reject),
    );
    worker.addEventListener('error', (event) =>
      reject(new Error(`the solve worker failed: ${event.message ?? 'could not load or run'}`)),
    );
    try {
      worker.postMessage(data);
    } catch (error) {
      reject(error as Error);
    }
    if (signal?.aborted) onAbort();
  }).finally(() => {
    signal?.removeEventListener('abort', onAbort);
    worker.terminate();
  });
}

/** Whether the page may share memory with its workers (cross-origin isolated). */
function isolated(): boolean {
  return (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
}
