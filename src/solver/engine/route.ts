/**
 * One route's stops and the caches that make move evaluation O(1): prefix and suffix duration
 * segments, cumulative travel cost, work and load. Node index 0 is the start location, nodes
 * 1..n the tasks, node n+1 the end location.
 */
import { BreakPlan, owesBreak } from './break-plan.js';
import type { Problem } from './problem.js';
import { RouteTotals } from './route-totals.js';
import { ScheduleWalk } from './schedule.js';
import { Segment } from './segment.js';
import { latenessOf } from './soft.js';

/** Scratch values for the cache updates and the schedule replays. */
const seg = new Segment();
const walk = new ScheduleWalk();
const plan = new BreakPlan();

/** A route with its caches; its totals ({@link RouteTotals}) are those of its current stops. */
export class Route extends RouteTotals {
  readonly index: number;
  tasks: number[] = [];
  /** Allocated node capacity of the cache arrays. */
  private capacity = 0;
  /** Location of each node. */
  loc = new Int32Array(0);
  /** Prefix segment ending at node i (duration, time warp, earliest, latest). */
  fD = new Float64Array(0);
  fTW = new Float64Array(0);
  fE = new Float64Array(0);
  fL = new Float64Array(0);
  /** Suffix segment starting at node i. */
  bD = new Float64Array(0);
  bTW = new Float64Array(0);
  bE = new Float64Array(0);
  bL = new Float64Array(0);
  /** Travel cost from the start to node i. */
  cumCost = new Float64Array(0);
  /** Work (travel time plus service, service of node i included) from the start to node i. */
  cumWork = new Float64Array(0);
  /** Load of the tasks at nodes 1..i. */
  cumLoad = new Float64Array(0);
  /** Service time of the tasks at nodes 1..i. */
  cumService = new Float64Array(0);
  /**
   * Earliest schedule, kept only when the problem has schedule-dependent soft terms: start of
   * node i, the time its service ends (node 0: the route's earliest start), and the soft cost of
   * nodes 1..i.
   */
  sStart = new Float64Array(0);
  sEnd = new Float64Array(0);
  cumSched = new Float64Array(0);
  /**
   * Largest lateness of the schedule's nodes 1..i (`fLate`) and i..n (`bLate`), kept only when
   * each day's largest lateness is priced.
   */
  fLate = new Float64Array(0);
  bLate = new Float64Array(0);
  /**
   * The route's largest lateness after the insertion last priced by {@link insertScheduleDelta},
   * or the departure last priced by {@link departureDelta}.
   */
  trialLate = 0;
  /** Assignment cost of its tasks. */
  assignment = 0;
  /** Whether any task on it is part of a link. */
  linked = false;
  /**
   * Effective earliest departure and latest return: the route's own window, narrowed by the
   * rest between days (see `days.ts`). Set by the owner before {@link refresh}.
   */
  es: number;
  le: number;
  /** Return after the insertion last priced by {@link insertScheduleDelta}. */
  replayReturn = Number.NaN;
  /**
   * Whether the route's work exceeds the break rule's threshold while the search places breaks:
   * its totals (`sched`, `ret`, `late`, `dep`, {@link timeWarp}) are then those of its schedule
   * with the break (`break-plan.ts`), while every cache by node stays that of the schedule
   * without one, a function of the task list that prices candidates still short of the
   * threshold.
   */
  needsBreak = false;
  /** Start of the route's break (NaN: none). */
  breakStart = Number.NaN;
  /** Whether the break could not be placed (the route is then infeasible). */
  private breakFails = false;
  /** Return of the schedule without a break, which the replays' shortcuts continue. */
  retFree = Number.NaN;

  constructor(index: number, es: number, le: number) {
    super();
    this.index = index;
    this.es = es;
    this.le = le;
  }

  /**
   * Latest departure that keeps the route free of time warp (NaN when empty), as of the last
   * refresh like every other cache: kept, not read from the caches at the current task count,
   * since a move sets a route's tasks before refreshing it, and a read in between (the rest
   * between days compares the departure before and after) would find another length's entry.
   */
  dep = Number.NaN;

