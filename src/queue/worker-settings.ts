/**
 * The BullMQ settings every queue worker of the package takes from its options: one reading of
 * the concurrency and of the lock and stalled-job timings, so the neighbourhood worker and the
 * service's job worker cannot drift apart in what they pass on.
 */
import type { WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';

/** The timings a queue worker may set; BullMQ's own default (30 s each) when absent. */
export interface QueueWorkerTimings {
  /**
   * How long a job's lock lasts unless renewed (it is renewed at half that): after a worker
   * dies, its job is taken again within about this long. BullMQ's default, 30 s, when absent.
   */
  readonly lockDurationMs?: number;
  /** How often this worker looks for stalled jobs of dead workers. BullMQ's default: 30 s. */
  readonly stalledIntervalMs?: number;
}

/**
 * BullMQ worker options on `client`: `concurrency` jobs at once (1 when absent) and the timings
 * given, leaving BullMQ's defaults for those that are not.
 *
 * @example
 * ```ts
 * new Worker(queueName, processor, workerSettings(redisClient(connection), { concurrency: 2 }));
 * ```
 */
export function workerSettings(
  client: Redis,
  options: QueueWorkerTimings & { readonly concurrency?: number },
): WorkerOptions {
  return {
    connection: client,
    concurrency: options.concurrency ?? 1,
    ...(options.lockDurationMs === undefined ? {} : { lockDuration: options.lockDurationMs }),
    ...(options.stalledIntervalMs === undefined
      ? {}
      : { stalledInterval: options.stalledIntervalMs }),
  };
}
