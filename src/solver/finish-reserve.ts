/**
 * How much of a time limit a solve keeps back from its search for the answer: decoding the
 * routes, the reasons of every unplaced visit, the scores and the KPIs, all of which run after
 * the search has stopped and before the call returns.
 */

/** Kept back before the search, when nothing is placed yet: a share of the limit, capped... */
const FINISH_SHARE = 0.05;
const MAX_FINISH_MS = 2_000;
/**
 * ...and at least this much a visit, as the answer grows with the visits: a stopped solve of a
 * 166k-visit week answers in about 0.4 s on a quiet 2-core machine, but once a week that large
 * compiles inside the limit and its construction has begun, the answer takes longer: the
 * 98k-visit week at 10 s answered 1.5 s after its search stopped (quiet, 2 cores), 1 s past the
 * limit with 0.005 ms a visit kept back.
 */
const FINISH_MS_PER_VISIT = 0.015;
/**
 * Once a round has placed tasks, the answer costs at least this much a placed task. The engine
 * copies and checks the last round's roster, then it is decoded, scored and read for the KPIs,
 * each a walk over every placed carer-visit: on the 20,000-visit week's nearly placed roster (21k
 * tasks) about 0.5 s in all on a 2-core machine with a load average of 4-5 (0.024 ms a task),
 * 0.55-0.9 s at 6-7; the allowance over the limit takes up the rest.
 */
const FINISH_MS_PER_PLACED_TASK = 0.035;
/**
 * ...and this much per carer and visit left unplaced after being tried: each such visit is
 * explained by asking every carer which rule rules them out (about 0.8 us a carer on the
 * 20,000-visit week, measured cold; alike visits share one explanation, so this is an upper
 * bound)...
 */
const FINISH_MS_PER_EXCLUSION = 0.001;
/**
 * ...and this much more: the answer's code (decode, reasons, KPIs) runs for the first time at the
 * end, and compiling it costs about as much again as running it on a 5,000-visit week (its answer
 * takes 170-220 ms of CPU cold, 70-115 ms warm).
 */
const FINISH_FIRST_RUN_MS = 100;

/**
 * What a solve with `timeLimitMs` keeps back for its answer before anything is placed: a share
 * of the limit, at least a little per visit, capped. The search's first round may use the rest.
 *
 * @example
 * ```ts
 * finishReserveMs(10_000, 19_105); // 500: the search may run until 9.5 s
 * ```
 */
export function finishReserveMs(timeLimitMs: number, visits: number): number {
  return Math.min(
    Math.max(timeLimitMs * FINISH_SHARE, visits * FINISH_MS_PER_VISIT),
    MAX_FINISH_MS,
  );
}

/** What decides the cost of an answer once a round has ended: see {@link answerCostMs}. */
export interface AnswerSize {
  /** Carer-visits placed in the best roster so far. */
  readonly placedTasks: number;
  /** Carer-visits it leaves unplaced that a construction tried (not those it never reached). */
  readonly triedUnplacedTasks: number;
  /** Carers of the problem, each asked about every tried unplaced visit. */
  readonly carers: number;
}

/**
 * The time the answer of a roster of `size` is expected to take, engine's last copy and check
 * included: what a solve keeps back from its later rounds once it knows what is placed (never
 * less than {@link finishReserveMs}; no cap, as the limit is a bound).
 *
 * @example
 * ```ts
 * // The 20,000-visit week nearly placed: about 0.9 s, more than the 0.5 s kept back at 10 s.
 * answerCostMs({ placedTasks: 20_822, triedUnplacedTasks: 169, carers: 540 });
 * ```
 */
export function answerCostMs(size: AnswerSize): number {
  return (
    size.placedTasks * FINISH_MS_PER_PLACED_TASK +
    size.triedUnplacedTasks * size.carers * FINISH_MS_PER_EXCLUSION +
    FINISH_FIRST_RUN_MS
  );
}
