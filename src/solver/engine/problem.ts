/**
 * Data derived once from an {@link EngineInstance} for the search: inverse indexes, link groups,
 * neighbour lists (found by `neighbours.ts`) and the feasibility tolerance.
 */
import type { BreakPlacement } from './break-plan.js';
import { DayRules } from './days.js';
import { groupRoutes, hasAllowedRoute } from './allowed-table.js';
import type { AllowedGroups, EngineInstance, EngineSoftTerms } from './instance.js';
import { cachedNearestTasks, NEIGHBOURS } from './neighbours.js';
import { hasScheduleTerms, hasWorstLateness } from './soft.js';
import type { TravelTable } from './travel-table.js';

export class Problem {
  readonly inst: EngineInstance;
  readonly nTasks: number;
  readonly nRoutes: number;
  /** Absolute tolerance on time warp, capacity and work comparisons. */
  readonly eps: number;
  /** Per route: its travel times and travel costs. */
  readonly routeTime: TravelTable[];
  readonly routeCost: TravelTable[];
  /** CSR: the work limits a route counts towards. */
  readonly routeLimitStart: Int32Array;
  readonly routeLimits: Int32Array;
  /** The soft terms, or null when the instance has none. */
  readonly soft: EngineSoftTerms | null;
  /** Whether some soft term depends on start times, so routes keep their schedule's cost. */
  readonly schedule: boolean;
  /** Whether each day's largest lateness is priced, so routes keep their largest lateness. */
  readonly worstLate: boolean;
  /** The rules across a worker's days (rest, days in a row). */
  readonly days: DayRules;
  /**
   * Whether routes keep their earliest schedule: for its soft cost, or for the return times
   * the rest between days is measured from.
   */
  readonly walk: boolean;
  /**
   * The break rule when the search places breaks (the instance gives each route its window and
   * limit), else null. A route whose work exceeds `breaks.work` is then planned with a break.
   */
  readonly breaks: (BreakPlacement & { readonly routeLimit: Int32Array }) | null;
  /** CSR: the soft targets a route counts towards. */
  readonly routeTargetStart: Int32Array;
  readonly routeTargets: Int32Array;
  /**
   * Link groups: tasks joined (transitively) by links are tried together and removed together.
   * A task without links is a group of its own. CSR over groups.
   */
  readonly nGroups: number;
  readonly groupOf: Int32Array;
  readonly groupStart: Int32Array;
  readonly groupTasks: Int32Array;
  /** CSR: the links a task is part of (indexes into `inst.links`). */
  readonly taskLinkStart: Int32Array;
  readonly taskLinks: Int32Array;
  /**
   * Cores: the parts of a group joined by links that are not separable (a double-up's tasks),
   * each placed whole or not at all. A group without separable links is one core. CSR over cores.
   */
  readonly nCores: number;
  readonly coreOf: Int32Array;
  readonly coreStart: Int32Array;
  readonly coreTasks: Int32Array;
  /** Whether a group has a separable link, so that some of its cores may be placed alone. */
  readonly groupSeparable: Uint8Array;
  /** Whether a core can be placed at all (every member has some allowed route). */
  readonly corePlaceable: Uint8Array;
  /** Whether some core of a group can be placed. */
  readonly groupPlaceable: Uint8Array;
  readonly neighbourCount: number;
  /**
   * Per task, its nearest other tasks, closest first, `neighbourCount` per task; empty until
   * {@link prepareNeighbours} has worked them out (the search does, and so does a
   * `LocalSearch`; the construction does not read them), so that a solve whose time runs out in
   * the construction never waits for them: seconds for a 20k-visit week. A plain field, not a
   * getter: local search and ruin read it in their inner loops.
   */
  neighbours: Int32Array = new Int32Array(0);
  /** The grouped layout of `inst.allowed`, or null for the dense one. */
  private readonly groups: AllowedGroups | null;
  /** The row of `inst.assignmentCost` each task reads. */
  private readonly asgRow: Int32Array;
  private routesByGroup: { start: Int32Array; routes: Int32Array } | null = null;
  private neighboursReady = false;

