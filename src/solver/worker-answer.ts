/**
 * What `solveAsync` and `replanAsync` share in hearing from their worker: the failure message a
 * worker posts when its call throws, that failure turned back into an error with the worker's
 * stack, progress passed on to the caller's callback, the messages every worker posts alike
 * settled in one place, and the rejection when the thread dies
 * without an answer. No Node built-ins (the thread is typed by the two events it is listened
 * to for), so the browser build can share it.
 */

/** The message a worker posts when its call threw something that is not bad input. */
export interface WorkerFailedMessage {
  readonly kind: 'failed';
  readonly message: string;
  readonly stack: string | undefined;
}

/**
 * The messages every worker posts alike, whatever its job: `fallback` and `searching` (for a
 * caller that stops waiting early, which reads them itself), `progress` and `failed`. Each job's
 * message union adds its answer and its bad-input kinds.
 */
export type SharedWorkerMessage<P> =
  | { readonly kind: 'fallback' }
  | { readonly kind: 'searching' }
  | { readonly kind: 'progress'; readonly progress: P }
  | WorkerFailedMessage;

/**
 * Settles the caller's promise on a message of a kind every worker posts alike (see
 * {@link SharedWorkerMessage}): nothing on `fallback` and `searching`, progress passed on to
 * `onProgress`, a rejection naming `call` on `failed`. Returns false on the job's own kinds,
 * which the caller settles.
 *
 * @example
 * ```ts
 * if (settleSharedMessage('solve', message, options.onProgress, reject)) return;
 * resolve(message.roster); // the job's own kinds are left
 * ```
 */
export function settleSharedMessage<M extends { readonly kind: string }, P>(
  call: string,
  message: M | SharedWorkerMessage<P>,
  onProgress: ((progress: P) => void) | undefined,
  reject: (error: Error) => void,
): message is SharedWorkerMessage<P> {
  const shared = message as SharedWorkerMessage<P>;
  switch (shared.kind) {
    case 'fallback':
    case 'searching':
      return true;
    case 'progress':
      forwardProgress(onProgress, shared.progress, reject);
      return true;
    case 'failed':
      reject(workerFailure(call, shared));
      return true;
    default:
      return false;
  }
}

/** The events of a worker thread that say it ended without an answer. */
export interface EndingThread {
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
}

/**
 * The failure message for `error`, thrown in a worker, as the caller's side reads it.
 *
 * @example
 * ```ts
 * post(failedMessage(new Error('out of memory'))); // { kind: 'failed', message: 'out of memory', ... }
 * ```
 */
export function failedMessage(error: unknown): WorkerFailedMessage {
  return {
    kind: 'failed',
    message: error instanceof Error ? error.message : String(error),
    stack: error instanceof Error ? error.stack : undefined,
  };
}

/**
 * The error the caller is given for a worker's failure message: `call` (e.g. `solve`) names what
 * failed, and the worker's stack follows the caller's own line.
 *
 * @example
 * ```ts
 * reject(workerFailure('solve', message)); // Error: solve failed in its worker: out of memory
 * ```
 */
export function workerFailure(call: string, message: WorkerFailedMessage): Error {
  const error = new Error(`${call} failed in its worker: ${message.message}`);
  if (message.stack) error.stack = `${error.message}\nworker stack: ${message.stack}`;
  return error;
}

/**
 * Passes a worker's progress report to the caller's callback; a callback that throws rejects the
 * call with its error rather than killing the listener.
 *
 * @example
 * ```ts
 * forwardProgress(options.onProgress, message.progress, reject);
 * ```
 */
export function forwardProgress<P>(
  onProgress: ((progress: P) => void) | undefined,
  progress: P,
  reject: (error: Error) => void,
): void {
  try {
    onProgress?.(progress);
  } catch (error) {
    reject(error as Error);
  }
}

/**
 * Rejects when the `call` worker thread crashes or exits: after its answer or another rejection
 * this changes nothing; alone, it is a thread that died silently without its `answer`.
 *
 * @example
 * ```ts
 * rejectWhenThreadEnds(worker, 'solve', 'a roster', reject);
 * ```
 */
export function rejectWhenThreadEnds(
  worker: EndingThread,
  call: string,
  answer: string,
  reject: (error: Error) => void,
): void {
  worker.on('error', (error) =>
    reject(new Error(`the ${call} worker thread crashed: ${error.message}`, { cause: error })),
  );
  worker.on('exit', (code) =>
    reject(new Error(`the ${call} worker thread exited (code ${code}) without ${answer}`)),
  );
}
