/**
 * `solve` on a worker thread, so that the caller's event loop keeps running: a server stays
 * responsive, timers fire, and an `AbortSignal` can stop the search while it runs.
 */
import type { Worker } from 'node:worker_threads';
import type { Roster, SolveStats } from '../model/roster.js';
import type { ProblemInput } from '../model/schema.js';
import type { SolveOptions, SolveProgress } from './solve.js';
import { DEFAULT_TIME_LIMIT_MS } from './solve.js';
import type { SolveWorkerMessage } from './solve-worker-protocol.js';
import { settleOnMessage, solveWorkerData } from './solve-worker-protocol.js';
import type { WorkerEntry } from './start-worker.js';
import { jobWorker, keepSpareWorker } from './spare-worker.js';
import type { StopReason } from './stopped-answer.js';
import { StoppedAnswer } from './stopped-answer.js';
import { forwardProgress, rejectWhenThreadEnds } from './worker-answer.js';

/** Options of {@link solveAsync}: those of `solve`, and where the worker script is. */
export interface SolveAsyncOptions extends SolveOptions {
  /**
   * Path or URL of the worker script (`care-roster-solve-worker.js` in the package's `dist/`).
   * Needed only when an application bundles the package and does not put the script, under that
   * name, next to its bundle; by default it is found beside the module that runs.
   */
  readonly workerUrl?: string | URL;
}

/**
 * The solve worker's script: `solve-worker.ts` beside this module, built under this name, and
 * run through its code cache when built with one.
 */
export const SOLVE_WORKER: WorkerEntry = {
  source: './solve-worker.ts',
  built: 'care-roster-solve-worker.js',
  cached: 'care-roster-solve-worker.cjs',
};

/**
 * Builds a roster for a problem like {@link solve}, on a worker thread: the calling thread is
 * never blocked, so use this one from a server or anything else with an event loop.
 *
 * `signal` stops the search and the promise resolves with the best roster found so far
 * (`stats.stoppedBy: 'aborted'`): the worker's own answer when it comes within `ANSWER_GRACE_MS`
 * (200 ms) of the abort, else the latest roster the worker posted as it went (along and at the
 * end of its first construction, as each later round begins), or, before any, the roster of every visit
 * not reached; an abort before the search answers with that one at once, or as soon as the
 * worker has read the problem. The same holds at the end of the time limit (`'time-limit'`).
 * `onProgress` is called in the caller's
 * thread with the worker's progress reports. Same problem, seed and `maxIterations` (no time
 * limit): the same roster as `solve`. The worker is terminated when the call settles, and a
 * spare thread is kept for the next call (loaded and warmed, so an early abort there is answered
 * sooner; it never keeps the process alive, and `releaseSpareWorker` ends it).
 *
 * @param input a problem: raw JSON input (a {@link ProblemInput}) or a parsed `Problem`. It is
 *   copied to the worker (structured clone), as is `travel` (as typed arrays).
 * @throws {ProblemValidationError} (as a rejection) when `input` is not a valid problem, with
 *   every issue and its JSON path.
 * @example
 * ```ts
 * const controller = new AbortController();
 * request.on('close', () => controller.abort());
 * const roster = await solveAsync(problem, {
 *   timeLimitMs: 30_000,
 *   signal: controller.signal,
 *   onProgress: (p) => console.log(p.iteration, p.bestCost),
 * });
 * ```
 */
export async function solveAsync(
  input: ProblemInput | unknown,
  options: SolveAsyncOptions = {},
): Promise<Roster> {
  const startedAt = Date.now();
  const abort = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const data = solveWorkerData(input, options, abort, startedAt);
  const worker = jobWorker(
    SOLVE_WORKER,
    import.meta.url,
    data,
    options.workerUrl,
    'solveAsync copies the problem to a worker thread, so it must be plain data',
  );
  // The answer does not wait for the thread to wind down (a thread still loading its modules
  // can take a tenth of a second to stop).
  // The next call finds a thread ready (spare-worker.ts), started once this one's is done.
  return answer(worker, options, abort, startedAt).finally(() => {
    void worker.terminate();
    keepSpareWorker(SOLVE_WORKER, import.meta.url, options.workerUrl);
  });
}

/** A roster the worker posted to be answered with should the caller stop waiting. */
type Held = Extract<SolveWorkerMessage, { kind: 'fallback' }>;

/**
 * Waits for the worker's roster, forwarding its progress; rejects on any failure. Stopped (the
 * signal aborted, or the time limit up), it answers as {@link StoppedAnswer} says: before the
 * search starts, at once with the worker's roster of every visit not reached (or as soon as the
 * worker has read the problem and posted it); once the search runs, with the worker's own answer
 * if it comes within `ANSWER_GRACE_MS`, else with that roster. It never builds a roster
 * here: parsing and expanding the problem would block this thread for as long as the worker
 * takes (bench/results/async.md).
 */
function answer(
  worker: Worker,
  options: SolveAsyncOptions,
  abort: Int32Array,
  startedAt: number,
): Promise<Roster> {
  const { signal } = options;
  let limit: ReturnType<typeof setTimeout> | undefined;
  let stopped: StoppedAnswer<Held, Roster> | undefined;
  let reported = false;
  const onProgress = (progress: SolveProgress) => {
    reported = true;
    options.onProgress?.(progress);
  };
  return new Promise<Roster>((resolve, reject) => {
    const stamped = (held: Held, stoppedBy: StopReason): Roster => {
      const stats = held.roster.stats as SolveStats;
      const elapsedMs = Date.now() - startedAt;
      // Out of time before any report, the series still starts, as `solve`'s does: one report
      // at the roster answered.
      if (stoppedBy === 'time-limit' && !reported) {
        const { iterations, cost: bestCost } = stats;
        const progress = {
          iteration: iterations,
          elapsedMs,
          bestCost,
          phase: 'construct',
        } as const;
        forwardProgress(onProgress, { ...progress, unplacedTasks: held.unplacedTasks }, reject);
      }
      return { ...held.roster, stats: { ...stats, elapsedMs, stoppedBy } };
    };
    const answer = new StoppedAnswer<Held, Roster>(resolve, stamped);
    stopped = answer;
    answer.stopOnAbort(signal, abort);
    const timeLimitMs =
      options.timeLimitMs ??
      (options.maxIterations === undefined ? DEFAULT_TIME_LIMIT_MS : undefined);
    if (timeLimitMs !== undefined) {
      limit = setTimeout(
        () => answer.stop('time-limit'),
        Math.max(0, startedAt + timeLimitMs - Date.now()),
      );
    }
    worker.on('message', (message: SolveWorkerMessage) => {
      if (message.kind === 'fallback') answer.hold(message);
      // From here the worker sees an abort itself, and answers with its best.
      else if (message.kind === 'searching') answer.workerAnswersStops();
      else settleOnMessage(message, onProgress, resolve, reject);
    });
    rejectWhenThreadEnds(worker, 'solve', 'a roster', reject);
  }).finally(() => {
    clearTimeout(limit);
    stopped?.dispose();
  });
}
