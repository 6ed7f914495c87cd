/**
 * Pillar moves (after Timefold's pillar change move): a *pillar* is a set of tasks that share a
 * worker and belong together for continuity, such as one client's visits on one day or every date
 * of one recurring visit. A pillar change gives the whole set to another worker at once, each
 * task at its cheapest feasible place on that worker's routes. Moving visits one at a time meets
 * a plateau (a client's count of distinct carers falls only when a carer's last visit there
 * leaves), which a pillar change crosses in one step.
 *
 * A pillar change touches several routes of two workers on several days, so it is priced by
 * doing it: the tasks leave their routes, are inserted one by one (every insertion checked for
 * time, capacity, work limits, compatibility and link partners), the objective's running total
 * gives the exact change (travel, assignment, schedule, targets and continuity), and the change
 * is kept only when it improves, else undone route by route.
 */
import { bestInRoute, InsertionResult, workerFree, workSlack } from '../insertion.js';
import type { Problem } from '../problem.js';
import type { Solution } from '../solution.js';
import { continuitySwap } from './continuity-swap.js';
import type { MoveEvaluator } from './evaluator.js';

/**
 * Minutes in a day: routes are grouped into days by `floor(earliest start / MINUTES_PER_DAY)`,
 * the engine's clock starting at the horizon's first local midnight. A clock change can move a
 * shift that starts within an hour of midnight to the neighbouring day; that changes which tasks
 * a day pillar holds, never how a move is priced.
 */
const MINUTES_PER_DAY = 24 * 60;

/**
 * Workers tried as the receiver of a task's pillars: enough for a client's team (chosen teams
 * hold up to four) and the carers already serving them most, few enough that a task costs a
 * bounded number of trial moves.
 */
const MAX_RECEIVERS = 6;

/** One kind of pillar: which tasks go along with task `u` when its worker hands it on. */
export interface PillarMove {
  /** The move's name, as engine checks report it. */
  readonly name: string;
  /**
   * Writes into `out` the tasks that move with `u` (u included), all on `u`'s worker, and
   * returns how many; 0 when the pillar is empty or the same as a cheaper kind's.
   */
  collect(pillars: Pillars, u: number, out: Int32Array): number;
}

/**
 * The indexes pillar moves need (tasks per continuity group, routes per worker, the day of each
 * route) and the apply-measure-undo machinery they share. Built only for instances with
 * continuity groups.
 */
export class Pillars {
  readonly sol: Solution;
  readonly p: Problem;
  /** CSR: the tasks of each continuity group. */
  readonly groupStart: Int32Array;
  readonly groupTasks: Int32Array;
  /** Per task, its continuity group with the most tasks (the client's), or -1. */
  readonly widest: Int32Array;
  /** Per task, its continuity group with the fewest tasks (the recurring visit's), or -1. */
  readonly narrowest: Int32Array;
  /** CSR: the routes of each worker. */
  private readonly workerStart: Int32Array;
  readonly workerRoutes: Int32Array;
  /** Day of each route (see {@link MINUTES_PER_DAY}). */
  readonly routeDay: Int32Array;
  /** The change of the objective the last applied pillar move made. */
  delta = 0;
  /** Scratch: tasks of the pillar being tried, receivers of the task being tried. */
  private readonly moved: Int32Array;
  private readonly receivers = new Int32Array(MAX_RECEIVERS);
  /** Per task, 1 while it is part of the pillar being moved. */
  private readonly moving: Uint8Array;
  /** Routes changed by the move being tried, with their task lists before it. */
  private readonly touched: number[] = [];
  private readonly saved: number[][] = [];
  private readonly touchedMark: Uint8Array;
  /** Per worker, tasks of the group being scanned it serves (scratch, cleared after use). */
  private readonly servedBy: Int32Array;
  /** Per task, the workers with a negative assignment cost, cheapest first (lazily built). */
  private readonly favoured: (Int32Array | undefined)[];
  private readonly res = new InsertionResult();

