/**
 * The engine's bookkeeping across two days with the rest between them, on hand-worked instances.
 * The random two-day instances of `engine-check.ts` found two faults (fast-check seeds of
 * `engine-soft.test.ts`, on the code before either fix):
 *
 * - seed 1768417791: a pillar change that did not pay was undone route by route; restoring one
 *   route moved the rest bound of a route not yet restored, whose refresh recorded a moved task
 *   as still its own. A later move read that record and was priced NaN. Fixed by restoring every
 *   route before the bounds follow (`Solution.setRoutes`), which had no test.
 * - seed 461431234: a route's latest departure was read from its caches at its new task count
 *   before they were refreshed, so a change could look like none and leave the day before with a
 *   latest return the rest no longer allowed; a relocate was then priced -22 and made -27. The
 *   undo fix above re-derived the bounds after every undo, which hid it there; moves still met it.
 */
import { describe, expect, it } from 'vitest';
import { toEngineSolution } from '../src/solver/engine/export.js';
import type { EngineInstance, EngineSoftTerms } from '../src/solver/engine/instance.js';
import { clientPillarChange } from '../src/solver/engine/moves/client-pillar-change.js';
import { MoveEvaluator } from '../src/solver/engine/moves/evaluator.js';
import { Pillars } from '../src/solver/engine/moves/pillar.js';
import { Problem } from '../src/solver/engine/problem.js';
import { Solution } from '../src/solver/engine/solution.js';
import { bestInRoute, InsertionResult } from '../src/solver/engine/insertion.js';
import { checkEngineSolution, objectiveOf } from './engine-check.js';
import { noLimits, noPreferredHours, noTargets, travelOnLine } from './support/engine-parts.js';
import { denseTravel } from '../src/solver/engine/travel-table.js';

const DAY = 1440;
/** Rest between a worker's days: a return after 840 (1440 - 600) delays the next departure. */
const REST = 600;

/**
 * Places on a line (travel time = cost = distance): location 0 at -50 (worker 1's home), 1 at
 * 50 (worker 0's home), 2 at 60 (tasks 0 and 1), 3 at -60 (task 2). Route `2 w + d` is worker
 * `w` on day `d`, from and back home, within [1440 d, 1440 d + 1000]. Task 0 (day 0, window
 * [800, 900]) and task 1 (day 1, the whole day) are client C's with worker 0, task 2 (day 1) is
 * C's with worker 1: C (group 0, allowance 1, 10 per extra carer) has two carers.
 */
function instance(): EngineInstance {
  const xs = [-50, 50, 60, -60];
  const nl = xs.length;
  const travel = Float64Array.from({ length: nl * nl }, (_, i) =>
    Math.abs(xs[Math.floor(i / nl)]! - xs[i % nl]!),
  );
  const nTasks = 3;
  const nRoutes = 4;
  const home = Int32Array.from([1, 1, 0, 0]);
  const soft: EngineSoftTerms = {
    taskDue: new Float64Array(nTasks).fill(Number.POSITIVE_INFINITY),
    taskLatenessCost: new Float64Array(nTasks),
    gapThreshold: 0,
    gapCost: 0,
    ...noPreferredHours(2),
    ...noTargets(),
    nContinuity: 1,
    taskContinuityStart: Int32Array.from([0, 1, 2, 3]),
    taskContinuity: Int32Array.from([0, 0, 0]),
    continuityAllowance: Float64Array.from([1]),
    continuityCost: Float64Array.from([10]),
  };
  return {
    nLocations: nl,
    travelTime: [denseTravel(travel)],
    travelCost: [denseTravel(travel)],
    nTasks,
    taskLocation: Int32Array.from([2, 2, 3]),
    taskService: new Float64Array(nTasks),
    taskEarliest: Float64Array.from([800, DAY, DAY]),
    taskLatest: Float64Array.from([900, DAY + 1000, DAY + 1000]),
    taskDemand: new Float64Array(nTasks),
    taskUnplacedPenalty: new Float64Array(nTasks).fill(10_000),
    nRoutes,
    routeProfile: new Int32Array(nRoutes),
    routeStartLocation: home,
    routeEndLocation: home,
    routeEarliestStart: Float64Array.from([0, DAY, 0, DAY]),
    routeLatestEnd: Float64Array.from([1000, DAY + 1000, 1000, DAY + 1000]),
    routeCapacity: new Float64Array(nRoutes).fill(Number.POSITIVE_INFINITY),
    routeWorker: Int32Array.from([0, 0, 1, 1]),
    nWorkers: 2,
    routeDay: Int32Array.from([0, 1, 0, 1]),
    minRest: REST,
    allowed: new Uint32Array(nTasks).fill(0b1111),
    routeWords: 1,
    ...noLimits(),
    links: [],
    assignmentCost: null,
    soft,
  };
}

