/** The queue neighbourhood jobs travel on, as both ends must agree about it. */

/** The queue's name unless the caller gives one: one name per kind of job. */
export const AREA_QUEUE = 'care-roster-areas';

/** BullMQ's name for the kind of job (one kind on this queue). */
export const AREA_JOB_NAME = 'area';

/**
 * Tries of one neighbourhood before its solve fails: a failing job is a bug or bad data, and
 * the same job fails the same way again, so a retry or two covers only machines that died.
 */
export const AREA_ATTEMPTS = 3;

/** Delay before a failed job is tried again: long enough for a restarting worker. */
export const AREA_RETRY_DELAY_MS = 1_000;

/**
 * How long finished jobs stay in Redis: long enough to look at a solve afterwards, short enough
 * that a busy service does not fill Redis with rosters.
 */
export const FINISHED_JOB_AGE_S = 3_600;