  /** The evaluator the swap among pillar moves prices with. */
  private readonly ev: MoveEvaluator;

  constructor(sol: Solution, ev: MoveEvaluator) {
    this.sol = sol;
    this.ev = ev;
    const p = sol.p;
    this.p = p;
    const inst = p.inst;
    const soft = p.soft!;
    const nGroups = soft.nContinuity;
    const count = new Int32Array(nGroups + 1);
    for (let i = 0; i < soft.taskContinuity.length; i++) count[soft.taskContinuity[i]! + 1]!++;
    for (let g = 0; g < nGroups; g++) count[g + 1]! += count[g]!;
    this.groupStart = count.slice();
    this.groupTasks = new Int32Array(count[nGroups]!);
    const fill = count.slice();
    this.widest = new Int32Array(p.nTasks).fill(-1);
    this.narrowest = new Int32Array(p.nTasks).fill(-1);
    for (let t = 0; t < p.nTasks; t++) {
      for (let i = soft.taskContinuityStart[t]!; i < soft.taskContinuityStart[t + 1]!; i++) {
        const g = soft.taskContinuity[i]!;
        this.groupTasks[fill[g]!++] = t;
        const size = count[g + 1]! - count[g]!;
        const wide = this.widest[t]!;
        if (wide < 0 || size > count[wide + 1]! - count[wide]!) this.widest[t] = g;
        const narrow = this.narrowest[t]!;
        if (narrow < 0 || size < count[narrow + 1]! - count[narrow]!) this.narrowest[t] = g;
      }
    }
    const perWorker = new Int32Array(inst.nWorkers + 1);
    for (let r = 0; r < p.nRoutes; r++) perWorker[inst.routeWorker[r]! + 1]!++;
    for (let w = 0; w < inst.nWorkers; w++) perWorker[w + 1]! += perWorker[w]!;
    this.workerStart = perWorker.slice();
    this.workerRoutes = new Int32Array(p.nRoutes);
    const routeFill = perWorker.slice();
    for (let r = 0; r < p.nRoutes; r++) this.workerRoutes[routeFill[inst.routeWorker[r]!]!++] = r;
    this.routeDay = Int32Array.from(inst.routeEarliestStart, (start) =>
      Math.floor(start / MINUTES_PER_DAY),
    );
    let largest = 0;
    for (let g = 0; g < nGroups; g++) largest = Math.max(largest, count[g + 1]! - count[g]!);
    this.moved = new Int32Array(largest);
    this.moving = new Uint8Array(p.nTasks);
    this.touchedMark = new Uint8Array(p.nRoutes);
    this.servedBy = new Int32Array(inst.nWorkers);
    this.favoured = new Array<Int32Array | undefined>(p.nTasks);
  }

  /** Indexes `[first, last)` into {@link workerRoutes} of worker `w`'s routes. */
  routesOf(w: number): [number, number] {
    return [this.workerStart[w]!, this.workerStart[w + 1]!];
  }

  /** Worker whose route task `t` is on (the task must be placed). */
  workerOf(t: number): number {
    return this.p.inst.routeWorker[this.sol.taskRoute[t]!]!;
  }

  /** Writes into `out` the tasks of continuity group `g` on `worker`'s routes; returns how many. */
  collectServed(g: number, worker: number, out: Int32Array): number {
    const sol = this.sol;
    const routeWorker = this.p.inst.routeWorker;
    let n = 0;
    for (let i = this.groupStart[g]!; i < this.groupStart[g + 1]!; i++) {
      const t = this.groupTasks[i]!;
      const r = sol.taskRoute[t]!;
      if (r >= 0 && routeWorker[r] === worker) out[n++] = t;
    }
    return n;
  }

