/**
 * The cost-of-change evaluator shared by every local-search move: it prices a {@link Proposal}
 * in O(1 + moved stops) by joining the route's cached prefix segment, the moved stops and a cached
 * suffix segment, adds the changes of assignment, continuity and target costs, and checks the
 * work limits, so each move only says which candidate routes it makes.
 */
import { allowedEverywhere } from '../allowed-table.js';
import { BreakPlan, owesBreak } from '../break-plan.js';
import { workerFree, workFitsTwo } from '../insertion.js';
import type { Problem } from '../problem.js';
import type { Route } from '../route.js';
import { Segment } from '../segment.js';
import { latenessOf, stopCost } from '../soft.js';
import { NO_ROUTE, type Solution } from '../solution.js';
import { Proposal } from './proposal.js';

const seg = new Segment();

/** Prices candidate routes against a solution's current routes. */
export class MoveEvaluator {
  readonly sol: Solution;
  readonly p: Problem;
  /** The candidate for the move's first route (the only one of a one-route move). */
  readonly first = new Proposal();
  /** The candidate for a two-route move's second route. */
  readonly second = new Proposal();
  /**
   * The change of the objective the last improving evaluation found. Kept in a field rather than
   * returned, so the hot path passes no floating-point number out of a call (which boxes it).
   */
  delta = 0;
  /**
   * Whether the instance has soft terms besides travel and assignment: a move that costs travel
   * may still pay, so the moves' travel-only shortcuts are off.
   */
  readonly soft: boolean;
  /** Whether every task may go on every route (skips per-task checks on 2-opt* tails). */
  private readonly everywhere: boolean;
  /** Scratch for a candidate planned with its break. */
  private readonly candidate: number[] = [];
  private readonly plan = new BreakPlan();
  /** Routes whose ends and travel profile agree, so tails can move between them. */
  private readonly endClass: Int32Array;
  private readonly startClass: Int32Array;
  /**
   * Whether the rest between days can narrow a route's bounds, so that routes of one class may
   * still end differently. Read once: {@link sameEnds} runs for every 2-opt* tried.
   */
  private readonly restBounds: boolean;
  /** Whether two routes of one worker on different days can meet in a move (rules across days). */
  private readonly acrossDays: boolean;

  constructor(sol: Solution) {
    this.sol = sol;
    this.p = sol.p;
    this.soft = this.p.soft !== null;
    const inst = this.p.inst;
    this.everywhere = allowedEverywhere(inst);
    this.restBounds = this.p.days.rest > 0;
    this.acrossDays = this.p.days.active;
    const classes = (key: (r: number) => string): Int32Array => {
      const ids = new Map<string, number>();
      return Int32Array.from({ length: inst.nRoutes }, (_, r) => {
        const k = key(r);
        if (!ids.has(k)) ids.set(k, ids.size);
        return ids.get(k)!;
      });
    };
    this.endClass = classes(
      (r) => `${inst.routeProfile[r]}|${inst.routeEndLocation[r]}|${inst.routeLatestEnd[r]}`,
    );
    this.startClass = classes(
      (r) => `${inst.routeProfile[r]}|${inst.routeStartLocation[r]}|${inst.routeEarliestStart[r]}`,
    );
  }

  /** Whether routes `r1` and `r2` share start, end, hours and travel profile (2-opt* needs it). */
  sameEnds(r1: number, r2: number): boolean {
    if (this.endClass[r1] !== this.endClass[r2] || this.startClass[r1] !== this.startClass[r2]) {
      return false;
    }
    if (!this.restBounds) return true;
    // Bounds the rest between days narrowed differently make the ends differ too.
    const a = this.sol.routes[r1]!;
    const b = this.sol.routes[r2]!;
    return a.es === b.es && a.le === b.le;
  }

