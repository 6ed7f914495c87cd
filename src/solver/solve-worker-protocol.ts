/**
 * What `solveAsync` and its worker say to each other, whatever the worker is (a Node worker
 * thread or a browser Web Worker): the data the worker starts with, the messages it posts back,
 * the worker's whole body and how the caller turns a message into an answer. No Node built-ins,
 * so the browser build shares every line of it with the Node one.
 */
import type { Roster } from '../model/roster.js';
import type { ProblemInput, TransportMode } from '../model/schema.js';
import { TRANSPORT_MODES } from '../model/schema.js';
import { expandProblem } from '../model/expand.js';
import type { ValidationIssue } from '../model/validate.js';
import { parseProblem, ProblemValidationError } from '../model/validate.js';
import { straightLineTravelMatrix } from '../geo/straight-line.js';
import { sharedAbortSignal } from './parallel/area-job.js';
import type { SolveOptions, SolveProgress, StandInTaker } from './solve.js';
import { solveExpanded } from './solve.js';
import { notReachedRoster } from './not-reached.js';
import type { TravelSlice } from './travel-slice.js';
import { sliceTravel, travelFromSlice } from './travel-slice.js';
import type { WorkerFailedMessage } from './worker-answer.js';
import { failedMessage, settleSharedMessage } from './worker-answer.js';

/** What the worker is started with. */
export interface SolveWorkerData {
  readonly input: unknown;
  readonly budget: Pick<SolveOptions, 'seed' | 'timeLimitMs' | 'maxIterations'>;
  /** The caller's travel figures, as typed arrays (a provider object cannot be cloned). */
  readonly travel: TravelSlice | undefined;
  /**
   * One Int32 the caller sets to 1 to abort: seen by the busy worker at once. A plain buffer
   * where shared memory is not available (a page that is not cross-origin isolated); the worker
   * then never sees an abort, and the caller stops it another way.
   */
  readonly abort: SharedArrayBuffer | ArrayBuffer;
  /** Whether to post progress (only when the caller listens). */
  readonly progress: boolean;
  /**
   * Whether to post the not-reached roster once the problem is expanded (`fallback`), for a
   * caller that may stop waiting before the search starts (an abort, a time limit).
   */
  readonly fallback: boolean;
  /**
   * Whether to post rosters of the best so far as the solve runs (`fallback` again), for a
   * caller that may abort: its answer, should the worker not answer the abort in time.
   */
  readonly standIns: boolean;
  /** When the caller's call began (`Date.now()`): worker start-up counts against the limit. */
  readonly startedAt: number;
}

/**
 * What the worker posts back. Before the search: `fallback`, the roster with every visit not
 * reached, as soon as the problem is expanded; then `searching` once the problem is compiled and
 * the search (which sees an abort at once) begins. A caller stopped before `searching` need not
 * wait for the search: the fallback is its answer. With `standIns`, later `fallback`s carry the
 * best roster so far (see {@link StandInTaker}), each replacing the one before.
 */
export type SolveWorkerMessage =
  | { readonly kind: 'fallback'; readonly roster: Roster; readonly unplacedTasks: number }
  | { readonly kind: 'searching' }
  | { readonly kind: 'progress'; readonly progress: SolveProgress }
  | { readonly kind: 'roster'; readonly roster: Roster }
  | { readonly kind: 'invalid'; readonly issues: readonly ValidationIssue[] }
  | WorkerFailedMessage;

/** The data a solve worker starts with, for `input` and the caller's options. */
export function solveWorkerData(
  input: ProblemInput | unknown,
  options: SolveOptions,
  abort: Int32Array,
  startedAt: number,
): SolveWorkerData {
  return {
    input,
    budget: {
      seed: options.seed,
      timeLimitMs: options.timeLimitMs,
      maxIterations: options.maxIterations,
    },
    travel: options.travel
      ? sliceTravel(options.travel, options.travel.locations, carerModes(input))
      : undefined,
    abort: abort.buffer,
    progress: options.onProgress !== undefined,
    fallback:
      options.signal !== undefined ||
      options.timeLimitMs !== undefined ||
      options.maxIterations === undefined,
    standIns: options.signal !== undefined,
    startedAt,
  };
}