  /** Recomputes every cache from `tasks` and the effective windows `effE` / `effL`. */
  refresh(p: Problem, effE: Float64Array, effL: Float64Array): void {
    const inst = p.inst;
    const r = this.index;
    const tasks = this.tasks;
    const n = tasks.length;
    if (n + 2 > this.capacity) this.grow(Math.max(n + 2, this.capacity * 2, 8));
    const loc = this.loc;
    loc[0] = inst.routeStartLocation[r]!;
    let linked = false;
    let assignment = 0;
    for (let i = 0; i < n; i++) {
      const t = tasks[i]!;
      loc[i + 1] = inst.taskLocation[t]!;
      if (p.taskLinkStart[t + 1]! > p.taskLinkStart[t]!) linked = true;
      assignment += p.assignment(t, r);
    }
    loc[n + 1] = inst.routeEndLocation[r]!;
    this.fD[0] = 0;
    this.fTW[0] = 0;
    this.fE[0] = this.es;
    this.fL[0] = this.le;
    this.cumCost[0] = 0;
    this.cumWork[0] = 0;
    this.cumLoad[0] = 0;
    this.cumService[0] = 0;
    this.sEnd[0] = this.es;
    this.cumSched[0] = 0;
    this.forward(p, effE, effL, 1);
    this.bD[n + 1] = 0;
    this.bTW[n + 1] = 0;
    this.bE[n + 1] = this.es;
    this.bL[n + 1] = this.le;
    this.backward(p, effE, effL, n);
    this.assignment = assignment;
    this.linked = linked;
  }

  /**
   * Inserts task `t` before index `pos` of `tasks` and updates the caches: prefixes from the new
   * node on, suffixes up to it (the suffixes after it only shift), about half a full refresh.
   */
  insertAt(p: Problem, effE: Float64Array, effL: Float64Array, pos: number, t: number): void {
    const old = this.tasks.length;
    this.tasks.splice(pos, 0, t);
    if (old + 3 > this.capacity) {
      this.refresh(p, effE, effL);
      return;
    }
    const k = pos + 1;
    const end = old + 2;
    this.loc.copyWithin(k + 1, k, end);
    this.bD.copyWithin(k + 1, k, end);
    this.bTW.copyWithin(k + 1, k, end);
    this.bE.copyWithin(k + 1, k, end);
    this.bL.copyWithin(k + 1, k, end);
    this.loc[k] = p.inst.taskLocation[t]!;
    this.forward(p, effE, effL, k);
    this.backward(p, effE, effL, k);
    this.assignment += p.assignment(t, this.index);
    if (p.taskLinkStart[t + 1]! > p.taskLinkStart[t]!) this.linked = true;
  }

  /** Prefix caches of nodes `from..n+1` from those of node `from - 1`; `loc` must be current. */
  private forward(p: Problem, effE: Float64Array, effL: Float64Array, from: number): void {
    const inst = p.inst;
    const r = this.index;
    const tasks = this.tasks;
    const n = tasks.length;
    const time = p.routeTime[r]!;
    const cost = p.routeCost[r]!;
    const { loc, fD, fTW, fE, fL, cumCost, cumWork, cumLoad, cumService } = this;
    const schedule = p.walk;
    if (schedule) {
      const k = from - 1;
      const worker = inst.routeWorker[r]!;
      walk
        .onRoute(inst, p.soft, time, worker)
        .from(loc[k]!, this.sEnd[k]!, k === 0, this.cumSched[k]!);
    }
    const { es, le } = this;
    seg.set(fD[from - 1]!, fTW[from - 1]!, fE[from - 1]!, fL[from - 1]!);
    for (let i = from; i <= n + 1; i++) {
      const prev = loc[i - 1]!;
      const here = loc[i]!;
      const travel = time.at(prev, here);
      let service = 0;
      let e = es;
      let l = le;
      let demand = 0;
      if (i <= n) {
        const t = tasks[i - 1]!;
        service = inst.taskService[t]!;
        e = effE[t]!;
        l = effL[t]!;
        demand = inst.taskDemand[t]!;
      }
      // prefix(i-1) ⊕ stop i.
      seg.appendStop(travel, service, e, l);
      fD[i] = seg.d;
      fTW[i] = seg.tw;
      fE[i] = seg.e;
      fL[i] = seg.l;
      cumCost[i] = cumCost[i - 1]! + cost.at(prev, here);
      cumWork[i] = cumWork[i - 1]! + travel + service;
      cumLoad[i] = cumLoad[i - 1]! + demand;
      cumService[i] = cumService[i - 1]! + service;
      if (schedule && i <= n) {
        this.sStart[i] = walk.visit(tasks[i - 1]!, e);
        this.sEnd[i] = walk.clock;
        this.cumSched[i] = walk.cost;
      }
    }
    this.sched = p.schedule ? this.cumSched[n]! : 0;
    if (p.worstLate) this.lateness(p, from, n);
    if (n === 0) {
      this.cost = 0;
      this.work = 0;
      this.travel = 0;
      this.ret = Number.NaN;
      this.dep = Number.NaN;
    } else {
      this.ret = schedule ? this.sEnd[n]! + time.at(loc[n]!, loc[n + 1]!) : Number.NaN;
      this.dep = fL[n + 1]!;
      this.cost = cumCost[n + 1]!;
      this.work = cumWork[n + 1]!;
      this.travel = this.work - cumService[n + 1]!;
    }
    this.load = cumLoad[n + 1]!;
    this.retFree = this.ret;
    this.planBreak(p, effE, effL);
  }

