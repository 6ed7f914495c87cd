/**
 * The earliest schedule of a route, walked stop by stop: each stop starts on arrival or when its
 * window opens, whichever is later, and its soft cost (lateness, unpaid gap before it, minutes
 * outside the carer's preferred hours) is summed. The one definition behind a route's cached
 * schedule, the replays that price an insertion or a move, and the exported start times.
 */
import type { EngineInstance, EngineSoftTerms } from './instance.js';
import { stopCost } from './soft.js';
import { DenseTravel, type TravelTable } from './travel-table.js';

/** A reusable walker (one per caller, so the hot paths allocate nothing). */
export class ScheduleWalk {
  /** When the last stop walked ends its service (before any: when the route may start). */
  clock = 0;
  /** Location of the last stop walked. */
  at = 0;
  /** Soft cost summed so far, on top of the amount the walk began with. */
  cost = 0;
  /** Whether the next stop is the route's first, whose waiting is free: the carer leaves later. */
  first = true;
  private inst: EngineInstance | null = null;
  private soft: EngineSoftTerms | null = null;
  private time: TravelTable = new DenseTravel(new Float64Array(0), 0);
  private worker = 0;

  /**
   * Sets whose walk it is: `worker`'s route over travel-time matrix `time`, its stops priced by
   * `soft` (null: only times are walked). Kept until the next call, so a caller walking one
   * route several times sets it once.
   *
   * @example
   * ```ts
   * const walk = new ScheduleWalk().onRoute(inst, inst.soft ?? null, time, 0).from(start, 480, true, 0);
   * const first = walk.visit(t, inst.taskEarliest[t]!); // its start; walk.cost its soft cost
   * ```
   */
  onRoute(
    inst: EngineInstance,
    soft: EngineSoftTerms | null,
    time: TravelTable,
    worker: number,
  ): this {
    this.inst = inst;
    this.soft = soft;
    this.time = time;
    this.worker = worker;
    return this;
  }

  /**
   * Starts the walk after a stop at location `at` that ends at `clock`; `first` when the next
   * stop is the route's first; `cost` is the soft cost already summed (added to in stop order,
   * so running totals keep their order of additions). Call {@link onRoute} first.
   */
  from(at: number, clock: number, first: boolean, cost: number): this {
    this.at = at;
    this.clock = clock;
    this.first = first;
    this.cost = cost;
    return this;
  }

  /**
   * Walks on to task `t`, whose window opens at `earliest` (its effective one, or narrower while
   * a linked partner's time is being chosen), and returns its start.
   */
  visit(t: number, earliest: number): number {
    const inst = this.inst!;
    const here = inst.taskLocation[t]!;
    const arrival = this.clock + this.time.at(this.at, here);
    const start = arrival > earliest ? arrival : earliest;
    const service = inst.taskService[t]!;
    if (this.soft !== null) {
      const idle = this.first ? -1 : start - arrival;
      this.cost += stopCost(this.soft, t, this.worker, start, service, idle);
    }
    this.first = false;
    this.clock = start + service;
    this.at = here;
    return start;
  }
}
