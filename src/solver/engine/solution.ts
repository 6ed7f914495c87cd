/**
 * The mutable search state: routes with their caches, where each task is, the pinned start
 * times of placed linked tasks, running totals, and an undo log so a rejected ruin-and-recreate
 * step costs only the routes it touched.
 */
import type { Problem } from './problem.js';
import { Route } from './route.js';

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
  /** Route of each task, -1 when unplaced. */
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
  travelCost = 0;
  assignmentCost = 0;
  unplacedPenalty = 0;
  nUnplaced = 0;

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
    for (let r = 0; r < p.nRoutes; r++) this.routes.push(new Route(r));
    this.taskRoute = new Int32Array(p.nTasks).fill(-1);
    this.taskPos = new Int32Array(p.nTasks).fill(-1);
    this.effE = Float64Array.from(inst.taskEarliest);
    this.effL = Float64Array.from(inst.taskLatest);
    this.limitWork = new Float64Array(inst.nLimits);
    this.touchedMark = new Uint8Array(p.nRoutes);
    for (const route of this.routes) route.refresh(p, this.effE, this.effL);
    for (let t = 0; t < p.nTasks; t++) this.unplacedPenalty += inst.taskUnplacedPenalty[t]!;
    this.nUnplaced = p.nTasks;
  }

  /** The objective: travel cost + assignment cost + penalties of unplaced tasks. */
  get cost(): number {
    return this.travelCost + this.assignmentCost + this.unplacedPenalty;
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
    for (const r of this.touched) {
      for (const t of this.routes[r]!.tasks) this.taskRoute[t] = -1;
    }
    for (let i = 0; i < this.touched.length; i++) {
      const r = this.touched[i]!;
      this.routes[r]!.tasks = this.savedTasks[i]!;
      this.touchedMark[r] = 0;
      this.refreshRoute(r);
    }
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
    const oldCost = route.cost;
    const oldAsg = route.assignment;
    const oldWork = route.work;
    if (insertPos >= 0) route.insertAt(p, this.effE, this.effL, insertPos, inserted);
    else route.refresh(p, this.effE, this.effL);
    this.travelCost += route.cost - oldCost;
    this.assignmentCost += route.assignment - oldAsg;
    const dw = route.work - oldWork;
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
      this.taskRoute[t] = -2;
      this.unplacedPenalty += inst.taskUnplacedPenalty[t]!;
      this.nUnplaced++;
      if (this.p.taskLinkStart[t + 1]! > this.p.taskLinkStart[t]!) {
        this.setWindow(t, inst.taskEarliest[t]!, inst.taskLatest[t]!);
      }
    }
    for (const r of affected) {
      const route = this.routes[r]!;
      route.tasks = route.tasks.filter((t) => this.taskRoute[t] !== -2);
    }
    for (const t of list) {
      if (this.taskRoute[t] === -2) {
        this.taskRoute[t] = -1;
        this.taskPos[t] = -1;
      }
    }
    for (const r of affected) this.refreshRoute(r);
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
    this.taskRoute.fill(-1);
    this.taskPos.fill(-1);
    this.unplacedPenalty = 0;
    this.nUnplaced = 0;
    for (let r = 0; r < this.routes.length; r++) {
      this.routes[r]!.tasks = snap.routes[r]!.slice();
      this.refreshRoute(r);
    }
    for (let t = 0; t < this.p.nTasks; t++) {
      if (this.taskRoute[t] === -1) {
        this.unplacedPenalty += inst.taskUnplacedPenalty[t]!;
        this.nUnplaced++;
      }
    }
    // Totals drift by rounding over many incremental updates; resum them exactly.
    this.resum();
  }

  /** Recomputes running totals from the routes, removing accumulated rounding drift. */
  resum(): void {
    let travel = 0;
    let asg = 0;
    this.limitWork.fill(0);
    for (const route of this.routes) {
      travel += route.cost;
      asg += route.assignment;
      const r = route.index;
      for (let i = this.p.routeLimitStart[r]!; i < this.p.routeLimitStart[r + 1]!; i++) {
        this.limitWork[this.p.routeLimits[i]!]! += route.work;
      }
    }
    this.travelCost = travel;
    this.assignmentCost = asg;
  }
}
