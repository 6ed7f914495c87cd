/** Worker thread entry: solves the neighbourhoods it is sent, one at a time. */
import { parentPort, workerData } from 'node:worker_threads';
import type { AreaJob } from './area-job.js';
import { sharedAbortSignal, solveAreaJob } from './area-job.js';

const signal = sharedAbortSignal(
  new Int32Array((workerData as { abort: SharedArrayBuffer }).abort),
);

parentPort?.on('message', (job: AreaJob) => {
  try {
    parentPort?.postMessage({ ok: true, result: solveAreaJob(job, signal) });
  } catch (error) {
    parentPort?.postMessage({ ok: false, index: job.index, message: String(error) });
  }
});