/** The worker's whole job: solve the problem it was given and post progress and the answer. */
export function runSolveWorker(
  data: SolveWorkerData,
  post: (message: SolveWorkerMessage) => void,
): void {
  try {
    const problem = parseProblem(data.input);
    const expanded = expandProblem(problem);
    const given = data.travel ? travelFromSlice(data.travel) : undefined;
    const signal = sharedAbortSignal(new Int32Array(data.abort));
    // Aborted already, it is the answer: posted before the travel table, which can take long.
    if (data.fallback) {
      const stats = { seed: data.budget.seed ?? 1, elapsedMs: 0, stoppedBy: 'aborted' } as const;
      // A roster with no routes reads no travel: it is posted before the table is built.
      const none = straightLineTravelMatrix(expanded.locations, problem.settings.travel, {
        onDemand: true,
      });
      post({
        kind: 'fallback',
        roster: notReachedRoster(expanded, given ?? none, stats),
        unplacedTasks: expanded.visits.reduce((n, visit) => n + visit.carersNeeded, 0),
      });
    }
    const travel = given ?? straightLineTravelMatrix(expanded.locations, problem.settings.travel);
    let searching = false;
    const roster = solveExpanded(
      expanded,
      travel,
      {
        ...data.budget,
        signal,
        // The first report comes once the problem is compiled, as the search begins.
        onProgress: (progress) => {
          if (!searching) post({ kind: 'searching' });
          searching = true;
          if (data.progress) post({ kind: 'progress', progress });
        },
      },
      data.startedAt,
      data.standIns
        ? spacedStandIns((roster, unplacedTasks) =>
            post({ kind: 'fallback', roster, unplacedTasks }),
          )
        : undefined,
    );
    post({ kind: 'roster', roster });
  } catch (error) {
    post(
      error instanceof ProblemValidationError
        ? { kind: 'invalid', issues: error.issues }
        : failedMessage(error),
    );
  }
}

/**
 * Share of the worker's time that rosters of the best so far may take: each costs about what the
 * final answer does (decode, reasons, score, KPIs: 0.1-0.5 s on the demo), and the caller reads
 * one only when the worker misses an abort's grace, so they get a tenth of the time at most.
 */
const STAND_IN_SHARE = 0.1;

/**
 * A {@link StandInTaker} that posts each roster and spaces them out so that building them takes
 * at most {@link STAND_IN_SHARE} of the worker's time: the first at once, each next one after
 * nine times as long as the last took (for a share of a tenth).
 */
function spacedStandIns(post: (roster: Roster, unplacedTasks: number) => void): StandInTaker {
  const rest = (cost: number) => (cost * (1 - STAND_IN_SHARE)) / STAND_IN_SHARE;
  let nextAt = Number.NEGATIVE_INFINITY;
  let building = 0;
  let lastCost = 0;
  return {
    due: () => {
      const now = performance.now();
      if (now < nextAt) return false;
      building = now;
      // Spaced by the last one's cost even if this one is not taken after all.
      nextAt = now + rest(lastCost);
      return true;
    },
    take: (roster, unplacedTasks) => {
      post(roster, unplacedTasks);
      const now = performance.now();
      lastCost = now - building;
      nextAt = now + rest(lastCost);
    },
  };
}

/**
 * Settles the caller's promise on a worker's message: forwards progress, resolves with the
 * roster, rejects with the validation issues or the worker's failure.
 */
export function settleOnMessage(
  message: SolveWorkerMessage,
  onProgress: SolveOptions['onProgress'],
  resolve: (roster: Roster) => void,
  reject: (error: Error) => void,
): void {
  if (settleSharedMessage('solve', message, onProgress, reject)) return;
  if (message.kind === 'roster') resolve(message.roster);
  else reject(new ProblemValidationError(message.issues));
}

/**
 * The transport modes of the input's carers, for the travel figures the worker needs. Read
 * without validating (the worker validates): values that are not modes are skipped, an absent
 * one is the schema's default, car.
 */
export function carerModes(input: unknown): TransportMode[] {
  const carers = (input as { carers?: unknown } | null)?.carers;
  const used = new Set<unknown>(
    Array.isArray(carers)
      ? carers.map((carer) => (carer as { transport?: unknown } | null)?.transport ?? 'car')
      : [],
  );
  const modes = TRANSPORT_MODES.filter((mode) => used.has(mode));
  return modes.length > 0 ? modes : ['car'];
}
