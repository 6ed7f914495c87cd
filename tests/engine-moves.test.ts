/**
 * Each local-search move on a tiny instance whose cost change is worked out by hand: places on a
 * line (travel time = cost = the distance), every route from and back to the depot at 0, windows
 * wide open, one carer a route. A route's cost is the length of its walk, e.g. [10, -10] walks
 * 0 → 10 → -10 → 0 = 10 + 20 + 10 = 40.
 */
import { describe, expect, it } from 'vitest';
import { toEngineSolution } from '../src/solver/engine/export.js';
import type { EngineInstance } from '../src/solver/engine/instance.js';
import { bestInRoute, InsertionResult } from '../src/solver/engine/insertion.js';
import { MoveEvaluator } from '../src/solver/engine/moves/evaluator.js';
import type { Move } from '../src/solver/engine/moves/move.js';
import { orOpt, relocate } from '../src/solver/engine/moves/or-opt.js';
import { relocateInRoute } from '../src/solver/engine/moves/relocate-in-route.js';
import { swapInRoute } from '../src/solver/engine/moves/swap-in-route.js';
import { swap } from '../src/solver/engine/moves/swap.js';
import { twoOptStar } from '../src/solver/engine/moves/two-opt-star.js';
import { Problem } from '../src/solver/engine/problem.js';
import { Solution } from '../src/solver/engine/solution.js';
import { checkEngineSolution, objectiveOf } from './engine-check.js';
import { noLimits } from './support/engine-parts.js';
import { denseTravel } from '../src/solver/engine/travel-table.js';

/** Task `t` stands at `places[t]` on the line; `latest` optionally closes some windows. */
function lineInstance(places: number[], nRoutes: number, latest: number[] = []): EngineInstance {
  const xs = [0, ...places];
  const nl = xs.length;
  const travel = new Float64Array(nl * nl);
  for (let a = 0; a < nl; a++) {
    for (let b = 0; b < nl; b++) travel[a * nl + b] = Math.abs(xs[a]! - xs[b]!);
  }
  const nTasks = places.length;
  const routeWords = Math.ceil(nRoutes / 32);
  return {
    nLocations: nl,
    travelTime: [denseTravel(travel)],
    travelCost: [denseTravel(travel)],
    nTasks,
    taskLocation: Int32Array.from(places, (_, t) => t + 1),
    taskService: new Float64Array(nTasks),
    taskEarliest: new Float64Array(nTasks),
    taskLatest: Float64Array.from(places, (_, t) => latest[t] ?? 1000),
    taskDemand: new Float64Array(nTasks),
    taskUnplacedPenalty: new Float64Array(nTasks).fill(10_000),
    nRoutes,
    routeProfile: new Int32Array(nRoutes),
    routeStartLocation: new Int32Array(nRoutes),
    routeEndLocation: new Int32Array(nRoutes),
    routeEarliestStart: new Float64Array(nRoutes),
    routeLatestEnd: new Float64Array(nRoutes).fill(1000),
    routeCapacity: new Float64Array(nRoutes).fill(Number.POSITIVE_INFINITY),
    routeWorker: Int32Array.from({ length: nRoutes }, (_, r) => r),
    nWorkers: nRoutes,
    allowed: new Uint32Array(nTasks * routeWords).fill(0xffffffff),
    routeWords,
    ...noLimits(),
    links: [],
    assignmentCost: null,
  };
}

/** A solution with exactly the given routes, and an evaluator on it. */
function setUp(inst: EngineInstance, routes: number[][]): { sol: Solution; ev: MoveEvaluator } {
  const sol = new Solution(new Problem(inst));
  routes.forEach((tasks, r) => tasks.forEach((t, k) => sol.insert(t, r, k)));
  return { sol, ev: new MoveEvaluator(sol) };
}

/**
 * Evaluates `move` at (r1, i, r2, j), expects `delta`, applies it and expects `after` and an
 * objective (recomputed from scratch, and the running one) lower by exactly `delta`.
 */
function expectMove(
  inst: EngineInstance,
  before: number[][],
  move: Move,
  [r1, i, r2, j]: [number, number, number, number],
  delta: number,
  after: number[][],
): void {
  const { sol, ev } = setUp(inst, before);
  const cost = objectiveOf(inst, toEngineSolution(inst, sol.snapshot()));
  expect(move.evaluate(ev, r1, i, r2, j)).toBe(true);
  expect(ev.delta).toBeCloseTo(delta, 9);
  // Evaluating changes nothing.
  expect(sol.routes.map((route) => route.tasks)).toEqual(before);
  move.apply(ev, r1, i, r2, j);
  expect(sol.routes.map((route) => route.tasks)).toEqual(after);
  const result = toEngineSolution(inst, sol.snapshot());
  expect(checkEngineSolution(inst, result)).toEqual([]);
  expect(objectiveOf(inst, result) - cost).toBeCloseTo(delta, 9);
  expect(sol.cost - cost).toBeCloseTo(delta, 9);
}

