/**
 * The service's jobs on a BullMQ queue in Redis (`care-roster serve --redis`): each solve or
 * replan is one queue job, run by a `care-roster worker` on any machine; its progress comes back
 * through Redis, a stop sets the job's stop flag (the worker stops the search and returns the
 * best roster), and a job no worker has taken yet is taken off the queue instead.
 */
import { randomUUID } from 'node:crypto';
import type { Redis, RedisOptions } from 'ioredis';
import { Queue, QueueEvents } from 'bullmq';
import type { Roster } from '../model/roster.js';
import type { SolveProgress } from '../solver/solve.js';
import type { JobRunners, ReplanOutcome, RunOptions } from '../service/job-runners.js';
import { StoppedBeforeStartError } from '../service/job-runners.js';
import { redisClient } from './connection.js';
import type { ServiceQueueJob, ServiceQueueResult } from './job-queue.js';
import {
  FINISHED_SERVICE_JOB_AGE_S,
  JOB_ATTEMPTS,
  JOBS_QUEUE,
  STOP_KEY_TTL_S,
  stopKey,
} from './job-queue.js';
import { QUEUE_CONNECT_TIMEOUT_MS } from './queue-executor.js';

/** Options of {@link queueRunners}. */
export interface QueueRunnersOptions {
  /** Redis, as BullMQ takes it; `redisConnection(url)` builds it from a URL. */
  readonly connection: RedisOptions;
  /** The queue's name; the workers must serve the same one. Default {@link JOBS_QUEUE}. */
  readonly queueName?: string;
  /** How long `ready()` waits for Redis. Default `QUEUE_CONNECT_TIMEOUT_MS` (10 s). */
  readonly connectTimeoutMs?: number;
}

/** Job runners on the queue, and their connections' life. */
export interface QueueRunners extends JobRunners {
  /**
   * Resolves once Redis answers.
   * @throws {Error} naming the Redis and the cause when it does not within the connect timeout.
   */
  ready(): Promise<void>;
  /** Closes the queue's connections (after the jobs have ended: close the server first). */
  close(): Promise<void>;
}

/**
 * Runners for `createServer` that hand each solve and replan to the queue. Same seed and
 * iteration limit: the same roster as on this machine's threads.
 *
 * @example
 * ```ts
 * const runners = queueRunners({ connection: redisConnection('redis://10.0.0.5:6379') });
 * await runners.ready();
 * const app = createServer({ runners });
 * process.once('SIGTERM', () => void app.close().then(() => runners.close()));
 * ```
 */
export function queueRunners(options: QueueRunnersOptions): QueueRunners {
  const queueName = options.queueName ?? JOBS_QUEUE;
  const clients: Redis[] = [redisClient(options.connection), redisClient(options.connection)];
  const [queueClient, eventsClient] = clients as [Redis, Redis];
  const queue = new Queue<ServiceQueueJob, ServiceQueueResult>(queueName, {
    connection: queueClient,
  });
  const events = new QueueEvents(queueName, { connection: eventsClient });
  let lastError = 'no answer';
  let dropped = false;
  const note = (error: Error) => (lastError = error.message);
  // Connection errors are retried by the clients; unheard, they would end the process.
  queue.on('error', note);
  events.on('error', note);
  for (const client of clients) client.on('error', note);
  const listeners = new Map<string, (progress: SolveProgress) => void>();
  events.on('progress', ({ jobId, data }) =>
    listeners.get(jobId)?.(data as unknown as SolveProgress),
  );

  async function run(data: ServiceQueueJob, run: RunOptions): Promise<ServiceQueueResult> {
    const id = randomUUID();
    listeners.set(id, run.onProgress);
    let stopped: (error: Error) => void = () => {};
    const takenOff = new Promise<never>((_, reject) => (stopped = reject));
    const stop = async () => {
      await queueClient.set(stopKey(queueName, id), '1', 'EX', STOP_KEY_TTL_S);
      // Not yet taken by a worker: off the queue, so it never runs (0: a worker holds it).
      if ((await queue.remove(id)) === 1) stopped(new StoppedBeforeStartError());
    };
    const onAbort = () => void stop().catch(note);
    try {
      const job = await queue.add(data.kind, data, {
        jobId: id,
        attempts: JOB_ATTEMPTS,
        removeOnComplete: { age: FINISHED_SERVICE_JOB_AGE_S },
        removeOnFail: { age: FINISHED_SERVICE_JOB_AGE_S },
      });
      run.signal.addEventListener('abort', onAbort);
      if (run.signal.aborted) onAbort();
      return (await Promise.race([job.waitUntilFinished(events), takenOff])) as ServiceQueueResult;
    } finally {
      run.signal.removeEventListener('abort', onAbort);
      listeners.delete(id);
    }
  }

  return {
    solve: async (problem, budget) =>
      (
        (await run({ kind: 'solve', problem, budget: budgetOf(budget) }, budget)) as {
          roster: Roster;
        }
      ).roster,
    replan: async (input, budget) =>
      (await run({ kind: 'replan', input, budget: budgetOf(budget) }, budget)) as ReplanOutcome,
    async ready() {
      const timeoutMs = options.connectTimeoutMs ?? QUEUE_CONNECT_TIMEOUT_MS;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const where = `${options.connection.host ?? ''}:${options.connection.port ?? ''}`;
          reject(new Error(`cannot reach Redis at ${where} within ${timeoutMs} ms (${lastError})`));
        }, timeoutMs);
      });
      try {
        await Promise.race([
          Promise.all([queue.waitUntilReady(), events.waitUntilReady()]),
          timeout,
        ]);
      } catch (error) {
        // Closing the queue would wait for the connection; drop the clients instead.
        dropped = true;
        for (const client of clients) client.disconnect();
        throw error;
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      if (dropped) return;
      await Promise.all([events.close(), queue.close()]);
      await Promise.all(clients.map((client) => client.quit().catch(() => undefined)));
    },
  };
}

/** The budget alone, as the queue carries it (the signal and callback stay here). */
const budgetOf = ({ seed, timeLimitMs, maxIterations }: RunOptions) => ({
  seed,
  timeLimitMs,
  ...(maxIterations === undefined ? {} : { maxIterations }),
});
