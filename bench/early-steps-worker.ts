/**
 * bench/async.ts's worker for where an early abort's time goes: in a fresh thread, cold or after
 * a spare's warm-up, it times reading, expanding and listing a problem as not reached (the steps
 * before the roster an early abort is answered with can be posted), then posts that roster with
 * the moment it posted it, so the caller can time the message too.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { expandProblem } from '../src/model/expand.js';
import { parseProblem } from '../src/model/validate.js';
import { straightLineTravelMatrix } from '../src/geo/straight-line.js';
import { notReachedRoster } from '../src/solver/not-reached.js';
import { WARM_UP_ROUNDS } from '../src/solver/solve-worker-job.js';
import { warmUpOnce, warmUpProblem } from '../src/solver/warm-up.js';

const { input, warm } = workerData as { input: unknown; warm: boolean };
let warmUpMs = 0;
if (warm) {
  const started = performance.now();
  const small = warmUpProblem();
  for (let round = 0; round < WARM_UP_ROUNDS; round++) warmUpOnce(small);
  warmUpMs = performance.now() - started;
}
let at = performance.now();
const lap = () => {
  const now = performance.now();
  const ms = now - at;
  at = now;
  return ms;
};
const problem = parseProblem(input);
const parseMs = lap();
const expanded = expandProblem(problem);
const expandMs = lap();
const travel = straightLineTravelMatrix(expanded.locations, problem.settings.travel, {
  onDemand: true,
});
const roster = notReachedRoster(expanded, travel, { seed: 1, elapsedMs: 0, stoppedBy: 'aborted' });
const buildMs = lap();
parentPort?.postMessage({
  warmUpMs,
  parseMs,
  expandMs,
  buildMs,
  roster,
  postedAt: performance.timeOrigin + performance.now(),
});
