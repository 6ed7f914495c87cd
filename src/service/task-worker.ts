/**
 * Worker thread entry of {@link runTaskOnThread}: runs the one task it was started with and
 * posts the result, or what was wrong, back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { sharedAbortSignal } from '../solver/parallel/area-job.js';
import type { TaskWorkerData, TaskWorkerMessage } from './task-thread.js';
import { TaskInputError, runThreadTask } from './thread-task.js';

const data = workerData as TaskWorkerData;
const post = (message: TaskWorkerMessage) => parentPort?.postMessage(message);
try {
  const signal = sharedAbortSignal(new Int32Array(data.abort));
  post({ kind: 'result', value: runThreadTask(data.task, signal, data.startedAt) });
} catch (error) {
  post(
    error instanceof TaskInputError
      ? { kind: 'invalid', message: error.message, issues: error.issues }
      : { kind: 'failed', message: error instanceof Error ? error.message : String(error) },
  );
}