describe('local-search moves, each against a hand-worked example', () => {
  it('relocate moves one task to another route', () => {
    // Route 0 walks [10, -10]: 40; route 1 walks [12]: 24. Task 0 (at 10) moves after task 2
    // (node 1 of route 1): route 0 walks [-10]: 20, route 1 walks [12, 10]: 12 + 2 + 10 = 24.
    // Change: (20 - 40) + (24 - 24) = -20.
    const inst = lineInstance([10, -10, 12], 2);
    expectMove(inst, [[0, 1], [2]], relocate, [0, 1, 1, 1], -20, [[1], [2, 0]]);
  });

  it('swap exchanges a task of each route', () => {
    // Route 0 walks [10, -12]: 10 + 22 + 12 = 44; route 1 walks [-10, 12]: 44. Swapping the
    // second tasks: route 0 walks [10, 12]: 24, route 1 walks [-10, -12]: 24. Change: -40.
    const inst = lineInstance([10, -12, -10, 12], 2);
    expectMove(
      inst,
      [
        [0, 1],
        [2, 3],
      ],
      swap,
      [0, 2, 1, 2],
      -40,
      [
        [0, 3],
        [2, 1],
      ],
    );
  });

  it('relocate is ruled out when it breaks a window, though it would save travel', () => {
    // The first example, but task 0 (at 10) must start by 10: first on route 0 it starts at 10;
    // after task 2 on route 1 it would start at 12 + 2 = 14.
    const inst = lineInstance([10, -10, 12], 2, [10]);
    const { sol, ev } = setUp(inst, [[0, 1], [2]]);
    expect(checkEngineSolution(inst, toEngineSolution(inst, sol.snapshot()))).toEqual([]);
    expect(relocate.evaluate(ev, 0, 1, 1, 1)).toBe(false);
  });

  it('or-opt moves a string of two tasks to another route', () => {
    // Route 0 walks [-10, -11, 10]: 10 + 1 + 21 + 10 = 42; route 1 walks [-12]: 24. Tasks 0, 1
    // (nodes 1-2 of route 0) go before task 3 (after node 0 of route 1): route 0 walks [10]: 20,
    // route 1 walks [-10, -11, -12]: 24. Change: (20 - 42) + (24 - 24) = -22.
    const inst = lineInstance([-10, -11, 10, -12], 2);
    expectMove(inst, [[0, 1, 2], [3]], orOpt(2), [0, 1, 1, 0], -22, [[2], [0, 1, 3]]);
  });

  it('2-opt* exchanges the tails of two routes', () => {
    // Route 0 walks [10, -10]: 40; route 1 walks [-12, 12]: 48. Route 0 keeps node 1 and takes
    // route 1's tail from node 2, and the other way round: [10, 12]: 24 and [-12, -10]: 24.
    // Change: (24 - 40) + (24 - 48) = -40.
    const inst = lineInstance([10, -10, -12, 12], 2);
    expectMove(
      inst,
      [
        [0, 1],
        [2, 3],
      ],
      twoOptStar,
      [0, 1, 1, 1],
      -40,
      [
        [0, 3],
        [2, 1],
      ],
    );
  });

  it('relocate within a route moves a task to another place on it', () => {
    // [10, -10, 11] walks 10 + 20 + 21 + 11 = 62; task 2 (node 3) moves after node 1:
    // [10, 11, -10] walks 10 + 1 + 21 + 10 = 42. Change: -20.
    const inst = lineInstance([10, -10, 11], 1);
    expectMove(inst, [[0, 1, 2]], relocateInRoute(1), [0, 3, 0, 1], -20, [[0, 2, 1]]);
  });

  it('swap within a route exchanges two tasks around a third', () => {
    // [10, -10, -11, 11] walks 10 + 20 + 1 + 22 + 11 = 64; swapping nodes 1 and 3:
    // [-11, -10, 10, 11] walks 11 + 1 + 20 + 1 + 11 = 44. Change: -20.
    const inst = lineInstance([10, -10, -11, 11], 1);
    expectMove(inst, [[0, 1, 2, 3]], swapInRoute, [0, 1, 0, 3], -20, [[2, 1, 0, 3]]);
  });

  it('swap within a route exchanges two neighbours', () => {
    // [10, -10, 11, -11] walks 10 + 20 + 21 + 22 + 11 = 84; swapping nodes 2 and 3:
    // [10, 11, -10, -11] walks 10 + 1 + 21 + 1 + 11 = 44. Change: -40.
    const inst = lineInstance([10, -10, 11, -11], 1);
    expectMove(inst, [[0, 1, 2, 3]], swapInRoute, [0, 2, 0, 3], -40, [[0, 2, 1, 3]]);
  });
});

describe('insertion under a work limit', () => {
  it('finds a detour that costs less work than its service when travel is not metric', () => {
    // Travel rounded to whole minutes need not keep the triangle inequality. Depot 0, task 0
    // at place 1 (5 min from the depot), task 1 at place 2, 1 min from both (1 + 1 < 5). Route
    // 0 walks [0]: 5 + 5 = 10 minutes of work; the limit is 13, so 3 are left, less than task
    // 1's 6 minutes of service. Going depot → task 1 → task 0 costs 6 + 1 + 1 - 5 = 3 more work:
    // it fits, and an early "service exceeds what is left" shortcut wrongly ruled it out
    // (found by the engine's soft-terms property test, seed 1433856596).
    const inst = lineInstance([10, 20], 1);
    const travel = Float64Array.from([0, 5, 1, 5, 0, 1, 1, 1, 0]);
    const work: EngineInstance = {
      ...inst,
      travelTime: [denseTravel(travel)],
      travelCost: [denseTravel(travel)],
      taskService: Float64Array.from([0, 6]),
      nLimits: 1,
      limitMax: Float64Array.from([13]),
      limitStart: Int32Array.from([0, 1]),
      limitRoutes: Int32Array.from([0]),
    };
    const { sol } = setUp(work, [[0]]);
    const res = new InsertionResult();
    expect(bestInRoute(sol, 1, 0, res)).toBe(true);
    expect(res.pos).toBe(0);
    expect(res.work).toBeCloseTo(3, 9);
    sol.insert(1, res.route, res.pos);
    expect(checkEngineSolution(work, toEngineSolution(work, sol.snapshot()))).toEqual([]);
  });
});