  constructor(inst: EngineInstance) {
    this.inst = inst;
    const n = inst.nTasks;
    const m = inst.nRoutes;
    this.nTasks = n;
    this.nRoutes = m;

    let scale = 1;
    for (let r = 0; r < m; r++) {
      scale = Math.max(
        scale,
        Math.abs(inst.routeEarliestStart[r]!),
        Math.abs(inst.routeLatestEnd[r]!),
      );
    }
    for (let t = 0; t < n; t++) {
      const e = inst.taskEarliest[t]!;
      const l = inst.taskLatest[t]!;
      if (Number.isFinite(e)) scale = Math.max(scale, Math.abs(e));
      if (Number.isFinite(l)) scale = Math.max(scale, Math.abs(l));
    }
    // Relative 1e-10: far below any real slack, far above rounding noise of sums of travel
    // times; capped so that what passes here also passes a strict 1e-6 check after summing.
    this.eps = Math.min(scale * 1e-10, 1e-7);

    this.routeTime = [];
    this.routeCost = [];
    for (let r = 0; r < m; r++) {
      const p = inst.routeProfile[r]!;
      this.routeTime.push(inst.travelTime[p]!);
      this.routeCost.push(inst.travelCost[p]!);
    }

    [this.routeLimitStart, this.routeLimits] = invertGroups(
      m,
      inst.nLimits,
      inst.limitStart,
      inst.limitRoutes,
    );
    this.soft = inst.soft ?? null;
    this.schedule = this.soft !== null && hasScheduleTerms(this.soft);
    this.worstLate = this.soft !== null && hasWorstLateness(this.soft);
    this.days = new DayRules(inst);
    this.walk = this.schedule || this.days.rest > 0;
    const rule = inst.breakRule ?? null;
    this.breaks =
      rule !== null &&
      rule.windowFrom !== undefined &&
      rule.windowTo !== undefined &&
      rule.routeLimit !== undefined
        ? {
            work: rule.work,
            idle: rule.idle,
            windowFrom: rule.windowFrom,
            windowTo: rule.windowTo,
            routeLimit: rule.routeLimit,
          }
        : null;
    [this.routeTargetStart, this.routeTargets] =
      this.soft === null
        ? [new Int32Array(m + 1), new Int32Array(0)]
        : invertGroups(m, this.soft.nTargets, this.soft.targetStart, this.soft.targetRoutes);

    const linkCount = new Int32Array(n + 1);
    for (const link of inst.links) {
      linkCount[link.a + 1]!++;
      linkCount[link.b + 1]!++;
    }
    for (let t = 0; t < n; t++) linkCount[t + 1]! += linkCount[t]!;
    this.taskLinkStart = linkCount.slice();
    this.taskLinks = new Int32Array(linkCount[n]!);
    const linkFill = linkCount.slice();
    inst.links.forEach((link, i) => {
      this.taskLinks[linkFill[link.a]!++] = i;
      this.taskLinks[linkFill[link.b]!++] = i;
    });

    const groups = components(n, inst.links, true);
    [this.nGroups, this.groupOf, this.groupStart, this.groupTasks] = groups;
    [this.nCores, this.coreOf, this.coreStart, this.coreTasks] = components(n, inst.links, false);
    this.groupSeparable = new Uint8Array(this.nGroups);
    for (const link of inst.links) {
      if (link.separable === true) this.groupSeparable[this.groupOf[link.a]!] = 1;
    }

    this.groups = inst.allowedGroups ?? null;
    const rows = inst.taskAssignmentRow ?? null;
    this.asgRow = Int32Array.from({ length: n }, (_, t) => (rows === null ? t : rows[t]!));

    this.corePlaceable = new Uint8Array(this.nCores).fill(1);
    for (let t = 0; t < n; t++) {
      // A row word at a time: a bit per (task, route) asked one by one was a minute for a week.
      if (!hasAllowedRoute(inst, t) || !(inst.taskLatest[t]! >= inst.taskEarliest[t]!)) {
        this.corePlaceable[this.coreOf[t]!] = 0;
      }
    }
    this.groupPlaceable = new Uint8Array(this.nGroups);
    for (let t = 0; t < n; t++) {
      if (this.corePlaceable[this.coreOf[t]!] === 1) this.groupPlaceable[this.groupOf[t]!] = 1;
    }
    // A group whose links are all inseparable is placed whole: one unplaceable core sinks it.
    for (let t = 0; t < n; t++) {
      const g = this.groupOf[t]!;
      if (this.groupSeparable[g] === 0 && this.corePlaceable[this.coreOf[t]!] === 0) {
        this.groupPlaceable[g] = 0;
      }
    }

    this.neighbourCount = Math.max(0, Math.min(NEIGHBOURS, n - 1));
  }

