/**
 * A candidate route described by named parts instead of positional arguments (after PyVRP's
 * `Route::Proposal`): a prefix of the route it would replace, a few tasks, and a suffix of that
 * route or of another one. The {@link MoveEvaluator} prices it without building it.
 */
import { RouteTotals } from '../route-totals.js';
import type { Solution } from '../solution.js';

/**
 * The route `route` rebuilt from its own nodes `0..prefixEnd`, then the tasks `mids[0..nMids)`,
 * then nodes `suffixStart..` (end node included) of route `suffixRoute`. The prefix is always the
 * proposal's own route's, so its cached start, schedule and costs hold; the suffix may come from
 * another route with the same end (2-opt*). After evaluation its totals ({@link RouteTotals}) are
 * the candidate's.
 */
export class Proposal extends RouteTotals {
  /** The route the candidate would replace; also the owner of the prefix. */
  route = 0;
  /** Last node of the kept prefix (0: only the start node). */
  prefixEnd = 0;
  /** Tasks placed between prefix and suffix; only the first `nMids` count. */
  readonly mids: number[] = [];
  nMids = 0;
  /** Route the suffix is taken from. */
  suffixRoute = 0;
  /** First node of the suffix (the route's task count + 1: only its end node). */
  suffixStart = 0;
  /** Whether the candidate has no task. */
  empty = false;

  /** Starts the candidate for `route` with that route's nodes `0..node`. */
  before(route: number, node: number): this {
    this.route = route;
    this.prefixEnd = node;
    this.nMids = 0;
    return this;
  }

  /** Places `task` after what the candidate holds so far. */
  add(task: number): this {
    this.mids[this.nMids++] = task;
    return this;
  }

  /** Places the tasks at nodes `node..node+len-1` of `tasks` (a route's task list), in order. */
  addNodes(tasks: readonly number[], node: number, len: number): this {
    for (let k = 0; k < len; k++) this.mids[this.nMids++] = tasks[node - 1 + k]!;
    return this;
  }

  /** Ends the candidate with nodes `node..` of route `route`. */
  after(route: number, node: number): this {
    this.suffixRoute = route;
    this.suffixStart = node;
    return this;
  }

  /** The candidate's task list, built from the solution's current routes. */
  tasks(sol: Solution): number[] {
    const own = sol.routes[this.route]!.tasks;
    const tail = sol.routes[this.suffixRoute]!.tasks;
    return own
      .slice(0, this.prefixEnd)
      .concat(this.mids.slice(0, this.nMids), tail.slice(this.suffixStart - 1));
  }
}
