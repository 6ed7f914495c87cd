/**
 * The serving end of the service's job queue: a BullMQ worker that runs each solve or replan it
 * takes on a worker thread (`solveAsync`, the service's task thread), reports its progress
 * through Redis and stops it with the best roster when the job's stop flag is set.
 *
 * Not sandboxed, unlike the neighbourhood worker: the search already runs on a thread, so this
 * process's event loop stays free to renew the job's lock and poll the stop flag.
 */
import type { Job } from 'bullmq';
import { Worker } from 'bullmq';
import type { RedisOptions } from 'ioredis';
import type { SolveProgress } from '../solver/solve.js';
import { solveAsync } from '../solver/solve-async.js';
import type { ReplanOutcome } from '../service/job-runners.js';
import { runTaskOnThread } from '../service/task-thread.js';
import { redisClient } from './connection.js';
import type { ServiceQueueJob, ServiceQueueResult } from './job-queue.js';
import { JOBS_QUEUE, PROGRESS_INTERVAL_MS, STOP_POLL_MS, stopKey } from './job-queue.js';
import type { QueueWorkerTimings } from './worker-settings.js';
import { workerSettings } from './worker-settings.js';

/** Options of {@link serveServiceJobs}. */
export interface ServiceJobWorkerOptions extends QueueWorkerTimings {
  readonly connection: RedisOptions;
  /** The queue to serve. Default {@link JOBS_QUEUE}. */
  readonly queueName?: string;
  /** Jobs run at once (one thread each). Default 1. */
  readonly concurrency?: number;
}

/**
 * Starts serving the service's jobs; `worker.close()` stops after the jobs in hand and closes
 * its Redis clients.
 *
 * @example
 * ```ts
 * const worker = serveServiceJobs({ connection: redisConnection('redis://10.0.0.5:6379') });
 * process.once('SIGTERM', () => void worker.close());
 * ```
 */
export function serveServiceJobs(
  options: ServiceJobWorkerOptions,
): Worker<ServiceQueueJob, ServiceQueueResult> {
  const queueName = options.queueName ?? JOBS_QUEUE;
  const flags = redisClient(options.connection);
  // Connection errors are retried by the client; unheard, they would end the process.
  flags.on('error', () => undefined);
  const client = redisClient(options.connection);
  const worker = new Worker<ServiceQueueJob, ServiceQueueResult>(
    queueName,
    (job, _token, signal) =>
      runServiceJob(job, signal, async () => (await flags.exists(stopKey(queueName, job.id!))) > 0),
    workerSettings(client, options),
  );
  // BullMQ leaves clients it was given open.
  worker.on('closed', () => {
    void client.quit().catch(() => undefined);
    void flags.quit().catch(() => undefined);
  });
  return worker;
}

/** Runs one job on a thread, stopping it when `stopRequested` says so or `signal` aborts. */
async function runServiceJob(
  job: Job<ServiceQueueJob>,
  signal: AbortSignal | undefined,
  stopRequested: () => Promise<boolean>,
): Promise<ServiceQueueResult> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  signal?.addEventListener('abort', abort);
  const look = () =>
    stopRequested().then(
      (stop) => stop && abort(),
      () => undefined,
    );
  await look();
  const poll = setInterval(() => void look(), STOP_POLL_MS);
  let lastReport = 0;
  const onProgress = (progress: SolveProgress) => {
    const now = Date.now();
    if (now - lastReport < PROGRESS_INTERVAL_MS) return;
    lastReport = now;
    job.updateProgress(progress as unknown as object).catch(() => undefined);
  };
  try {
    const data = job.data;
    if (data.kind === 'solve') {
      const roster = await solveAsync(data.problem, {
        ...data.budget,
        signal: controller.signal,
        onProgress,
      });
      return { roster };
    }
    return await runTaskOnThread<ReplanOutcome>(
      { kind: 'replan', ...data.input, budget: data.budget },
      { signal: controller.signal },
    );
  } finally {
    clearInterval(poll);
    signal?.removeEventListener('abort', abort);
  }
}
