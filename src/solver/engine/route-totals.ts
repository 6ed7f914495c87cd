/**
 * The totals of a route that the objective and the work limits read. A {@link Route} caches
 * them for its current stops; a move's candidate route ({@link Proposal}) holds them as the
 * evaluator priced it, so the change of a move is the difference field by field.
 */
export class RouteTotals {
  /** Travel cost (0 when empty). */
  cost = 0;
  /** Work: travel time plus service (0 when empty). */
  work = 0;
  /** Travel time (0 when empty). */
  travel = 0;
  /** Load of the tasks. */
  load = 0;
  /** Soft cost of the earliest schedule (0 without schedule terms). */
  sched = 0;
  /** Largest lateness of the earliest schedule (0 when empty, or unless each day's is priced). */
  late = 0;
  /** Return of the earliest schedule (NaN when empty, or when the problem walks no schedule). */
  ret = Number.NaN;

  /** Sets the totals to those of a route without tasks (what a new record holds). */
  clearTotals(): void {
    this.cost = 0;
    this.work = 0;
    this.travel = 0;
    this.load = 0;
    this.sched = 0;
    this.late = 0;
    this.ret = Number.NaN;
  }
}
