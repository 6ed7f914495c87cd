/**
 * The time limit of compiling: `compileProblem` looks at the clock every few visits and gives up
 * with {@link CompileStopped} once the caller's deadline has passed, so that a solve's time limit
 * bounds its compiling too.
 */
/** Visits (or matrix rows) compiled between two looks at the clock: a power of two. */
export const DEADLINE_CHECK_EVERY = 64;

/**
 * Thrown by `compileProblem` when its deadline passes before the instance is built, so
 * that the caller can return every visit unplaced as not reached instead of overrunning.
 */
export class CompileStopped extends Error {
  constructor() {
    super('the time limit ran out while compiling the problem');
    this.name = 'CompileStopped';
  }
}

/**
 * Throws {@link CompileStopped} once `deadline` (a `Date.now()` time) has passed.
 *
 * @example
 * ```ts
 * checkDeadline(undefined); // no deadline: never throws
 * checkDeadline(Date.now() - 1); // throws CompileStopped
 * ```
 */
export function checkDeadline(deadline: number | undefined): void {
  if (deadline !== undefined && Date.now() >= deadline) throw new CompileStopped();
}
