/**
 * The price of one unplaced task at one position of a route when the instance has no soft
 * terms, term for term as `bestInRoute` (`insertion.ts`) prices it (travel and assignment; time, work,
 * capacity and days-in-a-row feasibility), with what depends only on the route or only on the
 * task worked out once: the regret construction reprices a task at one or two positions of a
 * route many thousand times, where a whole `bestInRoute` call costs more than its positions.
 */
import { workSlack } from './insertion.js';
import type { Route } from './route.js';
import { earliestStartAfter, latestStartBefore } from './segment.js';
import type { Solution } from './solution.js';
import type { TravelTable } from './travel-table.js';

/**
 * Prices tasks at positions of one route: {@link setRoute}, then {@link setTask} per task, then
 * {@link at} per position (node `i` and the node after it). Valid until the solution changes.
 *
 * @example
 * ```ts
 * const price = new PositionPrice(sol);
 * price.setRoute(r);
 * if (price.setTask(u)) console.log(price.at(0), price.work); // Infinity: does not fit there
 * ```
 */
export class PositionPrice {
  /** Work the last finite {@link at} adds. */
  work = 0;
  private route!: Route;
  private r = -1;
  private n = 0;
  private open = false;
  private slack = 0;
  private time!: TravelTable;
  private cost!: TravelTable;
  private lu = 0;
  private e = 0;
  private l = 0;
  private service = 0;
  private u = -1;
  private asg = 0;

  constructor(private readonly sol: Solution) {}

  /** Prices on route `r` from now on, as the solution stands. */
  setRoute(r: number): void {
    const sol = this.sol;
    const p = sol.p;
    this.r = r;
    this.route = sol.routes[r]!;
    this.n = this.route.tasks.length;
    this.open = sol.runFits(r);
    this.slack = workSlack(sol, r) + p.eps;
    this.time = p.routeTime[r]!;
    this.cost = p.routeCost[r]!;
  }

  /**
   * Prices task `u` (unplaced, unlinked, allowed on the route) from now on. False when it fits
   * nowhere on the route whatever the position (capacity, days in a row).
   */
  setTask(u: number): boolean {
    const p = this.sol.p;
    const inst = p.inst;
    this.u = u;
    this.lu = inst.taskLocation[u]!;
    this.e = this.sol.effE[u]!;
    this.l = this.sol.effL[u]!;
    this.service = inst.taskService[u]!;
    // Read when a position is priced: most tasks a route is checked for are ruled out by time.
    this.asg = Number.NaN;
    return (
      this.open && this.route.load + inst.taskDemand[u]! <= inst.routeCapacity[this.r]! + p.eps
    );
  }

  /**
   * Whether the task's window leaves room for it between node `i` and node `i + 1` at all,
   * travel aside: a test without the matrices that {@link at} never passes when this fails
   * (travel times are never negative).
   */
  mayFit(i: number): boolean {
    const route = this.route;
    const finish = route.fE[i]! + route.fD[i]!;
    const lo = finish > this.e ? finish : this.e;
    const last = route.bL[i + 1]! - this.service;
    const hi = last < this.l ? last : this.l;
    return lo <= hi + this.sol.p.eps;
  }

  /** Cost of the task between node `i` and node `i + 1`, or Infinity where it does not fit. */
  at(i: number): number {
    const { route, time, cost, lu, n } = this;
    const a = route.loc[i]!;
    const b = route.loc[i + 1]!;
    const tau = time.at(a, lu);
    const lo = earliestStartAfter(route.fD[i]!, route.fE[i]!, tau, this.e);
    const tub = time.at(lu, b);
    const hi = latestStartBefore(route.bL[i + 1]!, this.service, tub, this.l);
    if (lo > hi + this.sol.p.eps) return Number.POSITIVE_INFINITY;
    const work = this.service + tau + tub - (n === 0 ? 0 : time.at(a, b));
    if (work > this.slack) return Number.POSITIVE_INFINITY;
    if (Number.isNaN(this.asg)) this.asg = this.sol.p.assignment(this.u, this.r);
    const base = n === 0 ? 0 : cost.at(a, b);
    this.work = work;
    return cost.at(a, lu) + cost.at(lu, b) - base + this.asg;
  }
}
