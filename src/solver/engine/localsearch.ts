/**
 * Local search over granular neighbourhoods (each task against its nearest tasks): relocate,
 * swap, or-opt (strings of 2-3) and 2-opt* (tail exchange), first improvement. Every candidate
 * route is evaluated in O(1 + moved stops) by joining a cached prefix segment, the moved stops
 * and a cached suffix segment, so no route is rebuilt unless a move improves.
 */
import { workerFree, workFitsTwo } from './insertion.js';
import type { Problem } from './problem.js';
import type { Rng } from './rng.js';
import type { Route } from './route.js';
import { Segment } from './segment.js';
import { stopCost } from './soft.js';
import type { Solution } from './solution.js';

/** Cost, work, travel time, load and schedule cost of a candidate route ({@link evalRoute}). */
class RouteEval {
  cost = 0;
  work = 0;
  travel = 0;
  load = 0;
  sched = 0;
}

const seg = new Segment();

/**
 * Evaluates the route for `r` made of nodes `0..a` of route `x`, the tasks `mids[0..nMids)` and
 * nodes `b..end` of route `y`. The prefix must come from a route with `r`'s start (x === r or a
 * compatible route) and the suffix from one with `r`'s end. Returns false when it breaks time or
 * capacity; compatibility, links and work limits are the caller's.
 */
function evalRoute(
  sol: Solution,
  r: number,
  x: number,
  a: number,
  mids: readonly number[],
  nMids: number,
  y: number,
  b: number,
  out: RouteEval,
): boolean {
  const p = sol.p;
  const inst = p.inst;
  const rx = sol.routes[x]!;
  const ry = sol.routes[y]!;
  const ny = ry.tasks.length;
  const eps = p.eps;
  if (a === 0 && nMids === 0 && b === ny + 1) {
    out.cost = 0;
    out.work = 0;
    out.travel = 0;
    out.load = 0;
    out.sched = 0;
    return true;
  }
  const nl = inst.nLocations;
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
    const tt = time[last * nl + l]!;
    const s = inst.taskService[t]!;
    seg.appendStop(tt, s, sol.effE[t]!, sol.effL[t]!);
    if (seg.tw > eps) return false;
    c += cost[last * nl + l]!;
    w += tt + s;
    service += s;
    load += inst.taskDemand[t]!;
    last = l;
  }
  const first = ry.loc[b]!;
  const tt = time[last * nl + first]!;
  seg.append(tt, ry.bD[b]!, ry.bTW[b]!, ry.bE[b]!, ry.bL[b]!);
  if (seg.tw > eps) return false;
  const serviceB = b <= ny ? inst.taskService[ry.tasks[b - 1]!]! : 0;
  load += ry.cumLoad[ny + 1]! - ry.cumLoad[b - 1]!;
  if (load > inst.routeCapacity[r]! + eps) return false;
  out.cost = c + cost[last * nl + first]! + ry.cumCost[ny + 1]! - ry.cumCost[b]!;
  out.work = w + tt + ry.cumWork[ny + 1]! - ry.cumWork[b]! + serviceB;
  out.load = load;
  out.travel = out.work - service - (ry.cumService[ny + 1]! - ry.cumService[b - 1]!);
  out.sched = p.schedule ? scheduleCost(sol, r, rx, a, mids, nMids, ry, b) : 0;
  return true;
}

/**
 * Soft cost of the earliest schedule of the route `r` built by {@link evalRoute} (its prefix is
 * always route `r`'s own, so its cached schedule holds). Suffix stops are replayed until one
 * starts as it did before, when the suffix comes from `r` itself.
 */
