/**
 * The service's limits: how much it reads, runs and keeps. Each default is a named constant with
 * the reason for its value; `care-roster serve` exposes every one as an option.
 */
import { availableParallelism } from 'node:os';

/** Largest request body, in MiB: a 5 000-client problem with its roster is about 10 MiB. */
export const DEFAULT_MAX_BODY_MB = 50;

/** Jobs queued behind the running ones before new ones get 429: bounded memory, fair waits. */
export const DEFAULT_MAX_QUEUED_JOBS = 100;

/** Longest time limit a job may ask for, in ms: ten minutes, beyond which a batch tool fits. */
export const DEFAULT_MAX_TIME_LIMIT_MS = 600_000;

/** How long a finished job's result is kept, in ms: long enough for a slow poller to fetch it. */
export const DEFAULT_RESULT_TTL_MS = 15 * 60_000;

/** Finished jobs kept at most (oldest evicted first): bounds memory under a flood of jobs. */
export const DEFAULT_MAX_FINISHED_JOBS = 1_000;

/** The limits of one service instance. */
export interface ServiceLimits {
  /** Largest request body in bytes; a larger one gets 413. */
  readonly maxBodyBytes: number;
  /** Jobs solving at once, each on its own worker thread. */
  readonly maxRunningJobs: number;
  /** Jobs waiting for a free slot; one more gets 429. */
  readonly maxQueuedJobs: number;
  /** Largest `options.timeLimitMs` a job may ask for (400 beyond); also its default. */
  readonly maxTimeLimitMs: number;
  /** How long a finished job stays readable after it finished. */
  readonly resultTtlMs: number;
  /** Finished jobs kept at most; beyond this the oldest finished one is evicted. */
  readonly maxFinishedJobs: number;
}

/**
 * The default limits: 50 MiB bodies, one running job per core, 100 queued, 10-minute time
 * limits, results kept 15 minutes (at most 1 000 of them).
 *
 * @example
 * ```ts
 * const limits = { ...defaultLimits(), maxTimeLimitMs: 60_000 };
 * console.log(limits.maxRunningJobs, 'jobs at once');
 * ```
 */
export function defaultLimits(): ServiceLimits {
  return {
    maxBodyBytes: DEFAULT_MAX_BODY_MB * 1024 * 1024,
    maxRunningJobs: availableParallelism(),
    maxQueuedJobs: DEFAULT_MAX_QUEUED_JOBS,
    maxTimeLimitMs: DEFAULT_MAX_TIME_LIMIT_MS,
    resultTtlMs: DEFAULT_RESULT_TTL_MS,
    maxFinishedJobs: DEFAULT_MAX_FINISHED_JOBS,
  };
}