  /**
   * Prices `prop`, writing its totals into it. Returns false when it breaks time or capacity;
   * compatibility, links and work limits are the caller's.
   */
  fits(prop: Proposal): boolean {
    const { sol, p } = this;
    const { inst, eps } = p;
    const { route: r, prefixEnd: a, mids, nMids, suffixStart: b } = prop;
    const rx = sol.routes[r]!;
    const ry = sol.routes[prop.suffixRoute]!;
    const ny = ry.tasks.length;
    if (a === 0 && nMids === 0 && b === ny + 1) {
      prop.clearTotals();
      prop.empty = true;
      return true;
    }
    prop.empty = false;
    const time = p.routeTime[r]!;
    const cost = p.routeCost[r]!;
    seg.set(rx.fD[a]!, rx.fTW[a]!, rx.fE[a]!, rx.fL[a]!);
    let c = rx.cumCost[a]!;
    let w = rx.cumWork[a]!;
    let load = rx.cumLoad[a]!;
    let service = rx.cumService[a]!;
    let last = rx.loc[a]!;
    for (let k = 0; k < nMids; k++) {
      const t = mids[k]!;
      const l = inst.taskLocation[t]!;
      const tt = time.at(last, l);
      const s = inst.taskService[t]!;
      seg.appendStop(tt, s, sol.effE[t]!, sol.effL[t]!);
      if (seg.tw > eps) return false;
      c += cost.at(last, l);
      w += tt + s;
      service += s;
      load += inst.taskDemand[t]!;
      last = l;
    }
    const first = ry.loc[b]!;
    const tt = time.at(last, first);
    seg.append(tt, ry.bD[b]!, ry.bTW[b]!, ry.bE[b]!, ry.bL[b]!);
    if (seg.tw > eps) return false;
    const serviceB = b <= ny ? inst.taskService[ry.tasks[b - 1]!]! : 0;
    load += ry.cumLoad[ny + 1]! - ry.cumLoad[b - 1]!;
    if (load > inst.routeCapacity[r]! + eps) return false;
    prop.cost = c + cost.at(last, first) + ry.cumCost[ny + 1]! - ry.cumCost[b]!;
    prop.work = w + tt + ry.cumWork[ny + 1]! - ry.cumWork[b]! + serviceB;
    prop.load = load;
    prop.travel = prop.work - service - (ry.cumService[ny + 1]! - ry.cumService[b - 1]!);
    const breaks = p.breaks;
    if (breaks !== null && breaks.routeLimit[r]! >= 0 && owesBreak(breaks, prop.work)) {
      return this.fitsWithBreak(prop, rx, ry);
    }
    prop.sched = p.schedule ? this.scheduleCost(prop, rx, ry) : 0;
    return true;
  }

  /**
   * Prices `prop`, past the break threshold, on its whole schedule with the break placed
   * (`break-plan.ts`): false when the break cannot be placed. Its travel, work and load are
   * already set by {@link fits}; care routes are short, so the walk over all of it costs little.
   */
  private fitsWithBreak(prop: Proposal, rx: Route, ry: Route): boolean {
    const p = this.p;
    const tasks = this.candidate;
    tasks.length = 0;
    for (let k = 0; k < prop.prefixEnd; k++) tasks.push(rx.tasks[k]!);
    for (let k = 0; k < prop.nMids; k++) tasks.push(prop.mids[k]!);
    for (let k = prop.suffixStart - 1; k < ry.tasks.length; k++) tasks.push(ry.tasks[k]!);
    const sol = this.sol;
    const plan = this.plan;
    const ok = plan.run(
      p.inst,
      p.soft,
      p.breaks!,
      prop.route,
      tasks,
      tasks.length,
      rx.es,
      rx.le,
      sol.effE,
      sol.effL,
      false,
    );
    if (!ok) return false;
    prop.sched = p.schedule ? plan.cost : 0;
    prop.late = p.worstLate ? plan.late : 0;
    prop.ret = plan.ret;
    return true;
  }

