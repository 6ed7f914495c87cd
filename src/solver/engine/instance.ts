import type { TravelTable } from './travel-table.js';

/**
 * The compiled form the search works on: dense, index-based, unit-agnostic.
 *
 * Times are plain numbers in one unit chosen by whoever compiles (minutes for care problems,
 * Euclidean distance for Solomon). Nothing here refers to the JSON model, so the search is shared
 * by the care solver and the Solomon benchmark.
 */
export interface EngineInstance {
  /** Number of distinct locations. */
  readonly nLocations: number;
  /** Travel times, one table per travel profile (e.g. car, walk): see `travel-table.ts`. */
  readonly travelTime: readonly TravelTable[];
  /** Travel costs (what the objective minimises), one table per profile; may alias travelTime. */
  readonly travelCost: readonly TravelTable[];

  /** Number of tasks: one stop on one route. A visit needing two carers is two linked tasks. */
  readonly nTasks: number;
  readonly taskLocation: Int32Array;
  /** Service duration. */
  readonly taskService: Float64Array;
  /** Earliest start. */
  readonly taskEarliest: Float64Array;
  /** Latest start. */
  readonly taskLatest: Float64Array;
  /** Load taken by the task (capacity dimension; 0 for care problems). */
  readonly taskDemand: Float64Array;
  /** Objective cost of leaving the task unplaced (dominates any travel cost). */
  readonly taskUnplacedPenalty: Float64Array;

  /** Number of routes: one carer shift (or one vehicle). */
  readonly nRoutes: number;
  /** Index into travelTime / travelCost. */
  readonly routeProfile: Int32Array;
  readonly routeStartLocation: Int32Array;
  readonly routeEndLocation: Int32Array;
  /** Earliest departure from the start location. */
  readonly routeEarliestStart: Float64Array;
  /** Latest arrival at the end location. */
  readonly routeLatestEnd: Float64Array;
  /** Capacity for taskDemand (Infinity when unconstrained). */
  readonly routeCapacity: Float64Array;
  /** The worker (carer) a route belongs to; linked tasks must go to different workers. */
  readonly routeWorker: Int32Array;
  /** Number of distinct workers (max routeWorker + 1). */
  readonly nWorkers: number;

  /**
   * Rules across a worker's days, absent when there are none: the day of each route (whole
   * days, consecutive days one apart). With it, a worker who returns from a route must rest
   * `minRest` before leaving on a route of a later day, and works on at most `maxDaysInRow`
   * consecutive days (a day is worked when one of the worker's routes that day has a task).
   * Departure is the start of the first task less the travel to it, return the end of the last
   * task plus the travel back, as the solution reports them.
   */
  readonly routeDay?: Int32Array | null;
  /** Least rest between a worker's routes on different days (0 or absent: none). */
  readonly minRest?: number;
  /** Most consecutive days with work (absent: no limit). */
  readonly maxDaysInRow?: number;

  /**
   * Compatibility: bit `r` of row `t` set when task `t` may go on route `r`.
   * Row stride is `routeWords = ceil(nRoutes / 32)` words. With {@link allowedGroups} the rows
   * are laid out by group instead (read both layouts through `allowed-table.ts`).
   */
  readonly allowed: Uint32Array;
  readonly routeWords: number;
  /**
   * Optional grouped layout of {@link allowed}: a task may go only on routes of its own group
   * (e.g. its day's shifts), and its row holds a bit for those routes alone. Absent or null:
   * the dense layout.
   */
  readonly allowedGroups?: AllowedGroups | null;

  /**
   * Work limits: "work" of a route is its service time plus all its travel (from the start
   * location, between tasks, to the end location), waiting excluded. Each limit caps the summed
   * work of a set of routes (e.g. one carer's shifts of one day, or of one week).
   * CSR: the routes of limit `k` are `limitRoutes[limitStart[k] .. limitStart[k+1])`.
   */
  readonly nLimits: number;
  readonly limitMax: Float64Array;
  readonly limitStart: Int32Array;
  readonly limitRoutes: Int32Array;

  /**
   * Links between tasks: when both are placed, start(b) - start(a) must lie in [minGap, maxGap]
   * and a and b be on routes of different workers. A link is placed whole (both tasks or
   * neither) unless it is `separable`. A double-up is a link with gap [0, 0].
   */
  readonly links: readonly TaskLink[];

