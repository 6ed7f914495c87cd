/**
 * The mutable search state: routes with their caches, where each task is, the pinned start
 * times of placed linked tasks, running totals, and an undo log so a rejected ruin-and-recreate
 * step costs only the routes it touched.
 *
 * Over 450 lines, kept as one file: it is one state whose parts change together in one refresh
 * (a route's refresh moves the totals, the continuity counts and the bounds the rest between
 * days puts on the worker's other routes, which refresh those routes in turn; the undo log holds
 * the bounds back until every route is restored); split apart, each part would write the
 * others' fields.
 */
import type { Problem } from './problem.js';
import { DayLateness } from './day-lateness.js';
import { Route } from './route.js';
import { continuityCostOf, targetCost } from './soft.js';

/** `taskRoute` of a task on no route. Code outside may test `< 0`, which also covers {@link LEAVING}. */
export const UNPLACED = -1;
/** `taskRoute` of a task {@link Solution.removeTasks} is taking off its route, for that call only. */
const LEAVING = -2;
/** A task counted under no worker in the continuity counts (unplaced). */
const NO_WORKER = -1;
/** The `r2` of {@link Solution.targetDelta} for a change of one route only. */
export const NO_ROUTE = -1;

/** A frozen copy of a solution's assignment, enough to rebuild its state. */
export interface Snapshot {
  readonly routes: number[][];
  /** Effective windows (pinned times of placed linked tasks). */
  readonly effE: Float64Array;
  readonly effL: Float64Array;
  readonly cost: number;
  readonly nUnplaced: number;
}

export class Solution {
  readonly p: Problem;
  readonly routes: Route[];
  /** Route of each task, {@link UNPLACED} when unplaced. */
  readonly taskRoute: Int32Array;
  /** Index of each task within its route's `tasks`. */
  readonly taskPos: Int32Array;
  /**
   * Effective time window of each task: its own window, or `[t, t]` while a linked task is
   * placed with its start pinned at `t`.
   */
  readonly effE: Float64Array;
  readonly effL: Float64Array;
  /** Summed work of the routes of each limit. */
  readonly limitWork: Float64Array;
  /** Summed measure (work or travel) of the routes of each soft target. */
  readonly targetSum: Float64Array;
  travelCost = 0;
  assignmentCost = 0;
  /** Soft terms: schedule costs of the routes, target costs and continuity costs. */
  softCost = 0;
  /** Each day's largest lateness, when priced (else null). */
  readonly worst: DayLateness | null;
  /** Distinct workers serving each continuity group. */
  readonly distinctWorkers: Int32Array;
  /** Whether the instance has continuity groups. */
  private readonly continuity: boolean;
  /** Tasks counted per (continuity group, worker), keyed `group * nWorkers + worker`. */
  private readonly served = new Map<number, number>();
  /** The worker each task is counted under in `served`, {@link NO_WORKER} when none. */
  private readonly countedWorker: Int32Array;
  /** Hypothetical recounts made by {@link trialMove}, as (task, from, to) triples. */
  private readonly trialLog: number[] = [];
  unplacedPenalty = 0;
  nUnplaced = 0;
  /** Non-empty routes per (worker, day), `worker * nDays + day`, for the days-in-a-row rule. */
  private readonly dayUsed: Int32Array;
  /** Whether each route had tasks at its last refresh. */
  private readonly used: Uint8Array;
  /** Whether days in a row are limited: read once, {@link runFits} runs for every insertion tried. */
  private readonly runLimit: boolean;
  /** While set, a refresh does not move the bounds of the routes coupled to it by the rest. */
  private hold = false;
  /** Scratch of {@link restKnockOn}: routes whose return changes, with the new returns. */
  private readonly knockRoutes: number[] = [];
  private readonly knockReturns: number[] = [];
  private readonly knockQueue: number[] = [];
  /** Scratch of {@link restKnockOn}: routes whose largest lateness changes, with the new ones. */
  private readonly knockLateRoutes: number[] = [];
  private readonly knockLates: number[] = [];

  // Undo log of the current transaction.
  private inTx = false;
  private readonly touchedMark: Uint8Array;
  private readonly touched: number[] = [];
  private readonly savedTasks: number[][] = [];
  private readonly pinLog: number[] = [];
  private savedPenalty = 0;
  private savedUnplaced = 0;