  /** With breaks placed by the search, plans the break of a route whose work needs one. */
  private planBreak(p: Problem, effE: Float64Array, effL: Float64Array): void {
    const breaks = p.breaks;
    const n = this.tasks.length;
    this.needsBreak =
      breaks !== null && breaks.routeLimit[this.index]! >= 0 && owesBreak(breaks, this.work);
    this.breakStart = Number.NaN;
    this.breakFails = false;
    if (!this.needsBreak) return;
    const inst = p.inst;
    const ok = plan.run(
      inst,
      p.soft,
      breaks!,
      this.index,
      this.tasks,
      n,
      this.es,
      this.le,
      effE,
      effL,
      true,
    );
    this.breakFails = !ok;
    this.breakStart = plan.breakStart;
    this.sched = p.schedule ? plan.cost : 0;
    if (p.walk) this.ret = plan.ret;
    if (p.worstLate) this.late = plan.late;
    this.dep = ok ? plan.dep : Number.NaN;
  }

  /**
   * Largest lateness caches: prefixes from node `from` on, and every suffix, since a change at
   * `from` can move any later start.
   */
  private lateness(p: Problem, from: number, n: number): void {
    const soft = p.soft!;
    const { tasks, sStart, fLate, bLate } = this;
    fLate[0] = 0;
    for (let i = from; i <= n; i++) {
      const late = latenessOf(soft, tasks[i - 1]!, sStart[i]!);
      fLate[i] = late > fLate[i - 1]! ? late : fLate[i - 1]!;
    }
    bLate[n + 1] = 0;
    for (let i = n; i >= 1; i--) {
      const late = latenessOf(soft, tasks[i - 1]!, sStart[i]!);
      bLate[i] = late > bLate[i + 1]! ? late : bLate[i + 1]!;
    }
    this.late = fLate[n]!;
  }

  /** Suffix caches of nodes `from` down to 0 from those of node `from + 1`. */
  private backward(p: Problem, effE: Float64Array, effL: Float64Array, from: number): void {
    const inst = p.inst;
    const r = this.index;
    const tasks = this.tasks;
    const time = p.routeTime[r]!;
    const { loc, bD, bTW, bE, bL, es, le } = this;
    for (let i = from; i >= 0; i--) {
      const here = loc[i]!;
      const next = loc[i + 1]!;
      const travel = time.at(here, next);
      let service = 0;
      let e = es;
      let l = le;
      if (i >= 1) {
        const t = tasks[i - 1]!;
        service = inst.taskService[t]!;
        e = effE[t]!;
        l = effL[t]!;
      }
      // stop i ⊕ suffix(i+1).
      seg.set(service, 0, e, l).append(travel, bD[i + 1]!, bTW[i + 1]!, bE[i + 1]!, bL[i + 1]!);
      bD[i] = seg.d;
      bTW[i] = seg.tw;
      bE[i] = seg.e;
      bL[i] = seg.l;
    }
  }

  /**
   * Change of the schedule's soft cost when task `u` (earliest start `e`) is inserted after
   * node `i`. Only the stops from the new one on are replayed, and only until a start time
   * comes out as before: from there on the schedule is unchanged. The route's return after the
   * insertion goes to {@link replayReturn}; with each day's largest lateness priced, its largest
   * lateness goes to `trialLate`.
   */
  insertScheduleDelta(p: Problem, effE: Float64Array, i: number, u: number, e: number): number {
    if (p.worstLate) return this.insertLateDelta(p, effE, i, u, e);
    const inst = p.inst;
    const r = this.index;
    const n = this.tasks.length;
    const old = this.cumSched[n]! - this.cumSched[i]!;
    const time = p.routeTime[r]!;
    walk
      .onRoute(inst, p.soft, time, inst.routeWorker[r]!)
      .from(this.loc[i]!, this.sEnd[i]!, i === 0, 0);
    walk.visit(u, e);
    for (let j = i + 1; j <= n; j++) {
      const t = this.tasks[j - 1]!;
      if (walk.visit(t, effE[t]!) === this.sStart[j]) {
        this.replayReturn = this.retFree;
        return walk.cost + this.cumSched[n]! - this.cumSched[j]! - old;
      }
    }
    this.replayReturn = walk.clock + time.at(walk.at, this.loc[n + 1]!);
    return walk.cost - old;
  }