  /**
   * Optional per (task, worker) assignment cost added to the objective when the task is served
   * by that worker (continuity, preferences). Rows of `nWorkers` costs, one per task (row-major
   * nTasks * nWorkers) unless {@link taskAssignmentRow} lets tasks share rows; null when unused.
   */
  readonly assignmentCost: Float64Array | null;
  /**
   * The row of {@link assignmentCost} each task reads, when tasks share rows (all the visits of
   * one client cost the same by carer: one row per client instead of one per task, 145 MB
   * rather than 6.8 GB for a 166,000-visit week). Absent or null: task `t` reads row `t`.
   */
  readonly taskAssignmentRow?: Int32Array | null;

  /**
   * The break rule, when there is one: a route whose work exceeds `work` must hold a break of at
   * least `idle` between two stops. With `windowFrom` / `windowTo` (per route, the earliest start
   * and latest end of its break) and `routeLimit` (per route, the work limit of `work` that keeps
   * it short, or -1), the search may place the break (`break-plan.ts`): a long route is priced
   * exactly where the search knows how, and the limit holds everywhere else. Without them every
   * route stays within its limit, and the start times chosen on export (`late-starts.ts`) must
   * not take away a wait that makes the break.
   */
  readonly breakRule?: {
    readonly work: number;
    readonly idle: number;
    readonly windowFrom?: Float64Array;
    readonly windowTo?: Float64Array;
    readonly routeLimit?: Int32Array;
  } | null;

  /**
   * Per task, the latest start the export may move it to when cutting a wait; NaN: none, it
   * starts at its earliest. A replan gives each stop its previous start, so that the times
   * people were told hold. Absent or null: the task's window and due time alone bound it.
   */
  readonly taskStartCap?: Float64Array | null;

  /**
   * Soft terms that depend on start times or on sums over several routes (care rules such as
   * lateness, unpaid gaps, preferred hours, contracted hours); absent or null when unused.
   */
  readonly soft?: EngineSoftTerms | null;
}

/**
 * Soft terms priced move by move. Start times are the earliest schedule (each task starts on
 * arrival or at its earliest start, whichever is later), the schedule the solution reports.
 */
export interface EngineSoftTerms {
  /** Per task: starting after `taskDue` costs `taskLatenessCost` per time unit. */
  readonly taskDue: Float64Array;
  readonly taskLatenessCost: Float64Array;
  /** Idle time between two consecutive tasks of a route beyond `gapThreshold` costs `gapCost` per unit. */
  readonly gapThreshold: number;
  readonly gapCost: number;
  /**
   * Preferred working times per worker (CSR over workers into `preferredFrom` / `preferredTo`).
   * For a worker with `workerHasPreferred` set, each unit of service time outside those
   * intervals costs `preferredCost`.
   */
  readonly workerHasPreferred: Uint8Array;
  readonly workerPreferredStart: Int32Array;
  readonly preferredFrom: Float64Array;
  readonly preferredTo: Float64Array;
  readonly preferredCost: number;
  /**
   * Targets: soft bounds on the summed work (measure 0) or travel time (measure 1) of a set of
   * routes, e.g. a carer's contracted hours in a week or preferred travel in a day. Falling short
   * costs `targetUnderCost` per unit, going over costs `targetOverCost` per unit. CSR like limits.
   */
  readonly nTargets: number;
  readonly targetStart: Int32Array;
  readonly targetRoutes: Int32Array;
  readonly targetMeasure: Uint8Array;
  readonly targetValue: Float64Array;
  readonly targetUnderCost: Float64Array;
  readonly targetOverCost: Float64Array;
  /**
   * Continuity groups (e.g. one client's visits, or one recurring visit of a client): a group
   * served by more distinct workers than `continuityAllowance` costs `continuityCost` per extra
   * worker. CSR over tasks: the groups of task `t` are
   * `taskContinuity[taskContinuityStart[t] .. taskContinuityStart[t+1])`.
   */
  readonly nContinuity: number;
  readonly taskContinuityStart: Int32Array;
  readonly taskContinuity: Int32Array;
  readonly continuityAllowance: Float64Array;
  readonly continuityCost: Float64Array;
  /**
   * Worst lateness: each day's largest lateness (a start after `taskDue`) among the tasks of that
   * day's routes costs `worstLatenessCost` per unit. `routeDay` gives each route's day, 0 to
   * `nDays - 1` (-1: none). Absent, or a cost of 0, when unused.
   */
  readonly worstLatenessCost?: number;
  readonly nDays?: number;
  readonly routeDay?: Int32Array;
}