  /**
   * Soft cost of the earliest schedule of `prop` (its prefix is its own route's, so that route's
   * cached schedule holds), whose prefix and suffix routes {@link fits} looked up as `rx` and
   * `ry`. Suffix stops are replayed until one starts as it did before, when the suffix comes
   * from the same route.
   */
  private scheduleCost(prop: Proposal, rx: Route, ry: Route): number {
    const { inst, worstLate } = this.p;
    const soft = this.p.soft!;
    const effE = this.sol.effE;
    const { route: r, prefixEnd: a, mids } = prop;
    const worker = inst.routeWorker[r]!;
    const time = this.p.routeTime[r]!;
    let late = worstLate ? rx.fLate[a]! : 0;
    let cost = rx.cumSched[a]!;
    let clock = rx.sEnd[a]!;
    let at = rx.loc[a]!;
    let first = a === 0;
    for (let k = 0; k < prop.nMids; k++) {
      const t = mids[k]!;
      const here = inst.taskLocation[t]!;
      const arrival = clock + time.at(at, here);
      const start = arrival > effE[t]! ? arrival : effE[t]!;
      const service = inst.taskService[t]!;
      cost += stopCost(soft, t, worker, start, service, first ? -1 : start - arrival);
      if (worstLate) late = Math.max(late, latenessOf(soft, t, start));
      first = false;
      clock = start + service;
      at = here;
    }
    const ny = ry.tasks.length;
    const own = ry.index === r;
    for (let j = prop.suffixStart; j <= ny; j++) {
      const t = ry.tasks[j - 1]!;
      const here = ry.loc[j]!;
      const arrival = clock + time.at(at, here);
      const start = arrival > effE[t]! ? arrival : effE[t]!;
      const service = inst.taskService[t]!;
      cost += stopCost(soft, t, worker, start, service, first ? -1 : start - arrival);
      if (own && !first && start === ry.sStart[j]) {
        prop.late = worstLate ? Math.max(late, ry.bLate[j]!) : 0;
        prop.ret = ry.retFree;
        return cost + ry.cumSched[ny]! - ry.cumSched[j]!;
      }
      if (worstLate) late = Math.max(late, latenessOf(soft, t, start));
      first = false;
      clock = start + service;
      at = here;
    }
    prop.late = late;
    prop.ret = clock + time.at(at, inst.routeEndLocation[r]!);
    return cost;
  }

  /** Whether the tasks of route `from` at nodes `a..b` may all go on route `to`. */
  canHost(from: number, a: number, b: number, to: number): boolean {
    const sol = this.sol;
    const route = sol.routes[from]!;
    if (this.everywhere && !route.linked) return true;
    for (let n = a; n <= b; n++) {
      const t = route.tasks[n - 1]!;
      if (!this.p.allowed(t, to) || !workerFree(sol, t, to)) return false;
    }
    return true;
  }

  /**
   * Change of continuity cost when the tasks at nodes `a..b` of route `from` go to route `to`'s
   * worker and those at nodes `c..d` of `to` go to `from`'s (none when `c > d`).
   */
  continuityDelta(from: number, a: number, b: number, to: number, c = 1, d = 0): number {
    if (!this.soft) return 0;
    const sol = this.sol;
    const inst = this.p.inst;
    const wFrom = inst.routeWorker[from]!;
    const wTo = inst.routeWorker[to]!;
    if (wFrom === wTo) return 0;
    let delta = 0;
    const fromTasks = sol.routes[from]!.tasks;
    for (let n = a; n <= b; n++) delta += sol.trialMove(fromTasks[n - 1]!, wTo);
    const toTasks = sol.routes[to]!.tasks;
    for (let n = c; n <= d; n++) delta += sol.trialMove(toTasks[n - 1]!, wFrom);
    sol.trialUndo();
    return delta;
  }

