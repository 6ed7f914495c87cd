/**
 * How a `solveAsync` or `replanAsync` worker thread gets its job: a thread started for a call
 * has it as its `workerData`; a spare (started with {@link SPARE_WORKER_DATA}, see
 * `spare-worker.ts`) warms up while it waits and takes the first message as its job.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { warmUpProblem, warmUpSteps } from './warm-up.js';

/** The `workerData` of a spare thread. */
export const SPARE_WORKER_DATA = { spare: true } as const;

/**
 * Rounds of a spare's warm-up: V8 optimises a function after some hundreds of calls, which a few
 * rounds on the small problem give the loops over visits; more rounds buy little (about 10 ms
 * of CPU each, measured in bench/async.ts's start-up table).
 */
export const WARM_UP_ROUNDS = 8;

/** Whether a thread's `workerData` says it is a spare. */
function isSpare(data: unknown): boolean {
  return (data as { spare?: unknown } | null)?.spare === true;
}

/**
 * Runs `run` on this thread's job: at once when the thread was started with it, else (a spare)
 * on the first message, warming up meanwhile in rounds of steps that each yield, so a job that
 * comes waits for one step at most.
 *
 * @example
 * ```ts
 * onJob((job: SolveWorkerData) => runSolveWorker(job, post));
 * ```
 */
export function onJob<J>(run: (job: J) => void): void {
  if (!isSpare(workerData)) {
    run(workerData as J);
    return;
  }
  let taken = false;
  parentPort?.once('message', (job: J) => {
    taken = true;
    run(job);
  });
  const input = warmUpProblem();
  let rounds = WARM_UP_ROUNDS;
  let steps: (() => void)[] = [];
  const step = () => {
    if (taken) return;
    if (steps.length === 0) {
      if (rounds-- <= 0) return;
      steps = warmUpSteps(input);
    }
    steps.shift()?.();
    setImmediate(step);
  };
  setImmediate(step);
}