/** Which route holds each task according to the routes' own task lists (-1: none). */
function holders(sol: Solution): number[] {
  return Array.from({ length: sol.p.nTasks }, (_, t) =>
    sol.routes.findIndex((route) => route.tasks.includes(t)),
  );
}

describe('engine bookkeeping across two days', () => {
  it('undoes a pillar change that does not pay without stale state on the routes it touched', () => {
    // Before: worker 0 serves task 0 on day 0 (home 50 -> 60 -> 50: 20) and task 1 on day 1
    // (20); worker 1 serves task 2 on day 1 (-50 -> -60 -> -50: 20). Travel 60, C has two
    // carers: 10. Total 70. Worker 0 returns on day 0 at 800 + 10 = 810; 810 + 600 < 1440, so
    // its day 1 leaves at 1440.
    //
    // Giving C's week (tasks 0 and 1) to worker 1 (one carer: -10 screened as a gain): task 0
    // goes on worker 1's day 0 (-50 -> 60 -> -50: 220, back at 800 + 110 = 910, so day 1 may
    // leave no earlier than 910 + 600 = 1510), task 1 on worker 1's day 1 after task 2 (-50 ->
    // -60 -> 60 -> -50: 240). Travel 460, continuity 0: total 460, a change of +390, undone.
    //
    // The undo restores the routes in the order the move touched them: worker 0's two days, then
    // worker 1's day 0 (task 0 leaves; the route is empty, so worker 1's day 1 may leave at 1440
    // again), then worker 1's day 1. The route-by-route undo refreshed worker 1's day 1 at the
    // third step, while it still held task 1, and so recorded task 1 as on route 3; the fourth
    // step gave route 3 back [2] and left that record. Task 1 was then on route 1 and recorded
    // on route 3: removing it took it from neither route and listed it unplaced as well.
    const inst = instance();
    const sol = new Solution(new Problem(inst));
    sol.insert(0, 0, 0);
    sol.insert(1, 1, 0);
    sol.insert(2, 3, 0);
    const pillars = new Pillars(sol, new MoveEvaluator(sol));
    const before = sol.routes.map((route) => [...route.tasks]);
    expect(sol.cost).toBeCloseTo(70, 9);
    expect(sol.routes[1]!.es).toBe(DAY);
    expect(sol.routes[3]!.es).toBe(DAY);

    expect(pillars.tryMove(clientPillarChange, 0, 1)).toBe(false);
    expect(sol.routes.map((route) => route.tasks)).toEqual(before);
    expect(Array.from(sol.taskRoute)).toEqual(holders(sol));
    expect(Array.from(sol.taskRoute)).toEqual([0, 1, 3]);
    expect(sol.routes.map((route) => route.es)).toEqual([0, DAY, 0, DAY]);
    expect(sol.cost).toBeCloseTo(70, 9);
    expect(sol.cost).toBeCloseTo(objectiveOf(inst, toEngineSolution(inst, sol.snapshot())), 9);

    // What a stale record broke: taking task 1 out (as a ruin does) must take it off route 1.
    sol.removeTasks([1]);
    expect(sol.routes.map((route) => route.tasks)).toEqual([[0], [], [], [2]]);
    const out = toEngineSolution(inst, sol.snapshot());
    expect(checkEngineSolution(inst, out)).toEqual([]);
    expect(sol.cost).toBeCloseTo(objectiveOf(inst, out), 9);
  });
  it('bounds the day before by the day after as it is after a move lengthens the later route', () => {
    // Depot 0 on a line, travel = distance, no service; route 2 w + d is worker w on day d,
    // within [1440 d, 1440 d + 1000]; rest 600. Task 0 at 10 (day 1, start by 1560), task 1 at
    // 20 (day 1, start by 1500), task 2 at 10 (day 0, start at 930 exactly).
    //
    // Worker 0's day 1 [0, 1] may leave at the latest at 1480 (task 1 reached by 1500), so
    // worker 0's day 0 must be back by 1480 - 600 = 880. A move takes task 1 to worker 1's day
    // 1: [0] may leave until 1550, day 0 back by 950. A move brings it back: [0, 1] again, day
    // 0 back by 880 again. Task 2 would bring day 0 back at 940: it does not fit.
    //
    // The latest departure was read from the route's caches at its new length before they were
    // refreshed: after the move back, at index 3 of a one-task route, where the caches still held
    // 1480 from the first time [0, 1] was priced. The departure looked unchanged, day 0 kept 950,
    // task 2 went in, and worker 0's day 1 could no longer leave in time for task 1.
    const xs = [0, 10, 20];
    const travel = travelOnLine(xs);
    const inst: EngineInstance = {
      nLocations: 3,
      travelTime: [denseTravel(travel)],
      travelCost: [denseTravel(travel)],
      nTasks: 3,
      taskLocation: Int32Array.from([1, 2, 1]),
      taskService: new Float64Array(3),
      taskEarliest: Float64Array.from([DAY, DAY, 930]),
      taskLatest: Float64Array.from([DAY + 120, DAY + 60, 930]),
      taskDemand: new Float64Array(3),
      taskUnplacedPenalty: new Float64Array(3).fill(10_000),
      nRoutes: 4,
      routeProfile: new Int32Array(4),
      routeStartLocation: new Int32Array(4),
      routeEndLocation: new Int32Array(4),
      routeEarliestStart: Float64Array.from([0, DAY, 0, DAY]),
      routeLatestEnd: Float64Array.from([1000, DAY + 1000, 1000, DAY + 1000]),
      routeCapacity: new Float64Array(4).fill(Number.POSITIVE_INFINITY),
      routeWorker: Int32Array.from([0, 0, 1, 1]),
      nWorkers: 2,
      routeDay: Int32Array.from([0, 1, 0, 1]),
      minRest: REST,
      allowed: new Uint32Array(3).fill(0b1111),
      routeWords: 1,
      ...noLimits(),
      links: [],
      assignmentCost: null,
    };
    const sol = new Solution(new Problem(inst));
    sol.insert(0, 1, 0);
    sol.insert(1, 1, 1);
    expect(sol.routes[0]!.le).toBe(880);
    // A relocate applies as the move evaluator does: both task lists, then both refreshes.
    const relocate = (from: number, fromTasks: number[], to: number, toTasks: number[]) => {
      sol.setTasks(from, fromTasks);
      sol.setTasks(to, toTasks);
      sol.refreshRoute(from);
      sol.refreshRoute(to);
    };
    relocate(1, [0], 3, [1]);
    expect(sol.routes[0]!.le).toBe(950);
    relocate(3, [], 1, [0, 1]);
    expect(sol.routes[0]!.le).toBe(880);
    expect(bestInRoute(sol, 2, 0, new InsertionResult())).toBe(false);
    const out = toEngineSolution(inst, sol.snapshot());
    expect(checkEngineSolution(inst, out)).toEqual([]);
    expect(sol.cost).toBeCloseTo(objectiveOf(inst, out), 9);
  });
});