  constructor(p: Problem) {
    this.p = p;
    const inst = p.inst;
    this.routes = [];
    for (let r = 0; r < p.nRoutes; r++) {
      this.routes.push(new Route(r, inst.routeEarliestStart[r]!, inst.routeLatestEnd[r]!));
    }
    this.dayUsed = new Int32Array(p.days.active ? inst.nWorkers * p.days.nDays : 0);
    this.used = new Uint8Array(p.nRoutes);
    this.runLimit = Number.isFinite(p.days.maxRun);
    this.taskRoute = new Int32Array(p.nTasks).fill(UNPLACED);
    this.taskPos = new Int32Array(p.nTasks).fill(-1);
    this.effE = Float64Array.from(inst.taskEarliest);
    this.effL = Float64Array.from(inst.taskLatest);
    this.limitWork = new Float64Array(inst.nLimits);
    this.targetSum = new Float64Array(p.soft?.nTargets ?? 0);
    this.distinctWorkers = new Int32Array(p.soft?.nContinuity ?? 0);
    this.continuity = (p.soft?.nContinuity ?? 0) > 0;
    this.countedWorker = new Int32Array(p.nTasks).fill(NO_WORKER);
    this.touchedMark = new Uint8Array(p.nRoutes);
    this.worst = p.worstLate ? new DayLateness(p.soft!, p.nRoutes) : null;
    for (const route of this.routes) route.refresh(p, this.effE, this.effL);
    if (p.soft !== null) {
      for (let k = 0; k < p.soft.nTargets; k++) this.softCost += targetCost(p.soft, k, 0);
    }
    for (let t = 0; t < p.nTasks; t++) this.unplacedPenalty += inst.taskUnplacedPenalty[t]!;
    this.nUnplaced = p.nTasks;
  }

  /** The objective: travel cost + assignment cost + soft terms + penalties of unplaced tasks. */
  get cost(): number {
    return this.travelCost + this.assignmentCost + this.softCost + this.unplacedPenalty;
  }

  /**
   * Change of the target costs when route `r1`'s work and travel change by `dw1` and `dt1` and
   * route `r2`'s by `dw2` and `dt2` (pass `r2 = NO_ROUTE` for a one-route change).
   */
  targetDelta(r1: number, dw1: number, dt1: number, r2: number, dw2: number, dt2: number): number {
    const p = this.p;
    const soft = p.soft;
    if (soft === null) return 0;
    let delta = 0;
    const starts = p.routeTargetStart;
    const targets = p.routeTargets;
    for (let i = starts[r1]!; i < starts[r1 + 1]!; i++) {
      const k = targets[i]!;
      let add = soft.targetMeasure[k] === 0 ? dw1 : dt1;
      if (r2 >= 0) {
        for (let j = starts[r2]!; j < starts[r2 + 1]!; j++) {
          if (targets[j] === k) add += soft.targetMeasure[k] === 0 ? dw2 : dt2;
        }
      }
      if (add === 0) continue;
      const sum = this.targetSum[k]!;
      delta += targetCost(soft, k, sum + add) - targetCost(soft, k, sum);
    }
    if (r2 < 0) return delta;
    outer: for (let j = starts[r2]!; j < starts[r2 + 1]!; j++) {
      const k = targets[j]!;
      for (let i = starts[r1]!; i < starts[r1 + 1]!; i++) if (targets[i] === k) continue outer;
      const add = soft.targetMeasure[k] === 0 ? dw2 : dt2;
      if (add === 0) continue;
      const sum = this.targetSum[k]!;
      delta += targetCost(soft, k, sum + add) - targetCost(soft, k, sum);
    }
    return delta;
  }

  /**
   * Counts task `t` for worker `w` in its continuity groups (`sign` 1) or stops counting it
   * (`sign` -1); returns the change of continuity cost.
   */
  private count(t: number, w: number, sign: 1 | -1): number {
    const soft = this.p.soft!;
    const nWorkers = this.p.inst.nWorkers;
    let delta = 0;
    for (let i = soft.taskContinuityStart[t]!; i < soft.taskContinuityStart[t + 1]!; i++) {
      const g = soft.taskContinuity[i]!;
      const key = g * nWorkers + w;
      const before = this.served.get(key) ?? 0;
      const after = before + sign;
      if (after === 0) this.served.delete(key);
      else this.served.set(key, after);
      if (before === 0 || after === 0) {
        const distinct = this.distinctWorkers[g]!;
        const next = distinct + (after === 0 ? -1 : 1);
        this.distinctWorkers[g] = next;
        delta += continuityCostOf(soft, g, next) - continuityCostOf(soft, g, distinct);
      }
    }
    return delta;
  }

