/**
 * The progress line `solve` prints on stderr while it searches: on a clock of its own rather than
 * on each report, so that a line comes about once a second even through a long phase that
 * reports nothing (the solve runs on another thread, so the clock keeps running).
 */
import type { SolveProgress } from '../solver/solve.js';
import type { NeighbourhoodProgress } from '../solver/parallel/solve-by-neighbourhood.js';

/** Time between two progress lines: often enough to show life, rarely enough to read. */
export const PROGRESS_LINE_MS = 1_000;

/** The latest report as a line: elapsed, iteration, best cost, unplaced, and the phase. */
export function progressLine(
  elapsedMs: number,
  progress: SolveProgress | NeighbourhoodProgress | undefined,
): string {
  const seconds = `progress: ${(elapsedMs / 1000).toFixed(1)} s`;
  if (progress === undefined) return `${seconds}, preparing`;
  if ('areasDone' in progress) {
    return `${seconds}, ${progress.areasDone} of ${progress.areas} neighbourhoods solved`;
  }
  // Solvers that run in rounds name the phase; a report without one prints without it.
  const phase = (progress as SolveProgress & { readonly phase?: string }).phase;
  const best = Number.isFinite(progress.bestCost) ? progress.bestCost.toFixed(0) : 'none yet';
  return (
    `${seconds}, iteration ${progress.iteration}, best cost ${best}, ` +
    `${progress.unplacedTasks} carer-visits unplaced` +
    (phase === undefined ? '' : `, phase ${phase}`)
  );
}

/** A progress line on stderr every {@link PROGRESS_LINE_MS} until `stop()`. */
export interface ProgressLine {
  /** Takes a report (the line shows the latest). */
  readonly onProgress: (progress: SolveProgress | NeighbourhoodProgress) => void;
  readonly stop: () => void;
}

/** Starts printing; `started` is when the command's clock started (`Date.now()`). */
export function startProgressLine(started: number): ProgressLine {
  let latest: SolveProgress | NeighbourhoodProgress | undefined;
  const timer = setInterval(() => {
    process.stderr.write(`${progressLine(Date.now() - started, latest)}\n`);
  }, PROGRESS_LINE_MS);
  // The line never keeps the process alive on its own.
  timer.unref();
  return {
    onProgress: (progress) => {
      latest = progress;
    },
    stop: () => clearInterval(timer),
  };
}