  /**
   * Tries each kind of `moves` for placed task `u` with each receiver (team members by rank,
   * then the workers already serving u's client most), then the continuity swap with that
   * receiver, applying the first that improves (its change in {@link delta}). Returns the name
   * of the move applied, or null.
   */
  improve(u: number, moves: readonly PillarMove[]): string | null {
    const sol = this.sol;
    const soft = this.p.soft!;
    const from = this.workerOf(u);
    const wide = this.widest[u]!;
    const narrow = this.narrowest[u]!;
    const over =
      sol.distinctWorkers[wide]! > soft.continuityAllowance[wide]! ||
      sol.distinctWorkers[narrow]! > soft.continuityAllowance[narrow]!;
    if (wide < 0) return null;
    const nReceivers = this.findReceivers(u, from, over);
    for (let k = 0; k < nReceivers; k++) {
      const to = this.receivers[k]!;
      for (const move of moves) if (this.tryMove(move, u, to)) return move.name;
      if (continuitySwap.improve(this, this.ev, u, to)) {
        this.delta = this.ev.delta;
        return continuitySwap.name;
      }
    }
    return null;
  }

  /**
   * Fills {@link receivers}: workers u's assignment costs favour over its current one (the
   * client's team, first-ranked first), then, when u's client or recurring visit has more
   * carers than its allowance, the other workers serving the client, most tasks first.
   */
  private findReceivers(u: number, from: number, over: boolean): number {
    const inst = this.p.inst;
    const out = this.receivers;
    let n = 0;
    if (inst.assignmentCost !== null) {
      const own = this.p.workerAssignment(u, from);
      for (const w of this.favouredOf(u)) {
        if (n === MAX_RECEIVERS || this.p.workerAssignment(u, w) >= own) break;
        out[n++] = w;
      }
    }
    if (!over || n === MAX_RECEIVERS) return n;
    const g = this.widest[u]!;
    const sol = this.sol;
    const served = this.servedBy;
    for (let i = this.groupStart[g]!; i < this.groupStart[g + 1]!; i++) {
      const r = sol.taskRoute[this.groupTasks[i]!]!;
      if (r >= 0) served[inst.routeWorker[r]!]!++;
    }
    served[from] = 0;
    for (let k = 0; k < n; k++) served[out[k]!] = 0;
    while (n < MAX_RECEIVERS) {
      let best = -1;
      for (let i = this.groupStart[g]!; i < this.groupStart[g + 1]!; i++) {
        const r = sol.taskRoute[this.groupTasks[i]!]!;
        if (r < 0) continue;
        const w = inst.routeWorker[r]!;
        if (served[w]! > 0 && (best < 0 || served[w]! > served[best]!)) best = w;
      }
      if (best < 0) break;
      out[n++] = best;
      served[best] = 0;
    }
    for (let i = this.groupStart[g]!; i < this.groupStart[g + 1]!; i++) {
      const r = sol.taskRoute[this.groupTasks[i]!]!;
      if (r >= 0) served[inst.routeWorker[r]!] = 0;
    }
    return n;
  }

  /** Workers with a negative assignment cost for `u` (team members, ...), cheapest first. */
  private favouredOf(u: number): Int32Array {
    let list = this.favoured[u];
    if (list !== undefined) return list;
    const p = this.p;
    const workers: number[] = [];
    for (let w = 0; w < p.inst.nWorkers; w++) if (p.workerAssignment(u, w) < 0) workers.push(w);
    workers.sort((a, b) => p.workerAssignment(u, a) - p.workerAssignment(u, b) || a - b);
    list = Int32Array.from(workers);
    this.favoured[u] = list;
    return list;
  }

  /**
   * Gives `move`'s pillar of placed task `u` to worker `to` (see {@link attempt}). Returns
   * whether it was made.
   *
   * @example
   * ```ts
   * const pillars = new Pillars(sol, new MoveEvaluator(sol));
   * if (pillars.tryMove(clientPillarChange, u, to)) console.log(pillars.delta); // < 0
   * ```
   */
  tryMove(move: PillarMove, u: number, to: number): boolean {
    const n = move.collect(this, u, this.moved);
    return n > 0 && this.attempt(n, to);
  }

