/**
 * What `replanAsync` and its worker say to each other: the data the worker starts with, the
 * messages it posts back, the worker's whole body and how the caller turns a message into an
 * answer. The replan runs in the same worker script as `solveAsync`'s solve (one script to ship
 * and bundle); `kind: 'replan'` tells the two jobs apart.
 */
import type { ValidationIssue } from '../model/validate.js';
import { ProblemValidationError } from '../model/validate.js';
import { RosterValidationError } from '../model/roster-schema.js';
import { sharedAbortSignal } from './parallel/area-job.js';
import type { ReplanOptions, ReplanProgress, ReplanResult } from './replan/replan.js';
import { DEFAULT_REPLAN_TIME_LIMIT_MS, replan, replanPrepared } from './replan/replan.js';
import { ChangesValidationError } from './replan/apply-changes.js';
import type { TravelSlice } from './travel-slice.js';
import { travelFromSlice } from './travel-slice.js';
import type { WorkerFailedMessage } from './worker-answer.js';
import { failedMessage, settleSharedMessage } from './worker-answer.js';

/** Progress of a {@link replanAsync} call: the search's, and the time since the call began. */
export interface ReplanAsyncProgress extends ReplanProgress {
  /** Milliseconds since `replanAsync` was called (worker start-up included). */
  readonly elapsedMs: number;
}

/** What the replan worker is started with. */
export interface ReplanWorkerData {
  readonly kind: 'replan';
  readonly problem: unknown;
  readonly previous: unknown;
  readonly changes: unknown;
  readonly budget: Pick<ReplanOptions, 'seed' | 'timeLimitMs' | 'maxIterations'>;
  /** The caller's travel figures, as typed arrays (a provider object cannot be cloned). */
  readonly travel: TravelSlice | undefined;
  /** One Int32 the caller sets to 1 to abort: seen by the busy search at once. */
  readonly abort: SharedArrayBuffer;
  /** Whether to post progress (only when the caller listens). */
  readonly progress: boolean;
  /**
   * Whether to post the stand-in (`fallback`) once the replan is prepared, for a caller that may
   * abort: its answer, should the worker not answer the abort in time.
   */
  readonly standIns: boolean;
  /** When the caller's call began (`Date.now()`): worker start-up counts against the limit. */
  readonly startedAt: number;
}

/** Which input a validation error is about, so the caller rethrows the same error class. */
type InvalidInput = 'problem' | 'roster' | 'changes';

/**
 * What the replan worker posts back. With `standIns`, once the replan is prepared and before its
 * search: `fallback`, the result of the replan stopped there (the previous roster laid on the
 * changed problem, whatever no longer fits listed unplaced), then `searching`, from which the
 * worker sees an abort itself and answers it with its best.
 */
export type ReplanWorkerMessage =
  | { readonly kind: 'fallback'; readonly result: ReplanResult }
  | { readonly kind: 'searching' }
  | { readonly kind: 'progress'; readonly progress: ReplanAsyncProgress }
  | { readonly kind: 'result'; readonly result: ReplanResult }
  | {
      readonly kind: 'invalid';
      readonly input: InvalidInput;
      readonly issues: readonly ValidationIssue[];
    }
  | WorkerFailedMessage;

/** The least time a replan is given when start-up has used its whole budget: it still answers. */
const MIN_REPLAN_MS = 1;

/** The worker's whole job: replan as asked and post progress and the result. */
export function runReplanWorker(
  data: ReplanWorkerData,
  post: (message: ReplanWorkerMessage) => void,
): void {
  try {
    const { seed, maxIterations } = data.budget;
    const limit =
      data.budget.timeLimitMs ??
      (maxIterations === undefined ? DEFAULT_REPLAN_TIME_LIMIT_MS : undefined);
    const signal = sharedAbortSignal(new Int32Array(data.abort));
    const options: ReplanOptions = {
      seed,
      maxIterations,
      // `replan` counts its limit from its own start; the caller's began before the thread.
      timeLimitMs:
        limit === undefined
          ? undefined
          : Math.max(MIN_REPLAN_MS, limit - (Date.now() - data.startedAt)),
      signal,
      travel: data.travel ? travelFromSlice(data.travel) : undefined,
      onProgress: data.progress
        ? (progress) =>
            post({
              kind: 'progress',
              progress: { ...progress, elapsedMs: Date.now() - data.startedAt },
            })
        : undefined,
    };
    const result = replan(
      data.problem,
      data.previous,
      data.changes,
      options,
      data.standIns
        ? (prepared, started) => {
            // Aborted already, the replan's own answer is this very result, as soon.
            if (signal.aborted) return;
            const stopped = { ...options, signal: AbortSignal.abort(), onProgress: undefined };
            post({ kind: 'fallback', result: replanPrepared(prepared, stopped, started) });
            post({ kind: 'searching' });
          }
        : undefined,
    );
    post({ kind: 'result', result });
  } catch (error) {
    post(failure(error));
  }
}

function failure(error: unknown): ReplanWorkerMessage {
  if (error instanceof ProblemValidationError) {
    return { kind: 'invalid', input: 'problem', issues: error.issues };
  }
  if (error instanceof RosterValidationError) {
    return { kind: 'invalid', input: 'roster', issues: error.issues };
  }
  if (error instanceof ChangesValidationError) {
    return { kind: 'invalid', input: 'changes', issues: error.issues };
  }
  return failedMessage(error);
}

/**
 * Settles the caller's promise on a replan worker's message: forwards progress, resolves with
 * the result, rejects with the error `replan` would have thrown or with the worker's failure.
 */
export function settleReplanMessage(
  message: ReplanWorkerMessage,
  onProgress: ((progress: ReplanAsyncProgress) => void) | undefined,
  resolve: (result: ReplanResult) => void,
  reject: (error: Error) => void,
): void {
  if (settleSharedMessage('replan', message, onProgress, reject)) return;
  if (message.kind === 'result') resolve(message.result);
  else {
    reject(
      message.input === 'problem'
        ? new ProblemValidationError(message.issues)
        : message.input === 'roster'
          ? new RosterValidationError(message.issues)
          : new ChangesValidationError(message.issues),
    );
  }
}