  /** Counts task `t` under worker `w` ({@link NO_WORKER}: not at all), keeping `softCost` current. */
  private recount(t: number, w: number): void {
    const old = this.countedWorker[t]!;
    if (old === w) return;
    if (old >= 0) this.softCost += this.count(t, old, -1);
    if (w >= 0) this.softCost += this.count(t, w, 1);
    this.countedWorker[t] = w;
  }

  /**
   * Prices a hypothetical change: task `t` served by worker `w` (-1: unplaced) instead of its
   * current one. Returns the change of continuity cost; successive calls add up, as if all the
   * changes were made. {@link trialUndo} forgets them. 0 without continuity groups.
   */
  trialMove(t: number, w: number): number {
    if (!this.continuity) return 0;
    const from = this.countedWorker[t]!;
    if (from === w) return 0;
    let delta = 0;
    if (from >= 0) delta += this.count(t, from, -1);
    if (w >= 0) delta += this.count(t, w, 1);
    this.countedWorker[t] = w;
    this.trialLog.push(t, from, w);
    return delta;
  }

  /** Undoes every {@link trialMove} since the last undo. */
  trialUndo(): void {
    const log = this.trialLog;
    for (let i = log.length - 3; i >= 0; i -= 3) {
      const t = log[i]!;
      const from = log[i + 1]!;
      const to = log[i + 2]!;
      if (to >= 0) this.count(t, to, -1);
      if (from >= 0) this.count(t, from, 1);
      this.countedWorker[t] = from;
    }
    log.length = 0;
  }

  /** Starts recording changes so that {@link rollback} can undo them. */
  begin(): void {
    this.inTx = true;
    this.savedPenalty = this.unplacedPenalty;
    this.savedUnplaced = this.nUnplaced;
  }

  /** Keeps the changes since {@link begin}. */
  commit(): void {
    for (const r of this.touched) this.touchedMark[r] = 0;
    this.touched.length = 0;
    this.savedTasks.length = 0;
    this.pinLog.length = 0;
    this.inTx = false;
  }

  /** Undoes the changes since {@link begin}. */
  rollback(): void {
    const log = this.pinLog;
    for (let i = log.length - 3; i >= 0; i -= 3) {
      const t = log[i]!;
      this.effE[t] = log[i + 1]!;
      this.effL[t] = log[i + 2]!;
    }
    const dropped: number[] = [];
    for (const r of this.touched) {
      for (const t of this.routes[r]!.tasks) {
        this.taskRoute[t] = UNPLACED;
        if (this.continuity) dropped.push(t);
      }
    }
    // Bounds across days follow once every route has its tasks back: a refresh in between would
    // re-place the tasks of a route not yet restored.
    this.hold = true;
    for (let i = 0; i < this.touched.length; i++) {
      const r = this.touched[i]!;
      this.routes[r]!.tasks = this.savedTasks[i]!;
      this.touchedMark[r] = 0;
      this.refreshRoute(r);
    }
    this.hold = false;
    if (this.p.days.rest > 0) for (const r of this.touched) this.resettle(r);
    // Tasks placed during the transaction that were unplaced before it.
    for (const t of dropped) if (this.taskRoute[t] === UNPLACED) this.recount(t, NO_WORKER);
    this.unplacedPenalty = this.savedPenalty;
    this.nUnplaced = this.savedUnplaced;
    this.touched.length = 0;
    this.savedTasks.length = 0;
    this.pinLog.length = 0;
    this.inTx = false;
  }

  /** Records route `r` in the undo log before its first change of the transaction. */
  touch(r: number): void {
    if (!this.inTx || this.touchedMark[r] === 1) return;
    this.touchedMark[r] = 1;
    this.touched.push(r);
    this.savedTasks.push(this.routes[r]!.tasks.slice());
  }

  /** Sets a task's effective window (pinning a linked task's start), logged for rollback. */
  setWindow(t: number, e: number, l: number): void {
    if (this.inTx) this.pinLog.push(t, this.effE[t]!, this.effL[t]!);
    this.effE[t] = e;
    this.effL[t] = l;
  }

