/**
 * The serving end of the neighbourhood queue: a BullMQ worker that solves the jobs
 * `queueExecutor` puts on it, each in a sandboxed child process.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RedisOptions } from 'ioredis';
import { Worker } from 'bullmq';
import type { WorkerEntry } from '../solver/start-worker.js';
import { workerScriptUrl } from '../solver/start-worker.js';
import type { AreaQueueJob, AreaQueueResult } from './area-codec.js';
import { AREA_QUEUE } from './area-queue.js';
import { redisClient } from './connection.js';
import type { QueueWorkerTimings } from './worker-settings.js';
import { workerSettings } from './worker-settings.js';

/** The processor script: `area-processor.ts` beside this module, built under this name. */
export const AREA_PROCESSOR: WorkerEntry = {
  source: './area-processor.ts',
  built: 'care-roster-area-processor.js',
};

/** Options of {@link serveAreaJobs}. */
export interface AreaWorkerOptions extends QueueWorkerTimings {
  readonly connection: RedisOptions;
  /** The queue to serve. Default {@link AREA_QUEUE}. */
  readonly queueName?: string;
  /** Neighbourhoods solved at once (one child process each). Default 1. */
  readonly concurrency?: number;
}

/**
 * Starts serving neighbourhood jobs; `worker.close()` stops after the jobs in hand and closes
 * its Redis client.
 *
 * @example
 * ```ts
 * const worker = serveAreaJobs({ connection: redisConnection('redis://10.0.0.5:6379') });
 * process.once('SIGTERM', () => void worker.close());
 * ```
 */
export function serveAreaJobs(options: AreaWorkerOptions): Worker<AreaQueueJob, AreaQueueResult> {
  const script = fileURLToPath(workerScriptUrl(AREA_PROCESSOR, import.meta.url));
  if (!existsSync(script)) {
    throw new Error(
      `care-roster queue processor not found: ${script}. When bundling an application, ` +
        `bundle the package's dist/${AREA_PROCESSOR.built} as well, next to the bundle`,
    );
  }
  const client = redisClient(options.connection);
  const worker = new Worker<AreaQueueJob, AreaQueueResult>(
    options.queueName ?? AREA_QUEUE,
    script,
    workerSettings(client, options),
  );
  // BullMQ leaves a client it was given open.
  worker.on('closed', () => void client.quit().catch(() => undefined));
  return worker;
}