  /** {@link insertScheduleDelta} that also follows the largest lateness into `trialLate`. */
  private insertLateDelta(p: Problem, effE: Float64Array, i: number, u: number, e: number): number {
    const inst = p.inst;
    const soft = p.soft!;
    const r = this.index;
    const n = this.tasks.length;
    const old = this.cumSched[n]! - this.cumSched[i]!;
    const time = p.routeTime[r]!;
    walk
      .onRoute(inst, soft, time, inst.routeWorker[r]!)
      .from(this.loc[i]!, this.sEnd[i]!, i === 0, 0);
    let late = this.fLate[i]!;
    const lu = latenessOf(soft, u, walk.visit(u, e));
    if (lu > late) late = lu;
    for (let j = i + 1; j <= n; j++) {
      const t = this.tasks[j - 1]!;
      const start = walk.visit(t, effE[t]!);
      if (start === this.sStart[j]) {
        this.trialLate = this.bLate[j]! > late ? this.bLate[j]! : late;
        this.replayReturn = this.retFree;
        return walk.cost + this.cumSched[n]! - this.cumSched[j]! - old;
      }
      const lt = latenessOf(soft, t, start);
      if (lt > late) late = lt;
    }
    this.trialLate = late;
    this.replayReturn = walk.clock + time.at(walk.at, this.loc[n + 1]!);
    return walk.cost - old;
  }

  /**
   * Change of the schedule's soft cost if the route left no earlier than `es` instead of
   * {@link es}, its tasks unchanged; its return then goes to {@link replayReturn}, and its
   * largest lateness (0 unless priced) to `trialLate`. Replayed from
   * the first stop until a start comes out as before.
   */
  departureDelta(p: Problem, effE: Float64Array, effL: Float64Array, es: number): number {
    const inst = p.inst;
    const r = this.index;
    const n = this.tasks.length;
    if (this.needsBreak) {
      plan.run(inst, p.soft, p.breaks!, r, this.tasks, n, es, this.le, effE, effL, false);
      this.replayReturn = plan.ret;
      this.trialLate = p.worstLate ? plan.late : 0;
      return (p.schedule ? plan.cost : 0) - this.sched;
    }
    const time = p.routeTime[r]!;
    const soft = p.soft;
    const worstLate = p.worstLate;
    let late = 0;
    walk.onRoute(inst, soft, time, inst.routeWorker[r]!).from(this.loc[0]!, es, true, 0);
    for (let j = 1; j <= n; j++) {
      const t = this.tasks[j - 1]!;
      const start = walk.visit(t, effE[t]!);
      if (start === this.sStart[j]) {
        this.replayReturn = this.retFree;
        this.trialLate = this.bLate[j]! > late ? this.bLate[j]! : late;
        return walk.cost - this.cumSched[j]!;
      }
      if (worstLate) {
        const lt = latenessOf(soft!, t, start);
        if (lt > late) late = lt;
      }
    }
    this.trialLate = late;
    this.replayReturn = walk.clock + time.at(walk.at, this.loc[n + 1]!);
    return walk.cost - this.cumSched[n]!;
  }

  /** Time warp of the whole route (0 when time-feasible). */
  get timeWarp(): number {
    if (this.breakFails) return 1;
    return this.fTW[this.tasks.length + 1]!;
  }

  private grow(size: number): void {
    this.capacity = size;
    this.loc = new Int32Array(size);
    this.fD = new Float64Array(size);
    this.fTW = new Float64Array(size);
    this.fE = new Float64Array(size);
    this.fL = new Float64Array(size);
    this.bD = new Float64Array(size);
    this.bTW = new Float64Array(size);
    this.bE = new Float64Array(size);
    this.bL = new Float64Array(size);
    this.cumCost = new Float64Array(size);
    this.cumWork = new Float64Array(size);
    this.cumLoad = new Float64Array(size);
    this.cumService = new Float64Array(size);
    this.sStart = new Float64Array(size);
    this.sEnd = new Float64Array(size);
    this.cumSched = new Float64Array(size);
    this.fLate = new Float64Array(size);
    this.bLate = new Float64Array(size);
  }
}
