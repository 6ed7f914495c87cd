/**
 * Neighbourhood jobs on a BullMQ queue in Redis, solved by `care-roster worker` processes on any
 * machine that can reach it. BullMQ brings what a home-made queue would lack: a job whose worker
 * dies (its lock lapses) is put back by the stalled-job check and solved by another worker, a
 * failed one is retried, and Redis is the only thing the machines share.
 */
import { randomUUID } from 'node:crypto';
import type { Job } from 'bullmq';
import type { Redis, RedisOptions } from 'ioredis';
import { Queue, QueueEvents } from 'bullmq';
import type { AreaExecutor, AreaRun } from '../solver/parallel/area-executor.js';
import { jobFeed } from '../solver/parallel/area-executor.js';
import type { AreaJob, AreaResult } from '../solver/parallel/area-job.js';
import type { AreaQueueJob } from './area-codec.js';
import { encodeAreaJob } from './area-codec.js';
import { redisClient } from './connection.js';
import {
  AREA_ATTEMPTS,
  AREA_JOB_NAME,
  AREA_QUEUE,
  AREA_RETRY_DELAY_MS,
  FINISHED_JOB_AGE_S,
} from './area-queue.js';

/**
 * Neighbourhoods on the queue at once unless the caller says: enough to keep a few worker
 * processes busy; raise it to the number of workers serving the queue.
 */
export const DEFAULT_QUEUE_LANES = 4;

/**
 * How long, after an abort, jobs already on the queue get to come back before they are given up
 * (remote workers do not see the abort; each job still ends by its own deadline).
 */
const QUEUE_ABORT_GRACE_MS = 500;

/**
 * How long to wait for Redis before the solve fails: a Redis that is down is otherwise retried
 * for ever, and a solve must never hang.
 */
export const QUEUE_CONNECT_TIMEOUT_MS = 10_000;

/** How often the abort flag is looked at while waiting for the queue. */
const ABORT_POLL_MS = 20;

/** Options of {@link queueExecutor}. */
export interface QueueExecutorOptions {
  /** Redis, as BullMQ takes it; `redisConnection(url)` builds it from a URL. */
  readonly connection: RedisOptions;
  /** The queue's name; the workers must serve the same one. Default {@link AREA_QUEUE}. */
  readonly queueName?: string;
  /** Neighbourhoods on the queue at once. Default {@link DEFAULT_QUEUE_LANES}. */
  readonly lanes?: number;
  /** How long to wait for Redis before failing. Default {@link QUEUE_CONNECT_TIMEOUT_MS}. */
  readonly connectTimeoutMs?: number;
}

/**
 * An executor for `solveByNeighbourhood` that puts each neighbourhood on a BullMQ queue and
 * waits for a `care-roster worker` to solve it. Same seed and iteration limit: the same roster as
 * on worker threads, whichever and however many workers serve the queue.
 *
 * @example
 * ```ts
 * const executor = queueExecutor({ connection: redisConnection('redis://127.0.0.1:6379') });
 * const roster = await solveByNeighbourhood(problem, { executor, seed: 1, maxIterations: 500 });
 * ```
 */
export function queueExecutor(options: QueueExecutorOptions): AreaExecutor {
  const lanes = Math.max(1, Math.floor(options.lanes ?? DEFAULT_QUEUE_LANES));
  return { lanes, run: (jobs, run) => runOnQueue(jobs, run, options, lanes) };
}

async function runOnQueue(
  jobs: readonly AreaJob[],
  run: AreaRun,
  options: QueueExecutorOptions,
  lanes: number,
): Promise<(AreaResult | undefined)[]> {
  const results = new Array<AreaResult | undefined>(jobs.length).fill(undefined);
  if (jobs.length === 0) return results;
  const name = options.queueName ?? AREA_QUEUE;
  const queueClient = redisClient(options.connection);
  const eventsClient = redisClient(options.connection);
  const queue = new Queue(name, { connection: queueClient });
  const events = new QueueEvents(name, { connection: eventsClient });
  const stopped = () => Atomics.load(run.abort, 0) === 1 || run.signal?.aborted === true;
  const take = jobFeed(jobs, run.prepare);
  // One id per solve, so solves sharing a queue never mix their neighbourhoods.
  const runId = randomUUID();
  const queued = new Set<Job>();
  let given = false;
  let poll: ReturnType<typeof setInterval> | undefined;
  let grace: ReturnType<typeof setTimeout> | undefined;
  try {
    await connected(
      queue,
      events,
      [queueClient, eventsClient],
      options.connection,
      options.connectTimeoutMs ?? QUEUE_CONNECT_TIMEOUT_MS,
    );
  } catch (error) {
    // Closing the queue would wait for the connection; drop the clients instead.
    queueClient.disconnect();
    eventsClient.disconnect();
    throw error;
  }
  try {
    const lane = async (): Promise<void> => {
      for (;;) {
        if (stopped()) return;
        const job = take();
        if (!job) return;
        const data: AreaQueueJob = { run: runId, job: encodeAreaJob(job) };
        const added: Job = await queue.add(AREA_JOB_NAME, data, {
          jobId: `${runId}-${job.index}`,
          attempts: AREA_ATTEMPTS,
          backoff: { type: 'fixed', delay: AREA_RETRY_DELAY_MS },
          removeOnComplete: { age: FINISHED_JOB_AGE_S },
          removeOnFail: { age: FINISHED_JOB_AGE_S },
        });
        queued.add(added);
        let result: AreaResult;
        try {
          result = (await added.waitUntilFinished(events)) as AreaResult;
        } catch (error) {
          throw new Error(
            `neighbourhood ${job.index} failed on queue ${name}: ${(error as Error).message}`,
          );
        }
        queued.delete(added);
        if (given) return;
        results[result.index] = result;
        run.onDone(result);
      }
    };
    const givenUp = new Promise<void>((resolve) => {
      poll = setInterval(() => {
        if (!stopped()) return;
        clearInterval(poll);
        grace = setTimeout(resolve, QUEUE_ABORT_GRACE_MS);
      }, ABORT_POLL_MS);
    });
    const all = Promise.all(Array.from({ length: Math.min(lanes, jobs.length) }, lane));
    // A lane still waiting when the solve gives up may fail later; no one awaits it then.
    all.catch(() => undefined);
    await Promise.race([all, givenUp]);
    given = true;
  } finally {
    clearInterval(poll);
    clearTimeout(grace);
    // Jobs given up on and not yet taken by a worker need not be solved at all.
    await Promise.all([...queued].map((job) => job.remove().catch(() => undefined)));
    await Promise.all([events.close(), queue.close()]);
    // BullMQ leaves clients it was given open.
    await Promise.all(
      [queueClient, eventsClient].map((client) => client.quit().catch(() => undefined)),
    );
  }
  return results;
}

/** Waits for both connections, or fails saying which Redis could not be reached and why. */
async function connected(
  queue: Queue,
  events: QueueEvents,
  clients: readonly Redis[],
  connection: RedisOptions,
  timeoutMs: number,
): Promise<void> {
  let lastError = 'no answer';
  const note = (error: Error) => (lastError = error.message);
  // Connection errors are retried by the client; without a listener they would crash the process.
  queue.on('error', note);
  events.on('error', note);
  for (const client of clients) client.on('error', note);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `cannot reach Redis at ${connection.host ?? ''}:${connection.port ?? ''} within ` +
              `${timeoutMs} ms (${lastError})`,
          ),
        ),
      timeoutMs,
    );
  });
  try {
    await Promise.race([Promise.all([queue.waitUntilReady(), events.waitUntilReady()]), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