  /** Change of assignment cost when the tasks at nodes `a..b` of route `from` go to `to`. */
  asgDelta(from: number, a: number, b: number, to: number): number {
    if (this.p.inst.assignmentCost === null) return 0;
    const route = this.sol.routes[from]!;
    let d = 0;
    for (let n = a; n <= b; n++) {
      const t = route.tasks[n - 1]!;
      d += this.p.assignment(t, to) - this.p.assignment(t, from);
    }
    return d;
  }

  /**
   * Whether replacing {@link first}'s route by it (priced by {@link fits}) improves the objective
   * beyond rounding and keeps the work limits; the change goes to {@link delta}.
   */
  oneRouteImproves(): boolean {
    const sol = this.sol;
    const e = this.first;
    const r = e.route;
    const route = sol.routes[r]!;
    let delta = e.cost - route.cost;
    if (this.soft) {
      delta +=
        e.sched -
        route.sched +
        sol.targetDelta(r, e.work - route.work, e.travel - route.travel, NO_ROUTE, 0, 0);
      if (sol.worst !== null) delta += sol.worst.delta(r, e.late, NO_ROUTE, 0);
      delta += sol.restKnockOn(r, e.ret, NO_ROUTE, 0, e.late);
    }
    if (delta >= -this.p.eps) return false;
    const dw = e.work - route.work;
    if (dw > 0 && !workFitsTwo(sol, r, dw, r, 0, true)) return false;
    this.delta = delta;
    return true;
  }

  /**
   * Whether replacing the routes of {@link first} and {@link second} by them (both priced by
   * {@link fits}), plus `extra` (assignment and continuity changes), improves the objective
   * beyond rounding and keeps the work limits; the change goes to {@link delta}.
   */
  twoRouteImproves(extra: number): boolean {
    const sol = this.sol;
    const e1 = this.first;
    const e2 = this.second;
    const r1 = e1.route;
    const r2 = e2.route;
    // Two routes of one worker on different days bound each other through the rest, and each
    // was priced against the other as it is: never exchanged (care tasks are dated anyway).
    if (this.acrossDays && this.p.days.acrossDays(this.p.inst, r1, r2)) return false;
    const a = sol.routes[r1]!;
    const b = sol.routes[r2]!;
    let delta = e1.cost - a.cost + e2.cost - b.cost + extra;
    const w1 = e1.work - a.work;
    const w2 = e2.work - b.work;
    if (this.soft) {
      delta +=
        e1.sched -
        a.sched +
        e2.sched -
        b.sched +
        sol.targetDelta(r1, w1, e1.travel - a.travel, r2, w2, e2.travel - b.travel);
      if (sol.worst !== null) delta += sol.worst.delta(r1, e1.late, r2, e2.late);
      delta += sol.restKnockOn(r1, e1.ret, r2, e2.ret, e1.late, e2.late);
    }
    if (delta >= -this.p.eps) return false;
    if ((w1 > 0 || w2 > 0) && !workFitsTwo(sol, r1, w1, r2, w2, true)) return false;
    // A route that gains its first task adds a worked day.
    if (a.tasks.length === 0 && !e1.empty && !sol.runFits(r1)) return false;
    if (b.tasks.length === 0 && !e2.empty && !sol.runFits(r2)) return false;
    this.delta = delta;
    return true;
  }

  /** Replaces the task lists of two routes and refreshes their caches and the totals. */
  replace(r1: number, tasks1: number[], r2: number, tasks2: number[]): void {
    const sol = this.sol;
    sol.setTasks(r1, tasks1);
    sol.setTasks(r2, tasks2);
    sol.refreshRoute(r1);
    sol.refreshRoute(r2);
  }

  /** Replaces {@link first}'s route by it. */
  replaceByFirst(): void {
    const sol = this.sol;
    const r = this.first.route;
    sol.setTasks(r, this.first.tasks(sol));
    sol.refreshRoute(r);
  }
}