  /** Recomputes route `r`'s caches and the totals that depend on it. */
  refreshRoute(r: number, insertPos = -1, inserted = -1): void {
    const p = this.p;
    const route = this.routes[r]!;
    // Locals, not a record kept per route: the rest between days can refresh this very route
    // again below (a later day's route it moves moves its latest return), before `oldDep` is read.
    const oldCost = route.cost;
    const oldAsg = route.assignment;
    const oldWork = route.work;
    const oldTravel = route.travel;
    const oldSched = route.sched;
    const oldRet = route.ret;
    const oldDep = route.dep;
    if (insertPos >= 0) route.insertAt(p, this.effE, this.effL, insertPos, inserted);
    else route.refresh(p, this.effE, this.effL);
    this.travelCost += route.cost - oldCost;
    this.assignmentCost += route.assignment - oldAsg;
    const dw = route.work - oldWork;
    if (p.soft !== null) {
      const dt = route.travel - oldTravel;
      this.softCost += route.sched - oldSched + this.targetDelta(r, dw, dt, NO_ROUTE, 0, 0);
      if (this.worst !== null) this.softCost += this.worst.update(this.routes, r);
      const soft = p.soft;
      for (let i = p.routeTargetStart[r]!; i < p.routeTargetStart[r + 1]!; i++) {
        const k = p.routeTargets[i]!;
        this.targetSum[k]! += soft.targetMeasure[k] === 0 ? dw : dt;
      }
    }
    if (dw !== 0) {
      for (let i = p.routeLimitStart[r]!; i < p.routeLimitStart[r + 1]!; i++) {
        this.limitWork[p.routeLimits[i]!]! += dw;
      }
    }
    const tasks = route.tasks;
    for (let i = insertPos < 0 ? 0 : insertPos; i < tasks.length; i++) {
      const t = tasks[i]!;
      this.taskRoute[t] = r;
      this.taskPos[t] = i;
    }
    if (this.continuity) {
      const w = p.inst.routeWorker[r]!;
      if (insertPos >= 0) this.recount(inserted, w);
      else for (const t of tasks) this.recount(t, w);
    }
    const days = p.days;
    if (!days.active) return;
    const usedNow = tasks.length > 0 ? 1 : 0;
    const usedChanged = usedNow !== this.used[r];
    if (usedChanged) {
      this.used[r] = usedNow;
      this.dayUsed[p.inst.routeWorker[r]! * days.nDays + days.day[r]!]! += usedNow === 1 ? 1 : -1;
    }
    if (days.rest === 0 || this.hold) return;
    // NaN (an empty route) compares unequal to itself, which only costs a needless look.
    if (usedChanged || route.ret !== oldRet) {
      for (let i = days.laterStart[r]!; i < days.laterStart[r + 1]!; i++) {
        this.settleStart(days.later[i]!);
      }
    }
    if (usedChanged || route.dep !== oldDep) {
      for (let i = days.earlierStart[r]!; i < days.earlierStart[r + 1]!; i++) {
        this.settleEnd(days.earlier[i]!);
      }
    }
  }

  /**
   * Earliest departure of route `r` the rest allows: its own, or the latest return of its
   * worker's non-empty routes on earlier days plus the rest.
   */
  startBound(r: number): number {
    const days = this.p.days;
    let es = this.p.inst.routeEarliestStart[r]!;
    for (let i = days.earlierStart[r]!; i < days.earlierStart[r + 1]!; i++) {
      const a = this.routes[days.earlier[i]!]!;
      if (a.tasks.length > 0 && a.ret + days.rest > es) es = a.ret + days.rest;
    }
    return es;
  }

  /**
   * Latest return of route `r` the rest allows: its own, or the earliest latest departure of its
   * worker's non-empty routes on later days less the rest.
   */
  endBound(r: number): number {
    const days = this.p.days;
    let le = this.p.inst.routeLatestEnd[r]!;
    for (let i = days.laterStart[r]!; i < days.laterStart[r + 1]!; i++) {
      const b = this.routes[days.later[i]!]!;
      if (b.tasks.length > 0 && b.dep - days.rest < le) le = b.dep - days.rest;
    }
    return le;
  }

