/**
 * A {@link ThreadTask} on a worker thread of its own, so the server's event loop keeps answering
 * while a replan or a capacity search runs, and an abort reaches the busy search at once (a
 * shared flag, as `solveAsync` does).
 */
import type { ValidationIssue } from '../model/validate.js';
import type { WorkerEntry } from '../solver/start-worker.js';
import { startWorker } from '../solver/start-worker.js';
import type { ThreadTask } from './thread-task.js';
import { TaskInputError } from './thread-task.js';

/** The task worker's script: `task-worker.ts` beside this module, built under this name. */
export const TASK_WORKER: WorkerEntry = {
  source: './task-worker.ts',
  built: 'care-roster-service-worker.js',
};

/** What the task worker starts with. */
export interface TaskWorkerData {
  readonly task: ThreadTask;
  /** One Int32 the caller sets to 1 to abort. */
  readonly abort: SharedArrayBuffer;
  readonly startedAt: number;
}

/** What the task worker posts back. */
export type TaskWorkerMessage =
  | { readonly kind: 'result'; readonly value: unknown }
  | {
      readonly kind: 'invalid';
      readonly message: string;
      readonly issues: readonly ValidationIssue[];
    }
  | { readonly kind: 'failed'; readonly message: string };

/** The task ran past the time it was given and its thread was ended. */
export class TaskTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`it took longer than ${timeoutMs} ms`);
    this.name = 'TaskTimeoutError';
  }
}

/** Options of {@link runTaskOnThread}. */
export interface TaskThreadOptions {
  /** Stops a replan's search, which then resolves with the best roster so far. */
  readonly signal?: AbortSignal;
  /** For tasks that cannot be stopped: the thread is ended after this long. */
  readonly timeoutMs?: number;
}

/**
 * Runs `task` on a new worker thread and resolves with its result; the thread ends with it.
 *
 * @throws {TaskInputError} (as a rejection) when an input is not valid, with every issue.
 * @throws {TaskTimeoutError} (as a rejection) when `timeoutMs` passed first.
 * @example
 * ```ts
 * const summary = await runTaskOnThread({ kind: 'capacity-summary', problem, roster }, {
 *   timeoutMs: 60_000,
 * });
 * ```
 */
export async function runTaskOnThread<T>(
  task: ThreadTask,
  options: TaskThreadOptions = {},
): Promise<T> {
  const abort = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const data: TaskWorkerData = {
    task,
    abort: abort.buffer as SharedArrayBuffer,
    startedAt: Date.now(),
  };
  const worker = startWorker(TASK_WORKER, import.meta.url, { workerData: data });
  const { signal } = options;
  const onAbort = () => Atomics.store(abort, 0, 1);
  signal?.addEventListener('abort', onAbort);
  if (signal?.aborted) onAbort();
  let timer: NodeJS.Timeout | undefined;
  try {
    return await new Promise<T>((resolve, reject) => {
      if (options.timeoutMs !== undefined) {
        const timeoutMs = options.timeoutMs;
        timer = setTimeout(() => reject(new TaskTimeoutError(timeoutMs)), timeoutMs);
      }
      worker.on('message', (message: TaskWorkerMessage) => {
        if (message.kind === 'result') resolve(message.value as T);
        else if (message.kind === 'invalid')
          reject(new TaskInputError(message.message, message.issues));
        else reject(new Error(message.message));
      });
      worker.on('error', (error) => reject(new Error(`the task thread crashed: ${error.message}`)));
      worker.on('exit', (code) => reject(new Error(`the task thread exited (code ${code})`)));
    });
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    await worker.terminate();
  }
}