  /**
   * Works out {@link neighbours} unless done already or `stop` says so first (looked at every few
   * hundred tasks while they are worked out): false then, and nothing is kept.
   */
  prepareNeighbours(stop: () => boolean = () => false): boolean {
    if (this.neighboursReady) return true;
    const found = cachedNearestTasks(this.inst, this.neighbourCount, stop);
    if (found === null) return false;
    this.neighbours = found;
    this.neighboursReady = true;
    return true;
  }

  /**
   * The routes of each group of the grouped layout of `inst.allowed`, worked out once (see
   * `groupRoutes` in `allowed-table.ts`); one group of every route for the dense layout.
   */
  groupRoutes(): { start: Int32Array; routes: Int32Array } {
    this.routesByGroup ??= groupRoutes(this.inst);
    return this.routesByGroup;
  }

  /** Whether task `t` may go on route `r`. */
  allowed(t: number, r: number): boolean {
    const groups = this.groups;
    if (groups === null) {
      const word = this.inst.allowed[t * this.inst.routeWords + (r >>> 5)]!;
      return ((word >>> (r & 31)) & 1) === 1;
    }
    if (groups.taskGroup[t] !== groups.routeGroup[r]) return false;
    const bit = groups.routeBit[r]!;
    const word = this.inst.allowed[groups.taskRowStart[t]! + (bit >>> 5)]!;
    return ((word >>> (bit & 31)) & 1) === 1;
  }

  /** Assignment cost of task `t` on route `r`. */
  assignment(t: number, r: number): number {
    const a = this.inst.assignmentCost;
    return a === null ? 0 : a[this.asgRow[t]! * this.inst.nWorkers + this.inst.routeWorker[r]!]!;
  }

  /** Assignment cost of task `t` served by worker `w`. */
  workerAssignment(t: number, w: number): number {
    const a = this.inst.assignmentCost;
    return a === null ? 0 : a[this.asgRow[t]! * this.inst.nWorkers + w]!;
  }
}

/**
 * Connected components of the tasks under the links (all of them, or with `separable` false
 * only those that are not separable), numbered in order of their first task, as
 * `[count, componentOf, CSR start, CSR tasks]`.
 */
function components(
  n: number,
  links: EngineInstance['links'],
  separable: boolean,
): [number, Int32Array, Int32Array, Int32Array] {
  const parent = new Int32Array(n);
  for (let t = 0; t < n; t++) parent[t] = t;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  for (const link of links) {
    if (!separable && link.separable === true) continue;
    const ra = find(link.a);
    const rb = find(link.b);
    if (ra !== rb) parent[ra] = rb;
  }
  const rootOf = new Int32Array(n).fill(-1);
  const of = new Int32Array(n);
  let count = 0;
  for (let t = 0; t < n; t++) {
    const root = find(t);
    if (rootOf[root] === -1) rootOf[root] = count++;
    of[t] = rootOf[root]!;
  }
  const start = new Int32Array(count + 1);
  for (let t = 0; t < n; t++) start[of[t]! + 1]!++;
  for (let k = 0; k < count; k++) start[k + 1]! += start[k]!;
  const tasks = new Int32Array(n);
  const fill = start.slice();
  for (let t = 0; t < n; t++) tasks[fill[of[t]!]!++] = t;
  return [count, of, start, tasks];
}

/**
 * Inverts groups of routes given as CSR (`start`, `routes`) into, per route, the groups it
 * belongs to (CSR over routes).
 */
function invertGroups(
  nRoutes: number,
  nGroups: number,
  start: Int32Array,
  routes: Int32Array,
): [Int32Array, Int32Array] {
  const count = new Int32Array(nRoutes + 1);
  for (let k = 0; k < nGroups; k++) {
    for (let i = start[k]!; i < start[k + 1]!; i++) count[routes[i]! + 1]!++;
  }
  for (let r = 0; r < nRoutes; r++) count[r + 1]! += count[r]!;
  const groups = new Int32Array(count[nRoutes]!);
  const fill = count.slice();
  for (let k = 0; k < nGroups; k++) {
    for (let i = start[k]!; i < start[k + 1]!; i++) groups[fill[routes[i]!]!++] = k;
  }
  return [count, groups];
}