  /**
   * Gives the first `n` tasks of the pillar to worker `to`, each at its cheapest feasible place
   * on `to`'s routes, and keeps the change if it lowers the objective beyond rounding (the
   * change goes to {@link delta}); otherwise undoes it and returns false.
   */
  private attempt(n: number, to: number): boolean {
    const sol = this.sol;
    const p = this.p;
    const inst = p.inst;
    const moved = this.moved;
    const asg = inst.assignmentCost;
    // Cheap screens first: every task has a route of `to` it may go on, and the continuity and
    // assignment change is a gain (the point of the move; travel is priced below).
    for (let k = 0; k < n; k++) if (!this.hostable(moved[k]!, to)) return false;
    let gain = 0;
    for (let k = 0; k < n; k++) {
      const t = moved[k]!;
      if (asg !== null) {
        const from = this.workerOf(t);
        gain += p.workerAssignment(t, to) - p.workerAssignment(t, from);
      }
      gain += sol.trialMove(t, to);
    }
    sol.trialUndo();
    if (gain >= -p.eps) return false;
    // Each task must fit on `to`'s routes as they are; the others only take room.
    for (let k = 0; k < n; k++) if (!this.insertable(moved[k]!, to)) return false;

    const before = sol.cost;
    for (let k = 0; k < n; k++) {
      const t = moved[k]!;
      this.moving[t] = 1;
      this.save(sol.taskRoute[t]!);
    }
    let ok = true;
    for (const r of this.touched) {
      sol.setTasks(
        r,
        sol.routes[r]!.tasks.filter((t) => this.moving[t] === 0),
      );
      sol.refreshRoute(r);
      // Leaving stops shortens a route, unless travel breaks the triangle inequality.
      const route = sol.routes[r]!;
      if (route.fTW[route.tasks.length + 1]! > p.eps || workSlack(sol, r) < -p.eps) ok = false;
    }
    for (let k = 0; k < n && ok; k++) {
      const t = moved[k]!;
      const res = this.res.reset();
      for (let i = this.workerStart[to]!; i < this.workerStart[to + 1]!; i++) {
        const r = this.workerRoutes[i]!;
        if (workerFree(sol, t, r)) bestInRoute(sol, t, r, res);
      }
      if (res.route < 0) {
        ok = false;
        break;
      }
      this.save(res.route);
      const tasks = sol.routes[res.route]!.tasks.slice();
      tasks.splice(res.pos, 0, t);
      sol.setTasks(res.route, tasks);
      sol.refreshRoute(res.route);
    }
    for (let k = 0; k < n; k++) this.moving[moved[k]!] = 0;
    const delta = sol.cost - before;
    if (ok && delta < -p.eps) {
      this.delta = delta;
      this.forget();
      return true;
    }
    sol.setRoutes(this.touched, this.saved);
    this.forget();
    return false;
  }

  /** Whether task `t` may go on some route of worker `to` as far as compatibility and links go. */
  private hostable(t: number, to: number): boolean {
    for (let i = this.workerStart[to]!; i < this.workerStart[to + 1]!; i++) {
      const r = this.workerRoutes[i]!;
      if (this.p.allowed(t, r) && workerFree(this.sol, t, r)) return true;
    }
    return false;
  }

  /** Whether task `t` fits somewhere on worker `to`'s routes as they stand. */
  private insertable(t: number, to: number): boolean {
    const res = this.res.reset();
    for (let i = this.workerStart[to]!; i < this.workerStart[to + 1]!; i++) {
      const r = this.workerRoutes[i]!;
      if (workerFree(this.sol, t, r) && bestInRoute(this.sol, t, r, res)) return true;
    }
    return false;
  }

  /** Records route `r`'s task list before the move first changes it. */
  private save(r: number): void {
    if (this.touchedMark[r] === 1) return;
    this.touchedMark[r] = 1;
    this.touched.push(r);
    this.saved.push(this.sol.routes[r]!.tasks.slice());
  }

  private forget(): void {
    for (const r of this.touched) this.touchedMark[r] = 0;
    this.touched.length = 0;
    this.saved.length = 0;
  }
}
