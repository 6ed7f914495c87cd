/**
 * One spare worker thread kept ready for the next `solveAsync` or `replanAsync` call. A fresh
 * thread has to start, load its 0.8 MB script (through its V8 code cache when built, see
 * `code-cache.ts`) and run its parsing and expansion cold (unoptimised
 * code) before it can post the roster an early abort is answered with, which takes longer than
 * the 300 ms an abort is given (bench/results/async.md). The spare has done all of that by the
 * time the next call comes: it is started as a call settles, loads the script and warms that
 * code on a small problem (see `solve-worker-job.ts`), then waits for a job by message.
 *
 * The spare never keeps a process alive (its thread is unref'd), is ended after
 * {@link SPARE_IDLE_MS} unused, and {@link releaseSpareWorker} ends it at once.
 */
import type { Worker } from 'node:worker_threads';
import type { WorkerEntry } from './start-worker.js';
import { startDataWorker, startWorker, workerScriptUrl } from './start-worker.js';
import { SPARE_WORKER_DATA } from './solve-worker-job.js';

/**
 * How long a spare waits unused before it is ended: long enough for a server's next request or a
 * queue's next job, short enough that an idle process does not hold a thread (about 30 MB of memory, measured) for long.
 */
export const SPARE_IDLE_MS = 60_000;

interface Spare {
  readonly worker: Worker;
  /** The script it runs, so a call for another script does not take it. */
  readonly href: string;
  readonly idle: ReturnType<typeof setTimeout>;
}

/** The spare, when there is one (at most one: calls rarely overlap, and each costs a thread). */
let spare: Spare | undefined;

/**
 * A worker thread running `entry` with `job`: the spare when it runs the same script (given the
 * job by message), else a new thread started with the job as its `workerData`.
 *
 * @param why the start of the `TypeError` for a job that is not plain data.
 */
export function jobWorker(
  entry: WorkerEntry,
  importMetaUrl: string | undefined,
  job: unknown,
  explicit: string | URL | undefined,
  why: string,
): Worker {
  const href = workerScriptUrl(entry, importMetaUrl, explicit).href;
  const ready = spare?.href === href ? spare : undefined;
  if (ready === undefined) return startDataWorker(entry, importMetaUrl, job, explicit, why);
  spare = undefined;
  clearTimeout(ready.idle);
  try {
    ready.worker.postMessage(job);
  } catch (error) {
    void ready.worker.terminate();
    if ((error as Error).name !== 'DataCloneError') throw error;
    throw new TypeError(`${why} (as parsed from JSON): ${(error as Error).message}`);
  }
  // Busy with the call now: it keeps the process alive as a thread started for it would.
  ready.worker.ref();
  return ready.worker;
}

/**
 * Starts a spare running `entry` unless one is kept already (a spare for another script is
 * replaced). A script that cannot be started is left alone: the call that needs it says why.
 */
export function keepSpareWorker(
  entry: WorkerEntry,
  importMetaUrl: string | undefined,
  explicit: string | URL | undefined,
): void {
  let href: string;
  let worker: Worker;
  try {
    href = workerScriptUrl(entry, importMetaUrl, explicit).href;
    if (spare?.href === href) return;
    worker = startWorker(entry, importMetaUrl, { workerData: SPARE_WORKER_DATA }, explicit);
  } catch {
    return;
  }
  void releaseSpareWorker();
  worker.unref();
  const idle = setTimeout(() => void releaseSpareWorker(), SPARE_IDLE_MS);
  idle.unref();
  const kept: Spare = { worker, href, idle };
  const forget = () => {
    if (spare === kept) {
      clearTimeout(kept.idle);
      spare = undefined;
    }
  };
  // A spare that fails before it is taken is forgotten; the call that takes one listens itself.
  worker.on('error', forget);
  worker.on('exit', forget);
  spare = kept;
}

/**
 * Ends the spare worker thread `solveAsync` and `replanAsync` keep ready after a call, if there
 * is one; the next call then starts its own thread. A process never waits for the spare (its
 * thread is unref'd) and it ends by itself after a minute unused, so this is for a caller that
 * wants the thread and its memory back at once.
 *
 * @example
 * ```ts
 * const roster = await solveAsync(problem, { timeLimitMs: 10_000 });
 * await releaseSpareWorker(); // no more solves coming
 * ```
 */
export async function releaseSpareWorker(): Promise<void> {
  const kept = spare;
  if (kept === undefined) return;
  spare = undefined;
  clearTimeout(kept.idle);
  await kept.worker.terminate();
}

/** Whether a spare is kept ready for the next call (for tests). */
export function spareWorkerReady(): boolean {
  return spare !== undefined;
}