  /** Moves route `r`'s earliest departure to its bound, refreshing it (and on) if it moved. */
  private settleStart(r: number): void {
    const es = this.startBound(r);
    const route = this.routes[r]!;
    if (es === route.es) return;
    route.es = es;
    this.refreshRoute(r);
  }

  /** Moves route `r`'s latest return to its bound, refreshing it (and on) if it moved. */
  private settleEnd(r: number): void {
    const le = this.endBound(r);
    const route = this.routes[r]!;
    if (le === route.le) return;
    route.le = le;
    this.refreshRoute(r);
  }

  /**
   * Gives each route of `routes` its task list from `tasks` (same order) at once, as
   * {@link rollback} does: bounds across days follow only when every route has its tasks, so
   * a move undone route by route leaves no bound derived from a half-restored state.
   */
  setRoutes(routes: readonly number[], tasks: readonly number[][]): void {
    this.hold = true;
    for (let i = 0; i < routes.length; i++) {
      this.setTasks(routes[i]!, tasks[i]!);
      this.refreshRoute(routes[i]!);
    }
    this.hold = false;
    if (this.p.days.rest > 0) for (const r of routes) this.resettle(r);
  }

  /** Re-derives the bounds of route `r` and of the routes the rest couples to it. */
  private resettle(r: number): void {
    const days = this.p.days;
    this.settleStart(r);
    this.settleEnd(r);
    for (let i = days.laterStart[r]!; i < days.laterStart[r + 1]!; i++) {
      this.settleStart(days.later[i]!);
    }
    for (let i = days.earlierStart[r]!; i < days.earlierStart[r + 1]!; i++) {
      this.settleEnd(days.earlier[i]!);
    }
  }

  /**
   * Bounds of every route from scratch (after its tasks were set wholesale): latest returns
   * from the last day backwards, then earliest departures from the first day on. A latest
   * departure does not depend on the earliest departure of a feasible route, so one pass each
   * way suffices.
   */
  private settleAll(): void {
    const p = this.p;
    const order = p.days.byDay;
    this.hold = true;
    for (let k = order.length - 1; k >= 0; k--) {
      const r = order[k]!;
      const route = this.routes[r]!;
      route.es = p.inst.routeEarliestStart[r]!;
      route.le = this.endBound(r);
      this.refreshRoute(r);
    }
    for (let k = 0; k < order.length; k++) {
      const r = order[k]!;
      const route = this.routes[r]!;
      const es = this.startBound(r);
      if (es === route.es) continue;
      route.es = es;
      this.refreshRoute(r);
    }
    this.hold = false;
  }

  /**
   * Whether a task may go on route `r` as far as days in a row go: the route has tasks already,
   * or its worker works that day already, or the run of worked days it would join stays within
   * the limit.
   */
  runFits(r: number): boolean {
    if (!this.runLimit || this.routes[r]!.tasks.length > 0) return true;
    const days = this.p.days;
    const base = this.p.inst.routeWorker[r]! * days.nDays;
    const d = days.day[r]!;
    if (this.dayUsed[base + d]! > 0) return true;
    let run = 1;
    for (let k = d - 1; k >= 0 && this.dayUsed[base + k]! > 0; k--) run++;
    for (let k = d + 1; k < days.nDays && this.dayUsed[base + k]! > 0; k++) run++;
    return run <= days.maxRun;
  }