function scheduleCost(
  sol: Solution,
  r: number,
  rx: Route,
  a: number,
  mids: readonly number[],
  nMids: number,
  ry: Route,
  b: number,
): number {
  const p = sol.p;
  const inst = p.inst;
  const soft = p.soft!;
  const worker = inst.routeWorker[r]!;
  const time = p.routeTime[r]!;
  const nl = inst.nLocations;
  const effE = sol.effE;
  let cost = rx.cumSched[a]!;
  let clock = rx.sEnd[a]!;
  let at = rx.loc[a]!;
  let first = a === 0;
  for (let k = 0; k < nMids; k++) {
    const t = mids[k]!;
    const here = inst.taskLocation[t]!;
    const arrival = clock + time[at * nl + here]!;
    const start = arrival > effE[t]! ? arrival : effE[t]!;
    const service = inst.taskService[t]!;
    cost += stopCost(soft, t, worker, start, service, first ? -1 : start - arrival);
    first = false;
    clock = start + service;
    at = here;
  }
  const ny = ry.tasks.length;
  const own = ry.index === r;
  for (let j = b; j <= ny; j++) {
    const t = ry.tasks[j - 1]!;
    const here = ry.loc[j]!;
    const arrival = clock + time[at * nl + here]!;
    const start = arrival > effE[t]! ? arrival : effE[t]!;
    const service = inst.taskService[t]!;
    cost += stopCost(soft, t, worker, start, service, first ? -1 : start - arrival);
    if (own && !first && start === ry.sStart[j]) return cost + ry.cumSched[ny]! - ry.cumSched[j]!;
    first = false;
    clock = start + service;
    at = here;
  }
  return cost;
}

/** Local search state: scratch buffers and the neighbourhood size. */
export class LocalSearch {
  private readonly sol: Solution;
  private readonly p: Problem;
  private readonly e1 = new RouteEval();
  private readonly e2 = new RouteEval();
  private readonly mids1: number[] = [];
  private readonly mids2: number[] = [];
  private readonly order: number[] = [];
  /** Whether every task may go on every route (skips per-task checks on 2-opt* tails). */
  private readonly everywhere: boolean;
  /** Routes whose ends and travel profile agree, so tails can move between them. */
  private readonly endClass: Int32Array;
  private readonly startClass: Int32Array;
  /**
   * Whether the instance has soft terms besides travel and assignment: a move that costs travel
   * may still pay, so the travel-only shortcuts are off.
   */
  private readonly soft: boolean;
  /** Neighbours per task tried. */
  granularity = 12;
  /** Moves applied by the last run. */
  moves = 0;

