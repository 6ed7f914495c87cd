/**
 * `replan` on a worker thread, so that the caller's event loop keeps running while a live
 * roster is changed: a server stays responsive, and an `AbortSignal` stops the search.
 */
import type { Roster } from '../model/roster.js';
import type { ProblemInput } from '../model/schema.js';
import type { ChangesInput } from './replan/changes.js';
import type { ReplanOptions, ReplanResult } from './replan/replan.js';
import type {
  ReplanAsyncProgress,
  ReplanWorkerData,
  ReplanWorkerMessage,
} from './replan-worker-protocol.js';
import { settleReplanMessage } from './replan-worker-protocol.js';
import { carerModes } from './solve-worker-protocol.js';
import { SOLVE_WORKER } from './solve-async.js';
import { jobWorker, keepSpareWorker } from './spare-worker.js';
import type { StopReason } from './stopped-answer.js';
import { StoppedAnswer } from './stopped-answer.js';
import { sliceTravel } from './travel-slice.js';
import { rejectWhenThreadEnds } from './worker-answer.js';

/** Options of {@link replanAsync}: those of `replan`, progress with the time, the worker script. */
export interface ReplanAsyncOptions extends Omit<ReplanOptions, 'onProgress'> {
  /** Called in the caller's thread with the worker's progress reports. */
  readonly onProgress?: (progress: ReplanAsyncProgress) => void;
  /**
   * Path or URL of the worker script, `care-roster-solve-worker.js` in the package's `dist/`
   * (the same script as `solveAsync`'s). Needed only when an application bundles the package
   * and does not put the script, under that name, next to its bundle.
   */
  readonly workerUrl?: string | URL;
}

/**
 * Changes a live roster like {@link replan}, on a worker thread: the calling thread is never
 * blocked, so use this one from a server or anything else with an event loop.
 *
 * Same inputs, seed and `maxIterations` (no time limit): the same result as `replan`. The time
 * limit counts from this call (the thread's start-up included). `signal` stops the search at once
 * and the promise resolves with the best roster so far (`roster.stats.stoppedBy: 'aborted'`):
 * the worker's own answer when it comes within `ANSWER_GRACE_MS` (200 ms) of the abort, else the
 * stand-in the worker posted as the search began (the previous roster laid on the changed
 * problem, whatever no longer fits listed unplaced). An abort during the replan's preparation
 * (validating, applying the changes, laying the previous roster on the changed problem) is
 * answered as soon as that is done. `onProgress` is called in the caller's thread. The worker is
 * terminated when the call settles.
 *
 * @param problem the problem before the changes (raw JSON input or a parsed `Problem`).
 * @param previous the live roster (from care-roster or elsewhere; it is validated).
 * @param changes what changed (see `schema/changes.schema.json`).
 * @throws {ProblemValidationError} (as a rejection) when `problem` is not valid.
 * @throws {RosterValidationError} (as a rejection) when `previous` is not a roster.
 * @throws {ChangesValidationError} (as a rejection) when `changes` is malformed or names unknown
 *   ids or dates outside the horizon, each issue with its JSON path.
 * @example
 * ```ts
 * const controller = new AbortController();
 * request.on('close', () => controller.abort());
 * const { roster, diff } = await replanAsync(problem, previous, {
 *   now: '2026-03-23T06:30',
 *   changes: [{ type: 'carer-unavailable', carerId: 'ann', from: '2026-03-23T06:30', to: '2026-03-23T23:59' }],
 * }, { signal: controller.signal, onProgress: (p) => console.log(p.iteration, p.elapsedMs) });
 * console.log(diff.messages.join('\n'), roster.unplaced.length);
 * ```
 */
export async function replanAsync(
  problem: ProblemInput | unknown,
  previous: Roster | unknown,
  changes: ChangesInput | unknown,
  options: ReplanAsyncOptions = {},
): Promise<ReplanResult> {
  const startedAt = Date.now();
  const abort = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const data: ReplanWorkerData = {
    kind: 'replan',
    problem,
    previous,
    changes,
    budget: {
      seed: options.seed,
      timeLimitMs: options.timeLimitMs,
      maxIterations: options.maxIterations,
    },
    travel: options.travel
      ? sliceTravel(options.travel, options.travel.locations, carerModes(problem))
      : undefined,
    abort: abort.buffer as SharedArrayBuffer,
    progress: options.onProgress !== undefined,
    standIns: options.signal !== undefined,
    startedAt,
  };
  const worker = jobWorker(
    SOLVE_WORKER,
    import.meta.url,
    data,
    options.workerUrl,
    'replanAsync copies the problem, roster and changes to a worker thread, so they must be plain data',
  );
  const { signal } = options;
  let stopped: StoppedAnswer<ReplanResult> | undefined;
  return new Promise<ReplanResult>((resolve, reject) => {
    const answer = new StoppedAnswer<ReplanResult>(resolve, stamped(startedAt));
    stopped = answer;
    answer.stopOnAbort(signal, abort);
    worker.on('message', (message: ReplanWorkerMessage) => {
      if (message.kind === 'fallback') answer.hold(message.result);
      // From here the worker sees an abort itself, and answers with its best.
      else if (message.kind === 'searching') answer.workerAnswersStops();
      else settleReplanMessage(message, options.onProgress, resolve, reject);
    });
    rejectWhenThreadEnds(worker, 'replan', 'a result', reject);
  }).finally(() => {
    stopped?.dispose();
    void worker.terminate();
    // The next call finds a thread ready (spare-worker.ts), started once this one's is done.
    keepSpareWorker(SOLVE_WORKER, import.meta.url, options.workerUrl);
  });
}

/** The stand-in result as the answer of a call stopped for `why`: its time and its reason. */
function stamped(startedAt: number): (standIn: ReplanResult, why: StopReason) => ReplanResult {
  return (standIn, why) => {
    const { roster } = standIn;
    const stats = roster.stats && {
      ...roster.stats,
      elapsedMs: Date.now() - startedAt,
      stoppedBy: why,
    };
    return { ...standIn, roster: { ...roster, ...(stats ? { stats } : {}) } };
  };
}