  /**
   * Change of the schedule cost of other routes when route `r1` would return at `ret1` and
   * route `r2` (or {@link NO_ROUTE}) at `ret2` (NaN: left empty): a later day's route of the
   * same worker may then leave at another time, and so on down the week. 0 without schedule
   * terms or rest. With each day's largest lateness priced, `late1` / `late2` are the largest
   * lateness of `r1` / `r2` after the move, and the change of that term beyond what
   * `worst.delta(r1, late1, r2, late2)` prices (the routes down the week) is included.
   */
  restKnockOn(r1: number, ret1: number, r2: number, ret2: number, late1 = 0, late2 = 0): number {
    const p = this.p;
    const days = p.days;
    if (days.rest === 0 || !p.schedule) return 0;
    const ls = days.laterStart;
    if (ls[r1 + 1] === ls[r1] && (r2 < 0 || ls[r2 + 1] === ls[r2])) return 0;
    const inst = p.inst;
    const changed = this.knockRoutes;
    const returns = this.knockReturns;
    const queue = this.knockQueue;
    changed.length = 0;
    returns.length = 0;
    queue.length = 0;
    changed.push(r1);
    returns.push(ret1);
    if (r2 >= 0) {
      changed.push(r2);
      returns.push(ret2);
    }
    for (const r of changed) {
      for (let i = ls[r]!; i < ls[r + 1]!; i++) {
        const b = days.later[i]!;
        if (!queue.includes(b) && !changed.includes(b)) queue.push(b);
      }
    }
    const worst = this.worst;
    const lateRoutes = this.knockLateRoutes;
    const lates = this.knockLates;
    lateRoutes.length = 0;
    lates.length = 0;
    let delta = 0;
    while (queue.length > 0) {
      // Earliest day first: a route's bound is priced after every change before it.
      let pick = 0;
      for (let k = 1; k < queue.length; k++) {
        if (days.day[queue[k]!]! < days.day[queue[pick]!]!) pick = k;
      }
      const b = queue[pick]!;
      queue[pick] = queue[queue.length - 1]!;
      queue.length--;
      const route = this.routes[b]!;
      if (route.tasks.length === 0) continue;
      let es = inst.routeEarliestStart[b]!;
      for (let i = days.earlierStart[b]!; i < days.earlierStart[b + 1]!; i++) {
        const a = days.earlier[i]!;
        const k = changed.indexOf(a);
        const ret =
          k >= 0 ? returns[k]! : this.routes[a]!.tasks.length > 0 ? this.routes[a]!.ret : NaN;
        if (ret + days.rest > es) es = ret + days.rest;
      }
      if (es === route.es) continue;
      delta += route.departureDelta(p, this.effE, this.effL, es);
      if (worst !== null && route.trialLate !== route.late) {
        lateRoutes.push(b);
        lates.push(route.trialLate);
      }
      const ret = route.replayReturn;
      if (ret === route.ret) continue;
      changed.push(b);
      returns.push(ret);
      for (let i = ls[b]!; i < ls[b + 1]!; i++) {
        const c = days.later[i]!;
        if (!queue.includes(c) && !changed.includes(c)) queue.push(c);
      }
    }
    if (worst !== null && lateRoutes.length > 0) {
      // Priced together with the moved routes, since they may share a day with them.
      const base = worst.delta(r1, late1, r2, late2);
      lateRoutes.push(r1);
      lates.push(late1);
      if (r2 >= 0) {
        lateRoutes.push(r2);
        lates.push(late2);
      }
      delta += worst.deltaMany(lateRoutes, lates) - base;
    }
    return delta;
  }

  /**
   * Inserts unplaced task `t` into route `r` before index `pos` of its tasks. `pinned` (not NaN)
   * fixes the start of a linked task.
   */
  insert(t: number, r: number, pos: number, pinned = Number.NaN): void {
    this.touch(r);
    if (!Number.isNaN(pinned)) this.setWindow(t, pinned, pinned);
    this.taskRoute[t] = r;
    this.unplacedPenalty -= this.p.inst.taskUnplacedPenalty[t]!;
    this.nUnplaced--;
    this.refreshRoute(r, pos, t);
  }

  /**
   * Removes the given placed tasks (callers pass whole link groups) and refreshes the routes
   * that lost tasks. Pinned windows of linked tasks are released.
   */
  removeTasks(list: readonly number[]): void {
    const inst = this.p.inst;
    const affected: number[] = [];
    for (const t of list) {
      const r = this.taskRoute[t]!;
      if (r < 0) continue;
      this.touch(r);
      if (!affected.includes(r)) affected.push(r);
      this.taskRoute[t] = LEAVING;
      this.unplacedPenalty += inst.taskUnplacedPenalty[t]!;
      this.nUnplaced++;
      if (this.p.taskLinkStart[t + 1]! > this.p.taskLinkStart[t]!) {
        this.setWindow(t, inst.taskEarliest[t]!, inst.taskLatest[t]!);
      }
    }
    for (const r of affected) {
      const route = this.routes[r]!;
      route.tasks = route.tasks.filter((t) => this.taskRoute[t] !== LEAVING);
    }
    for (const t of list) {
      if (this.taskRoute[t] === LEAVING) {
        this.taskRoute[t] = UNPLACED;
        this.taskPos[t] = -1;
        if (this.continuity) this.recount(t, NO_WORKER);
      }
    }
    for (const r of affected) this.refreshRoute(r);
  }

