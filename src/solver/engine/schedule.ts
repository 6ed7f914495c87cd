/**
 * The earliest schedule of a route, walked stop by stop: each stop starts on arrival or when its
 * window opens, whichever is later, and its soft cost (lateness, unpaid gap before it, minutes
 * outside the carer's preferred hours) is summed. The one definition behind a route's cached
 * schedule, the replays that price an insertion or a move, and the exported start times.
 */
import type { EngineInstance, EngineSoftTerms } from './instance.js';
import { stopCost } from './soft.js';

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
  private time: Float64Array = new Float64Array(0);
  private worker = 0;

  /**
   * Starts a walk for `worker` over travel-time matrix `time`, after a stop at location `at`
   * that ends at `clock`; `cost` is the soft cost already summed (added to in stop order, so
   * running totals keep their order of additions). Without soft terms only times are walked.
   *
   * @example
   * ```ts
   * const walk = new ScheduleWalk().begin(inst, inst.soft ?? null, time, 0, start, 480, true, 0);
   * const first = walk.visit(t, inst.taskEarliest[t]!); // its start; walk.cost its soft cost
   * ```
   */
  begin(
    inst: EngineInstance,
    soft: EngineSoftTerms | null,
    time: Float64Array,
    worker: number,
    at: number,
    clock: number,
    first: boolean,
    cost: number,
  ): this {
    this.inst = inst;
    this.soft = soft;
    this.time = time;
    this.worker = worker;
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
    const arrival = this.clock + this.time[this.at * inst.nLocations + here]!;
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
