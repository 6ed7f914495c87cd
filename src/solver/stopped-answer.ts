/**
 * How a call running on a worker answers once its caller stops it (an abort, or the end of its
 * time limit): with the worker's own answer when it comes soon, else with the latest stand-in
 * the worker posted (a roster it holds ready for this), so that a stop is answered within a
 * bound however long the worker's current step takes to notice it (reading, compiling, building
 * the final roster). No Node built-ins, so the browser build can share it.
 */

/**
 * How long the caller waits, once stopped, for the worker's own answer (the search's best,
 * decoded and explained) before it answers with its stand-in: the worker's answer is worth
 * waiting for, and 200 ms leaves a third of issue 9's 300 ms bound to the timer and the
 * message on a busy machine (bench/results/async.md).
 */
export const ANSWER_GRACE_MS = 200;

/** Why the caller stopped waiting. */
export type StopReason = 'aborted' | 'time-limit';

/**
 * The answer of one stoppable call: it settles `resolve` with the stand-in (a `T`, made into the
 * call's answer `A` by `stamp`) at the right moment and otherwise leaves the call to settle on the
 * worker's own answer.
 *
 * A stop the worker does not watch for yet is answered at once with the stand-in, or as soon as
 * one arrives. One it watches for gets {@link ANSWER_GRACE_MS} for the worker's own answer; past
 * that, the stand-in held (or the first to arrive) is the answer. The worker watches its own
 * time limit once it has read the problem (from its first stand-in on: it checks its deadline
 * before and while it compiles), and an abort once its search runs
 * ({@link StoppedAnswer.workerAnswersStops}).
 *
 * @example
 * ```ts
 * const answer = new StoppedAnswer(resolve, (roster, why) => ({ ...roster, stoppedBy: why }));
 * worker.on('message', (m) => m.kind === 'fallback' && answer.hold(m.roster));
 * signal.addEventListener('abort', () => answer.stop('aborted'));
 * ```
 */
export class StoppedAnswer<T, A = T> {
  private standIn: T | undefined;
  private workerStops = false;
  private stoppedBy: StopReason | undefined;
  private graceOver = false;
  private grace: ReturnType<typeof setTimeout> | undefined;
  private unlisten: () => void = () => {};

  /**
   * @param resolve settles the call.
   * @param stamp the stand-in as the answer of a call stopped for `why` (its timing, its reason).
   */
  constructor(
    private readonly resolve: (answer: A) => void,
    private readonly stamp: (standIn: T, why: StopReason) => A,
  ) {}

  /** A newer stand-in from the worker; the answer at once if the call is stopped and waits for one. */
  hold(standIn: T): void {
    this.standIn = standIn;
    if (this.stoppedBy === undefined) return;
    if (this.graceOver || !this.watches(this.stoppedBy)) this.answer();
    else this.startGrace();
  }

  /** From now on the worker sees an abort itself and answers it with its best. */
  workerAnswersStops(): void {
    this.workerStops = true;
    // Stopped already, with nothing to answer yet: the worker gets its grace from here.
    if (this.stoppedBy !== undefined) this.startGrace();
  }

  /** The caller stops waiting for `why`; the first reason given is the one the answer says. */
  stop(why: StopReason): void {
    this.stoppedBy ??= why;
    if (this.watches(this.stoppedBy)) this.startGrace();
    else if (this.standIn !== undefined) this.answer();
  }

  /**
   * Stops for `'aborted'` when `signal` aborts (at once if it has already), after raising the
   * worker's shared abort `flag` so that its search stops too; {@link dispose} stops listening.
   */
  stopOnAbort(signal: AbortSignal | undefined, flag: Int32Array): void {
    if (signal === undefined) return;
    const onAbort = (): void => {
      Atomics.store(flag, 0, 1);
      this.stop('aborted');
    };
    signal.addEventListener('abort', onAbort);
    this.unlisten = () => signal.removeEventListener('abort', onAbort);
    if (signal.aborted) onAbort();
  }

  /** Stops the grace timer and the abort listener (call when the call settles). */
  dispose(): void {
    clearTimeout(this.grace);
    this.unlisten();
  }

  /** Whether the worker sees a stop for `why` itself and will answer it. */
  private watches(why: StopReason): boolean {
    return this.workerStops || (why === 'time-limit' && this.standIn !== undefined);
  }

  private startGrace(): void {
    this.grace ??= setTimeout(() => {
      this.graceOver = true;
      if (this.standIn !== undefined) this.answer();
    }, ANSWER_GRACE_MS);
  }

  private answer(): void {
    this.resolve(this.stamp(this.standIn as T, this.stoppedBy ?? 'aborted'));
  }
}
