/**
 * The queue the service's jobs (solves and replans) travel on, as `care-roster serve --redis`
 * and `care-roster worker` must agree about it: its name, what a job carries and returns, and
 * the stop flag.
 */
import type { JobBudget, ReplanInput, ReplanOutcome } from '../service/job-runners.js';
import type { Roster } from '../model/roster.js';

/** The queue's name unless the caller gives one: one name per kind of work. */
export const JOBS_QUEUE = 'care-roster-jobs';

/** What a service job on the queue carries. */
export type ServiceQueueJob =
  | { readonly kind: 'solve'; readonly problem: unknown; readonly budget: JobBudget }
  | { readonly kind: 'replan'; readonly input: ReplanInput; readonly budget: JobBudget };

/** What it returns: a solve's roster, or a replan's outcome. */
export type ServiceQueueResult = { readonly roster: Roster } | ReplanOutcome;

/**
 * The Redis key that asks the worker holding a job to stop it (and return the best roster so
 * far). A key rather than BullMQ's `cancelJob`, which reaches only a worker in the same process:
 * the service and its workers are on different machines.
 */
export const stopKey = (queueName: string, jobId: string) =>
  `care-roster:stop:${queueName}:${jobId}`;

/** How long a stop flag stays in Redis: longer than any job may run (the 10-minute cap). */
export const STOP_KEY_TTL_S = 3_600;

/** How often a worker looks at the stop flag of each job it holds: a stop takes about this long. */
export const STOP_POLL_MS = 100;

/** Progress reports sent through Redis at most this often per job: figures, not a flood. */
export const PROGRESS_INTERVAL_MS = 250;

/**
 * Tries of a service job. One: its input was validated before it was queued, so a failure is a
 * bug that would fail again. A worker that dies is another matter: BullMQ's stalled-job check
 * hands that job to another worker whatever this says.
 */
export const JOB_ATTEMPTS = 1;

/** How long finished jobs stay in Redis: long enough to look at, short of filling Redis. */
export const FINISHED_SERVICE_JOB_AGE_S = 3_600;
