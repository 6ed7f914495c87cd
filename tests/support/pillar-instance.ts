/**
 * Tiny continuity instances for the continuity moves and the continuity ruin: places on a line
 * (travel time = cost = the distance), every route from and back to the depot at 0, one route
 * per worker and day (day d runs from minute 1440 d to 1440 d + 1000).
 */
import type { EngineInstance, EngineSoftTerms } from '../../src/solver/engine/instance.js';
import { MoveEvaluator } from '../../src/solver/engine/moves/evaluator.js';
import { Pillars } from '../../src/solver/engine/moves/pillar.js';
import { Problem } from '../../src/solver/engine/problem.js';
import { Solution } from '../../src/solver/engine/solution.js';
import { noLimits, noPreferredHours, noTargets } from './engine-parts.js';
import { denseTravel } from '../../src/solver/engine/travel-table.js';

export const DAY = 1440;

export interface Spec {
  /** Per task: place on the line, day, window within the day (default the whole day). */
  readonly tasks: readonly { at: number; day: number; from?: number; to?: number }[];
  readonly workers: number;
  readonly days: number;
  /** Continuity groups: their tasks, allowance and cost per extra worker. */
  readonly groups: readonly { tasks: number[]; allowance: number; cost: number }[];
  /** Assignment cost per (task, worker), zero when absent. */
  readonly assignment?: (t: number, w: number) => number;
  /** Load of every task and capacity of every route (unbounded by default). */
  readonly capacity?: number;
}

/** Route of worker `w` on day `d` is `w * days + d`. */
export function instanceOf(spec: Spec): EngineInstance {
  const xs = [0, ...spec.tasks.map((task) => task.at)];
  const nl = xs.length;
  const travel = new Float64Array(nl * nl);
  for (let a = 0; a < nl; a++) {
    for (let b = 0; b < nl; b++) travel[a * nl + b] = Math.abs(xs[a]! - xs[b]!);
  }
  const nTasks = spec.tasks.length;
  const nRoutes = spec.workers * spec.days;
  const routeWords = Math.ceil(nRoutes / 32);
  const nWorkers = spec.workers;
  const membership = spec.tasks.map((_, t) =>
    spec.groups.flatMap((group, g) => (group.tasks.includes(t) ? [g] : [])),
  );
  const soft: EngineSoftTerms = {
    taskDue: new Float64Array(nTasks).fill(Number.POSITIVE_INFINITY),
    taskLatenessCost: new Float64Array(nTasks),
    gapThreshold: 0,
    gapCost: 0,
    ...noPreferredHours(nWorkers),
    ...noTargets(),
    nContinuity: spec.groups.length,
    taskContinuityStart: Int32Array.from({ length: nTasks + 1 }, (_, t) =>
      membership.slice(0, t).reduce((n, groups) => n + groups.length, 0),
    ),
    taskContinuity: Int32Array.from(membership.flat()),
    continuityAllowance: Float64Array.from(spec.groups, (group) => group.allowance),
    continuityCost: Float64Array.from(spec.groups, (group) => group.cost),
  };
  const assignment = spec.assignment;
  return {
    nLocations: nl,
    travelTime: [denseTravel(travel)],
    travelCost: [denseTravel(travel)],
    nTasks,
    taskLocation: Int32Array.from(spec.tasks, (_, t) => t + 1),
    taskService: new Float64Array(nTasks),
    taskEarliest: Float64Array.from(spec.tasks, (task) => task.day * DAY + (task.from ?? 0)),
    taskLatest: Float64Array.from(spec.tasks, (task) => task.day * DAY + (task.to ?? 1000)),
    taskDemand: new Float64Array(nTasks).fill(spec.capacity === undefined ? 0 : 1),
    taskUnplacedPenalty: new Float64Array(nTasks).fill(10_000),
    nRoutes,
    routeProfile: new Int32Array(nRoutes),
    routeStartLocation: new Int32Array(nRoutes),
    routeEndLocation: new Int32Array(nRoutes),
    routeEarliestStart: Float64Array.from({ length: nRoutes }, (_, r) => (r % spec.days) * DAY),
    routeLatestEnd: Float64Array.from({ length: nRoutes }, (_, r) => (r % spec.days) * DAY + 1000),
    routeCapacity: new Float64Array(nRoutes).fill(spec.capacity ?? Number.POSITIVE_INFINITY),
    routeWorker: Int32Array.from({ length: nRoutes }, (_, r) => Math.floor(r / spec.days)),
    nWorkers,
    allowed: new Uint32Array(nTasks * routeWords).fill(0xffffffff),
    routeWords,
    ...noLimits(),
    links: [],
    assignmentCost:
      assignment === undefined
        ? null
        : Float64Array.from({ length: nTasks * nWorkers }, (_, i) =>
            assignment(Math.floor(i / nWorkers), i % nWorkers),
          ),
    soft,
  };
}

/** A solution with exactly the given routes, with its pillar index and evaluator. */
export function setUp(inst: EngineInstance, routes: number[][]) {
  const sol = new Solution(new Problem(inst));
  routes.forEach((tasks, r) => tasks.forEach((t, k) => sol.insert(t, r, k)));
  sol.resum();
  const ev = new MoveEvaluator(sol);
  return { sol, ev, pillars: new Pillars(sol, ev) };
}
