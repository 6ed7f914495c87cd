/** The progress line `solve` prints on stderr while it searches. */
import type { SolveProgress } from '../solver/solve.js';
import type { NeighbourhoodProgress } from '../solver/parallel/solve-by-neighbourhood.js';

/** Least time between two progress lines: often enough to show life, rarely enough to read. */
export const PROGRESS_LINE_MS = 1_000;

/** One progress report as a line: iteration, elapsed, best cost, unplaced, and the phase. */
export function progressLine(progress: SolveProgress | NeighbourhoodProgress): string {
  const seconds = `${(progress.elapsedMs / 1000).toFixed(1)} s`;
  if ('areasDone' in progress) {
    return `progress: ${seconds}, ${progress.areasDone} of ${progress.areas} neighbourhoods solved`;
  }
  // The phase is named by solvers that run in rounds; older progress objects have none.
  const phase = (progress as SolveProgress & { readonly phase?: string }).phase;
  return (
    `progress: ${seconds}, iteration ${progress.iteration}, best cost ` +
    `${Number.isFinite(progress.bestCost) ? progress.bestCost.toFixed(0) : 'none yet'}, ` +
    `${progress.unplacedTasks} carer-visits unplaced` +
    (phase === undefined ? '' : `, phase ${phase}`)
  );
}

/** A progress listener that writes a line to stderr at most every {@link PROGRESS_LINE_MS}. */
export function progressPrinter(): (progress: SolveProgress | NeighbourhoodProgress) => void {
  let last = Date.now();
  return (progress) => {
    const now = Date.now();
    if (now - last < PROGRESS_LINE_MS) return;
    last = now;
    process.stderr.write(`${progressLine(progress)}\n`);
  };
}