/**
 * The grouped layout of {@link EngineInstance.allowed}: routes in groups (e.g. by day), each
 * task in one group (or none) and allowed on some routes of its group only. Task `t`'s row is
 * `allowed[taskRowStart[t] .. taskRowStart[t + 1])`, `ceil(routes of its group / 32)` words
 * (no words for a task of no group), and route `r` is bit `routeBit[r]` of the rows of group
 * `routeGroup[r]`; bits past a group's routes are zero.
 *
 * @example
 * ```ts
 * // Routes 0 and 2 on day 0, route 1 on day 1; task 0 of day 0 may take route 2 only.
 * const groups: AllowedGroups = {
 *   routeGroup: Int32Array.of(0, 1, 0),
 *   routeBit: Int32Array.of(0, 0, 1), // routes of a group numbered in route order
 *   taskGroup: Int32Array.of(0),
 *   taskRowStart: Int32Array.of(0, 1),
 * };
 * const allowed = Uint32Array.of(0b10);
 * ```
 */
export interface AllowedGroups {
  /** The group of each route. */
  readonly routeGroup: Int32Array;
  /** The bit of each route in its group's rows: the routes of a group numbered 0, 1, ... in route order. */
  readonly routeBit: Int32Array;
  /** The group of each task (-1: none; it fits no route). */
  readonly taskGroup: Int32Array;
  /** CSR over tasks: where each task's row starts in `allowed` (nTasks + 1 entries). */
  readonly taskRowStart: Int32Array;
}

export interface TaskLink {
  readonly a: number;
  readonly b: number;
  readonly minGap: number;
  readonly maxGap: number;
  /**
   * Whether either task may be placed without the other (two visits a package links: when one
   * cannot be staffed the other still can be). Absent or false: both placed or both unplaced,
   * as the carers of a double-up.
   */
  readonly separable?: boolean;
}

/** A solution in compiled form. */
export interface EngineSolution {
  /** Task sequence of each route (empty array for an unused route). */
  readonly routes: readonly (readonly number[])[];
  /** Start time of each task; NaN for unplaced tasks. */
  readonly taskStart: Float64Array;
  /** Departure time of each route from its start location (NaN for an unused route). */
  readonly routeDeparture: Float64Array;
  /**
   * Start of each route's break, lasting the break rule's `idle` (NaN: the route holds none).
   * Absent when the search places no breaks.
   */
  readonly routeBreak?: Float64Array;
  /** Tasks not placed. */
  readonly unplaced: readonly number[];
  /** Objective: travel cost + assignment cost + soft terms + unplaced penalties. */
  readonly cost: number;
  readonly travelCost: number;
  /** The part of `cost` from {@link EngineSoftTerms} (0 without them). */
  readonly softCost: number;
  /**
   * Unplaced tasks the construction never tried because the time limit or the abort came first
   * (empty when it finished). Set by {@link solveEngine}.
   */
  readonly unreached?: readonly number[];
  /** Improvement iterations the search ran. Set by {@link solveEngine}. */
  readonly iterations?: number;
  /**
   * 1 when the final feasibility guard found the search's result infeasible (an engine bug) and
   * returned the construction or an empty solution instead, else 0. Set by {@link solveEngine}.
   */
  readonly fallbacks?: number;
}

export interface EngineProgress {
  readonly iteration: number;
  readonly elapsedMs: number;
  readonly bestCost: number;
  readonly unplaced: number;
}

export interface EngineOptions {
  readonly seed?: number;
  /**
   * A solution to start from instead of constructing one (e.g. the result of an earlier solve of
   * a slightly different instance). Its stops are kept in order where they still fit, linked
   * tasks at their previous start times; the rest is inserted as in a fresh construction.
   */
  readonly initial?: Pick<EngineSolution, 'routes' | 'taskStart'>;
  readonly timeLimitMs?: number;
  /**
   * Time the construction may take, from the start, when it should differ from `timeLimitMs`
   * (e.g. a round whose search gets a share of the time but whose construction may use all).
   */
  readonly constructionTimeLimitMs?: number;
  readonly maxIterations?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: EngineProgress) => void;
  /**
   * Called once the construction ends, before the search, with the constructed solution and the
   * tasks it did not reach: for a caller that keeps a roster ready in case it is stopped. It must
   * not change either; the search goes on from the same state.
   */
  readonly onConstructed?: (initial: EngineSolution, unreached: readonly number[]) => void;
  /**
   * Called now and then during the construction, between two insertions, with a way to copy the
   * construction so far (an unfinished one leaves the tasks not yet reached unplaced).
   */
  readonly onConstructing?: (soFar: () => EngineSolution) => void;
}
