/**
 * A solve worker (for `solveAsync`'s `workerUrl`) that goes silent at a chosen moment and stays
 * busy without reading its messages, as a worker does during a long step that never looks at the
 * abort: `?stall=answer` swallows its answer (a solve's roster, a replan's result) and spins
 * instead of posting it; `?stall=compile` spins once it has posted the roster of every visit not
 * reached, before the search begins.
 */
import { parentPort } from 'node:worker_threads';
import type {
  SolveWorkerData,
  SolveWorkerMessage,
} from '../../src/solver/solve-worker-protocol.js';
import { runSolveWorker } from '../../src/solver/solve-worker-protocol.js';
import type { ReplanWorkerData } from '../../src/solver/replan-worker-protocol.js';
import { runReplanWorker } from '../../src/solver/replan-worker-protocol.js';
import { onJob } from '../../src/solver/solve-worker-job.js';

const stall = new URL(import.meta.url).searchParams.get('stall');

/** Never returns: the thread is busy until it is terminated. */
function spin(): never {
  for (;;) {
    // Busy, as a synchronous step is: no message, timer or abort is seen here.
  }
}

onJob((job: SolveWorkerData | ReplanWorkerData) => {
  if ('kind' in job) {
    runReplanWorker(job, (message) => {
      if (stall === 'answer' && message.kind === 'result') spin();
      parentPort?.postMessage(message);
    });
    return;
  }
  runSolveWorker(job, (message: SolveWorkerMessage) => {
    if (stall === 'answer' && message.kind === 'roster') spin();
    parentPort?.postMessage(message);
    if (stall === 'compile' && message.kind === 'fallback') spin();
  });
});
