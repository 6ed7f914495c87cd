/**
 * Worker thread entry of {@link solveAsync}: solves the one problem it was started with and
 * posts progress, then the roster or the error, back to the caller's thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { expandProblem } from '../model/expand.js';
import { parseProblem, ProblemValidationError } from '../model/validate.js';
import { straightLineTravelMatrix } from '../geo/straight-line.js';
import { sharedAbortSignal } from './parallel/area-job.js';
import { travelFromSlice } from './travel-slice.js';
import { solveExpanded } from './solve.js';
import type { SolveWorkerData, SolveWorkerMessage } from './solve-async.js';

const data = workerData as SolveWorkerData;
const post = (message: SolveWorkerMessage) => parentPort?.postMessage(message);

try {
  const problem = parseProblem(data.input);
  const expanded = expandProblem(problem);
  const travel = data.travel
    ? travelFromSlice(data.travel)
    : straightLineTravelMatrix(expanded.locations, problem.settings.travel);
  const roster = solveExpanded(
    expanded,
    travel,
    {
      ...data.budget,
      signal: sharedAbortSignal(new Int32Array(data.abort)),
      onProgress: data.progress ? (progress) => post({ kind: 'progress', progress }) : undefined,
    },
    data.startedAt,
  );
  post({ kind: 'roster', roster });
} catch (error) {
  post(
    error instanceof ProblemValidationError
      ? { kind: 'invalid', issues: error.issues }
      : {
          kind: 'failed',
          message: error instanceof Error ? error.message : String(error),
          stack: error instanceof Error ? error.stack : undefined,
        },
  );
}
