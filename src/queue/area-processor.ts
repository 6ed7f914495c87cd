/**
 * The sandboxed processor of `care-roster worker`: BullMQ runs it in a child process, so that a
 * long synchronous search never stops the worker's own event loop from renewing the job's lock
 * (a blocked loop would let the job look stalled and be solved twice).
 */
import type { Job } from 'bullmq';
import { solveAreaJob } from '../solver/parallel/area-job.js';
import type { AreaQueueJob, AreaQueueResult } from './area-codec.js';
import { decodeAreaJob } from './area-codec.js';

/** Solves the neighbourhood the queue job carries. */
export default function processAreaJob(job: Job<AreaQueueJob>): Promise<AreaQueueResult> {
  return Promise.resolve(solveAreaJob(decodeAreaJob(job.data.job)));
}