  /**
   * Removes, whole link group by whole link group, the last stops of every route that owes a
   * break it cannot hold (a ruin took the stops around it away), until each holds its break or
   * owes none; returns the tasks removed.
   */
  releaseBrokenBreaks(): number[] {
    const p = this.p;
    const released: number[] = [];
    // A group's other tasks may leave another route short of its break: over again until none.
    let again = true;
    while (again) {
      again = false;
      for (const route of this.routes) {
        while (route.needsBreak && route.timeWarp > p.eps && route.tasks.length > 0) {
          const g = p.groupOf[route.tasks[route.tasks.length - 1]!]!;
          const group: number[] = [];
          for (let i = p.groupStart[g]!; i < p.groupStart[g + 1]!; i++) {
            const t = p.groupTasks[i]!;
            if (this.taskRoute[t]! >= 0) group.push(t);
          }
          this.removeTasks(group);
          released.push(...group);
          again = true;
        }
      }
    }
    return released;
  }

  /** Replaces route `r`'s task list wholesale (used by local search moves). */
  setTasks(r: number, tasks: number[]): void {
    this.touch(r);
    this.routes[r]!.tasks = tasks;
  }

  /** A frozen copy of the current assignment. */
  snapshot(): Snapshot {
    return {
      routes: this.routes.map((route) => route.tasks.slice()),
      effE: this.effE.slice(),
      effL: this.effL.slice(),
      cost: this.cost,
      nUnplaced: this.nUnplaced,
    };
  }

  /** Makes this state equal to `snap`. */
  restore(snap: Snapshot): void {
    const inst = this.p.inst;
    this.effE.set(snap.effE);
    this.effL.set(snap.effL);
    this.taskRoute.fill(UNPLACED);
    this.taskPos.fill(-1);
    this.unplacedPenalty = 0;
    this.nUnplaced = 0;
    this.hold = true;
    for (let r = 0; r < this.routes.length; r++) {
      this.routes[r]!.tasks = snap.routes[r]!.slice();
      this.refreshRoute(r);
    }
    this.hold = false;
    if (this.p.days.rest > 0) this.settleAll();
    for (let t = 0; t < this.p.nTasks; t++) {
      if (this.taskRoute[t] === UNPLACED) {
        this.unplacedPenalty += inst.taskUnplacedPenalty[t]!;
        this.nUnplaced++;
      }
    }
    // Totals drift by rounding over many incremental updates; resum them exactly.
    this.resum();
  }

  /** Recomputes running totals from the routes, removing accumulated rounding drift. */
  resum(): void {
    const p = this.p;
    const soft = p.soft;
    let travel = 0;
    let asg = 0;
    let sched = 0;
    this.limitWork.fill(0);
    this.targetSum.fill(0);
    for (const route of this.routes) {
      travel += route.cost;
      asg += route.assignment;
      sched += route.sched;
      const r = route.index;
      for (let i = p.routeLimitStart[r]!; i < p.routeLimitStart[r + 1]!; i++) {
        this.limitWork[p.routeLimits[i]!]! += route.work;
      }
      if (soft === null) continue;
      for (let i = p.routeTargetStart[r]!; i < p.routeTargetStart[r + 1]!; i++) {
        const k = p.routeTargets[i]!;
        this.targetSum[k]! += soft.targetMeasure[k] === 0 ? route.work : route.travel;
      }
    }
    if (soft !== null) {
      for (let k = 0; k < soft.nTargets; k++) sched += targetCost(soft, k, this.targetSum[k]!);
    }
    if (this.worst !== null) {
      this.worst.recount(this.routes);
      sched += this.worst.total();
    }
    if (this.continuity) {
      this.served.clear();
      this.distinctWorkers.fill(0);
      this.countedWorker.fill(NO_WORKER);
      for (const route of this.routes) {
        const w = p.inst.routeWorker[route.index]!;
        for (const t of route.tasks) {
          this.count(t, w, 1);
          this.countedWorker[t] = w;
        }
      }
      for (let g = 0; g < soft!.nContinuity; g++) {
        sched += continuityCostOf(soft!, g, this.distinctWorkers[g]!);
      }
    }
    this.travelCost = travel;
    this.assignmentCost = asg;
    this.softCost = sched;
  }
}