  constructor(sol: Solution) {
    this.sol = sol;
    this.p = sol.p;
    this.soft = this.p.soft !== null;
    const inst = this.p.inst;
    let everywhere = true;
    const full = inst.nRoutes % 32 === 0 ? 0xffffffff : (1 << (inst.nRoutes % 32)) - 1;
    for (let t = 0; t < inst.nTasks && everywhere; t++) {
      for (let w = 0; w < inst.routeWords; w++) {
        const mask = w === inst.routeWords - 1 ? full : 0xffffffff;
        if ((inst.allowed[t * inst.routeWords + w]! & mask) >>> 0 !== mask >>> 0) {
          everywhere = false;
        }
      }
    }
    this.everywhere = everywhere;
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

  /**
   * Applies improving moves until none is left among the neighbourhoods of the tasks (of
   * `focus`, or all) or `maxMoves` were made.
   * Returns the number of moves applied.
   */
  run(
    rng: Rng,
    focus: readonly number[] | null = null,
    maxMoves = Number.POSITIVE_INFINITY,
  ): number {
    const sol = this.sol;
    const p = this.p;
    const order = this.order;
    order.length = 0;
    if (focus === null) {
      for (let t = 0; t < p.nTasks; t++) if (sol.taskRoute[t]! >= 0) order.push(t);
    } else {
      for (const t of focus) order.push(t);
    }
    rng.shuffle(order);
    this.moves = 0;
    const k = p.neighbourCount;
    const g = Math.min(this.granularity, k);
    let improved = true;
    while (improved && this.moves < maxMoves) {
      improved = false;
      for (const u of order) {
        if (sol.taskRoute[u]! < 0) continue;
        for (let i = 0; i < g; i++) {
          const v = p.neighbours[u * k + i]!;
          if (sol.taskRoute[v]! < 0) continue;
          if (this.tryPair(u, v)) {
            improved = true;
            this.moves++;
            if (this.moves >= maxMoves) return this.moves;
          }
        }
      }
    }
    return this.moves;
  }

  /** Tries the moves relating u and v; applies the first improving one. */
  private tryPair(u: number, v: number): boolean {
    const sol = this.sol;
    const r1 = sol.taskRoute[u]!;
    const r2 = sol.taskRoute[v]!;
    const i = sol.taskPos[u]! + 1;
    const j = sol.taskPos[v]! + 1;
    if (r1 !== r2) {
      return (
        this.relocate(u, r1, i, r2, j) ||
        this.relocate(u, r1, i, r2, j - 1) ||
        this.swap(u, r1, i, v, r2, j) ||
        this.orOpt(r1, i, 2, r2, j) ||
        this.orOpt(r1, i, 3, r2, j) ||
        this.twoOptStar(r1, i, r2, j - 1) ||
        this.twoOptStar(r1, i - 1, r2, j)
      );
    }
    return (
      this.relocateIntra(r1, i, 1, j) ||
      this.relocateIntra(r1, i, 1, j - 1) ||
      this.swapIntra(r1, i, j)
    );
  }

  /** Whether the tasks of route `from` at nodes `a..b` may all go on route `to`. */
  private canHost(from: number, a: number, b: number, to: number): boolean {
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
  private continuityDelta(from: number, a: number, b: number, to: number, c = 1, d = 0): number {
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

  private asgDelta(from: number, a: number, b: number, to: number): number {
    if (this.p.inst.assignmentCost === null) return 0;
    const route = this.sol.routes[from]!;
    let d = 0;
    for (let n = a; n <= b; n++) {
      const t = route.tasks[n - 1]!;
      d += this.p.assignment(t, to) - this.p.assignment(t, from);
    }
    return d;
  }

  /** Cost change of replacing route `r` by the candidate in `e1`. */
  private intraDelta(r: number): number {
    const route = this.sol.routes[r]!;
    const e = this.e1;
    let delta = e.cost - route.cost;
    if (this.soft) {
      delta +=
        e.sched -
        route.sched +
        this.sol.targetDelta(r, e.work - route.work, e.travel - route.travel, -1, 0, 0);
    }
    return delta;
  }

  /** Applies a two-route change after the evaluation succeeded. */
  private apply(r1: number, tasks1: number[], r2: number, tasks2: number[]): void {
    const sol = this.sol;
    sol.setTasks(r1, tasks1);
    sol.setTasks(r2, tasks2);
    sol.refreshRoute(r1);
    sol.refreshRoute(r2);
  }

  /** Whether the changes of cost and work of two routes improve and fit the work limits. */
  private accept(r1: number, r2: number, asg: number): boolean {
    const sol = this.sol;
    const a = sol.routes[r1]!;
    const b = sol.routes[r2]!;
    let delta = this.e1.cost - a.cost + this.e2.cost - b.cost + asg;
    const w1 = this.e1.work - a.work;
    const w2 = this.e2.work - b.work;
    if (this.soft) {
      delta +=
        this.e1.sched -
        a.sched +
        this.e2.sched -
        b.sched +
        sol.targetDelta(r1, w1, this.e1.travel - a.travel, r2, w2, this.e2.travel - b.travel);
    }
    if (delta >= -this.p.eps) return false;
    if ((w1 > 0 || w2 > 0) && !workFitsTwo(sol, r1, w1, r2, w2)) return false;
    return true;
  }

  /** Moves the task at node i of r1 to just after node j of r2 (r1 !== r2). */
  private relocate(u: number, r1: number, i: number, r2: number, j: number): boolean {
    const sol = this.sol;
    const p = this.p;
    const inst = p.inst;
    const ra = sol.routes[r1]!;
    const rb = sol.routes[r2]!;
    const nl = inst.nLocations;
    const c1 = p.routeCost[r1]!;
    const c2 = p.routeCost[r2]!;
    const lu = inst.taskLocation[u]!;
    // Cheap cost bound before any feasibility work.
    const n1 = ra.tasks.length;
    const removed =
      n1 === 1
        ? -ra.cost
        : c1[ra.loc[i - 1]! * nl + ra.loc[i + 1]!]! -
          c1[ra.loc[i - 1]! * nl + lu]! -
          c1[lu * nl + ra.loc[i + 1]!]!;
    const x = rb.loc[j]!;
    const y = rb.loc[j + 1]!;
    const added =
      rb.tasks.length === 0
        ? c2[x * nl + lu]! + c2[lu * nl + y]!
        : c2[x * nl + lu]! + c2[lu * nl + y]! - c2[x * nl + y]!;
    const asg = p.assignment(u, r2) - p.assignment(u, r1);
    if (!this.soft && removed + added + asg >= -p.eps) return false;
    if (!p.allowed(u, r2) || !workerFree(sol, u, r2)) return false;
    if (rb.load + inst.taskDemand[u]! > inst.routeCapacity[r2]! + p.eps) return false;
    const mids = this.mids1;
    mids[0] = u;
    if (!evalRoute(sol, r2, r2, j, mids, 1, r2, j + 1, this.e2)) return false;
    if (!evalRoute(sol, r1, r1, i - 1, mids, 0, r1, i + 1, this.e1)) return false;
    if (!this.accept(r1, r2, asg + this.continuityDelta(r1, i, i, r2))) return false;
    const t1 = ra.tasks.slice();
    t1.splice(i - 1, 1);
    const t2 = rb.tasks.slice();
    t2.splice(j, 0, u);
    this.apply(r1, t1, r2, t2);
    return true;
  }

  /** Exchanges the task at node i of r1 with the task at node j of r2 (r1 !== r2). */
  private swap(u: number, r1: number, i: number, v: number, r2: number, j: number): boolean {
    const sol = this.sol;
    const p = this.p;
    const inst = p.inst;
    const ra = sol.routes[r1]!;
    const rb = sol.routes[r2]!;
    const nl = inst.nLocations;
    const c1 = p.routeCost[r1]!;
    const c2 = p.routeCost[r2]!;
    const lu = inst.taskLocation[u]!;
    const lv = inst.taskLocation[v]!;
    const a0 = ra.loc[i - 1]!;
    const a1 = ra.loc[i + 1]!;
    const b0 = rb.loc[j - 1]!;
    const b1 = rb.loc[j + 1]!;
    const asg =
      p.assignment(u, r2) - p.assignment(u, r1) + p.assignment(v, r1) - p.assignment(v, r2);
    const delta =
      c1[a0 * nl + lv]! +
      c1[lv * nl + a1]! -
      c1[a0 * nl + lu]! -
      c1[lu * nl + a1]! +
      c2[b0 * nl + lu]! +
      c2[lu * nl + b1]! -
      c2[b0 * nl + lv]! -
      c2[lv * nl + b1]! +
      asg;
    if (!this.soft && delta >= -p.eps) return false;
    if (!p.allowed(u, r2) || !p.allowed(v, r1)) return false;
    if (!workerFree(sol, u, r2) || !workerFree(sol, v, r1)) return false;
    const mids = this.mids1;
    mids[0] = v;
    if (!evalRoute(sol, r1, r1, i - 1, mids, 1, r1, i + 1, this.e1)) return false;
    mids[0] = u;
    if (!evalRoute(sol, r2, r2, j - 1, mids, 1, r2, j + 1, this.e2)) return false;
    if (!this.accept(r1, r2, asg + this.continuityDelta(r1, i, i, r2, j, j))) return false;
    const t1 = ra.tasks.slice();
    t1[i - 1] = v;
    const t2 = rb.tasks.slice();
    t2[j - 1] = u;
    this.apply(r1, t1, r2, t2);
    return true;
  }

  /** Moves `len` consecutive tasks from node i of r1 to just after node j of r2 (r1 !== r2). */
  private orOpt(r1: number, i: number, len: number, r2: number, j: number): boolean {
    const sol = this.sol;
    const p = this.p;
    const inst = p.inst;
    const ra = sol.routes[r1]!;
    const rb = sol.routes[r2]!;
    const n1 = ra.tasks.length;
    if (i + len - 1 > n1) return false;
    const nl = inst.nLocations;
    const c1 = p.routeCost[r1]!;
    const c2 = p.routeCost[r2]!;
    const first = ra.loc[i]!;
    const last = ra.loc[i + len - 1]!;
    const inner = ra.cumCost[i + len - 1]! - ra.cumCost[i]!;
    const removed =
      n1 === len
        ? -ra.cost
        : c1[ra.loc[i - 1]! * nl + ra.loc[i + len]!]! -
          c1[ra.loc[i - 1]! * nl + first]! -
          c1[last * nl + ra.loc[i + len]!]! -
          inner;
    const x = rb.loc[j]!;
    const y = rb.loc[j + 1]!;
    // Inner arcs priced on r1's profile; exact when profiles agree, re-checked by evalRoute.
    const added =
      c2[x * nl + first]! +
      c2[last * nl + y]! +
      inner -
      (rb.tasks.length === 0 ? 0 : c2[x * nl + y]!);
    const asg = this.asgDelta(r1, i, i + len - 1, r2);
    if (!this.soft && removed + added + asg >= -p.eps) return false;
    if (!this.canHost(r1, i, i + len - 1, r2)) return false;
    const mids = this.mids1;
    for (let k = 0; k < len; k++) mids[k] = ra.tasks[i - 1 + k]!;
    if (!evalRoute(sol, r2, r2, j, mids, len, r2, j + 1, this.e2)) return false;
    if (!evalRoute(sol, r1, r1, i - 1, mids, 0, r1, i + len, this.e1)) return false;
    if (!this.accept(r1, r2, asg + this.continuityDelta(r1, i, i + len - 1, r2))) return false;
    const t1 = ra.tasks.slice();
    const moved = t1.splice(i - 1, len);
    const t2 = rb.tasks.slice();
    t2.splice(j, 0, ...moved);
    this.apply(r1, t1, r2, t2);
    return true;
  }

  /**
   * 2-opt*: r1 keeps nodes 0..i and takes r2's tail from node j + 1; r2 keeps 0..j and takes
   * r1's tail from i + 1. Only between routes with the same end and travel profile.
   */
  private twoOptStar(r1: number, i: number, r2: number, j: number): boolean {
    const sol = this.sol;
    const p = this.p;
    if (this.endClass[r1] !== this.endClass[r2] || this.startClass[r1] !== this.startClass[r2]) {
      return false;
    }
    const ra = sol.routes[r1]!;
    const rb = sol.routes[r2]!;
    const n1 = ra.tasks.length;
    const n2 = rb.tasks.length;
    if (i < 0 || j < 0 || i > n1 || j > n2) return false;
    const nl = p.inst.nLocations;
    const c = p.routeCost[r1]!;
    const delta0 =
      c[ra.loc[i]! * nl + rb.loc[j + 1]!]! +
      c[rb.loc[j]! * nl + ra.loc[i + 1]!]! -
      c[ra.loc[i]! * nl + ra.loc[i + 1]!]! -
      c[rb.loc[j]! * nl + rb.loc[j + 1]!]!;
    // Routes that become empty drop their depot arcs too; evalRoute prices that exactly.
    if (!this.soft && delta0 >= -p.eps && !(i === 0 && j === n2) && !(j === 0 && i === n1)) {
      return false;
    }
    if (!this.canHost(r2, j + 1, n2, r1) || !this.canHost(r1, i + 1, n1, r2)) return false;
    if (!evalRoute(sol, r1, r1, i, this.mids1, 0, r2, j + 1, this.e1)) return false;
    if (!evalRoute(sol, r2, r2, j, this.mids1, 0, r1, i + 1, this.e2)) return false;
    const asg =
      this.asgDelta(r2, j + 1, n2, r1) +
      this.asgDelta(r1, i + 1, n1, r2) +
      this.continuityDelta(r1, i + 1, n1, r2, j + 1, n2);
    if (!this.accept(r1, r2, asg)) return false;
    const t1 = ra.tasks.slice(0, i).concat(rb.tasks.slice(j));
    const t2 = rb.tasks.slice(0, j).concat(ra.tasks.slice(i));
    this.apply(r1, t1, r2, t2);
    return true;
  }

  /** Moves `len` tasks from node i to just after node j of the same route. */
  private relocateIntra(r: number, i: number, len: number, j: number): boolean {
    const sol = this.sol;
    const p = this.p;
    const inst = p.inst;
    const route = sol.routes[r]!;
    const n = route.tasks.length;
    if (j >= i - 1 && j <= i + len - 1) return false;
    if (i + len - 1 > n) return false;
    const nl = inst.nLocations;
    const c = p.routeCost[r]!;
    const loc = route.loc;
    const first = loc[i]!;
    const last = loc[i + len - 1]!;
    const delta =
      c[loc[i - 1]! * nl + loc[i + len]!]! -
      c[loc[i - 1]! * nl + first]! -
      c[last * nl + loc[i + len]!]! +
      c[loc[j]! * nl + first]! +
      c[last * nl + loc[j + 1]!]! -
      c[loc[j]! * nl + loc[j + 1]!]!;
    if (!this.soft && delta >= -p.eps) return false;
    const mids = this.mids1;
    const tasks = route.tasks;
    let m = 0;
    let a: number;
    let b: number;
    if (j > i) {
      // prefix(i-1) + nodes i+len..j + moved + suffix(j+1)
      a = i - 1;
      b = j + 1;
      for (let k = i + len; k <= j; k++) mids[m++] = tasks[k - 1]!;
      for (let k = 0; k < len; k++) mids[m++] = tasks[i - 1 + k]!;
    } else {
      // prefix(j) + moved + nodes j+1..i-1 + suffix(i+len)
      a = j;
      b = i + len;
      for (let k = 0; k < len; k++) mids[m++] = tasks[i - 1 + k]!;
      for (let k = j + 1; k <= i - 1; k++) mids[m++] = tasks[k - 1]!;
    }
    if (!evalRoute(sol, r, r, a, mids, m, r, b, this.e1)) return false;
    const dw = this.e1.work - route.work;
    if (dw > 0 && !workFitsTwo(sol, r, dw, r, 0)) return false;
    if (this.intraDelta(r) >= -p.eps) return false;
    const next = tasks.slice(0, a).concat(mids.slice(0, m), tasks.slice(b - 1));
    sol.setTasks(r, next);
    sol.refreshRoute(r);
    return true;
  }

  /** Exchanges the tasks at nodes i and j of the same route. */
  private swapIntra(r: number, i: number, j: number): boolean {
    if (i === j) return false;
    const sol = this.sol;
    const p = this.p;
    const route = sol.routes[r]!;
    const lo = Math.min(i, j);
    const hi = Math.max(i, j);
    const nl = p.inst.nLocations;
    const c = p.routeCost[r]!;
    const loc = route.loc;
    const x = loc[lo]!;
    const y = loc[hi]!;
    let delta: number;
    if (hi === lo + 1) {
      delta =
        c[loc[lo - 1]! * nl + y]! +
        c[y * nl + x]! +
        c[x * nl + loc[hi + 1]!]! -
        c[loc[lo - 1]! * nl + x]! -
        c[x * nl + y]! -
        c[y * nl + loc[hi + 1]!]!;
    } else {
      delta =
        c[loc[lo - 1]! * nl + y]! +
        c[y * nl + loc[lo + 1]!]! +
        c[loc[hi - 1]! * nl + x]! +
        c[x * nl + loc[hi + 1]!]! -
        c[loc[lo - 1]! * nl + x]! -
        c[x * nl + loc[lo + 1]!]! -
        c[loc[hi - 1]! * nl + y]! -
        c[y * nl + loc[hi + 1]!]!;
    }
    if (!this.soft && delta >= -p.eps) return false;
    const tasks = route.tasks;
    const mids = this.mids1;
    let m = 0;
    mids[m++] = tasks[hi - 1]!;
    for (let k = lo + 1; k < hi; k++) mids[m++] = tasks[k - 1]!;
    mids[m++] = tasks[lo - 1]!;
    if (!evalRoute(sol, r, r, lo - 1, mids, m, r, hi + 1, this.e1)) return false;
    const dw = this.e1.work - route.work;
    if (dw > 0 && !workFitsTwo(sol, r, dw, r, 0)) return false;
    if (this.intraDelta(r) >= -p.eps) return false;
    const next = tasks.slice();
    next[lo - 1] = tasks[hi - 1]!;
    next[hi - 1] = tasks[lo - 1]!;
    sol.setTasks(r, next);
    sol.refreshRoute(r);
    return true;
  }
}
