import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { construct } from '../src/solver/engine/construct.js';
import { toEngineSolution } from '../src/solver/engine/export.js';
import { bestInRoute, InsertionResult } from '../src/solver/engine/insertion.js';
import { LocalSearch } from '../src/solver/engine/localsearch.js';
import { Problem } from '../src/solver/engine/problem.js';
import { Rng } from '../src/solver/engine/rng.js';
import type { EngineInstance } from '../src/solver/engine/instance.js';
import { search } from '../src/solver/engine/search.js';
import { Solution } from '../src/solver/engine/solution.js';
import { buildInstance, checkEngineSolution, objectiveOf, randomSpec } from './engine-check.js';
import { noLimits, noPreferredHours, travelOnLine } from './support/engine-parts.js';
import { denseTravel } from '../src/solver/engine/travel-table.js';

/** Export the earliest schedule, the one the search prices (no start moved later). */
const EARLIEST = false;

/** Random instances that always carry soft terms (lateness, gaps, preferred hours, targets). */
const softSpec = randomSpec.filter((spec) => spec.soft !== null);

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-6 * (1 + Math.abs(b));

describe('soft terms in the engine’s move evaluation', () => {
  it('prices each insertion exactly as the recomputed objective changes', () => {
    fc.assert(
      fc.property(softSpec, fc.nat(), (spec, pick) => {
        const inst = buildInstance(spec);
        const p = new Problem(inst);
        const sol = new Solution(p);
        construct(sol);
        const singles = [];
        for (let t = 0; t < p.nTasks; t++) {
          if (
            sol.taskRoute[t]! >= 0 &&
            p.groupStart[p.groupOf[t]! + 1]! - p.groupStart[p.groupOf[t]!]! === 1
          ) {
            singles.push(t);
          }
        }
        if (singles.length === 0) return;
        const u = singles[pick % singles.length]!;
        sol.removeTasks([u]);
        const before = objectiveOf(inst, toEngineSolution(inst, sol.snapshot(), EARLIEST));
        expect(close(sol.cost, before)).toBe(true);
        const res = new InsertionResult();
        for (let r = 0; r < p.nRoutes; r++) bestInRoute(sol, u, r, res);
        expect(res.route).toBeGreaterThanOrEqual(0);
        sol.insert(u, res.route, res.pos);
        const after = toEngineSolution(inst, sol.snapshot(), EARLIEST);
        expect(checkEngineSolution(inst, after)).toEqual([]);
        const penalty = inst.taskUnplacedPenalty[u]!;
        expect(close(objectiveOf(inst, after) - before, res.delta - penalty)).toBe(true);
        expect(close(sol.cost, objectiveOf(inst, after))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('prices a position tied with the best so far with its schedule, or not at all', () => {
    // Places on a line from a depot at 0 (travel time = cost = distance), one route [0, 1000]:
    // task 0 at -6, task 1 at -2 (service 5), task 2 at -18 (service 5, not before 294). An
    // unpaid minute costs 1; targets: travel 59 (1 a minute short), work 29 (0.1 a minute short).
    // Route [0, 1]: travel 12 (47 short), work 17 (12 short: 1.2). Task 2 goes in:
    // - first: travel 36 (+24), short 23 (-24), work 46 (-1.2); it starts at 294 and the carer
    //   leaves later, no gap. Change -1.2.
    // - last: travel 44 (+32), short 15 (-32), work 54 (-1.2): also -1.2 before its schedule,
    //   but it waits from 31 to 294 after task 1: +263. Change 261.8.
    // The last position could not beat -1.2 even without its gap, so its schedule was not
    // replayed; its sum without it, -1.2 added up in another order, rounded just below the first
    // position's and won: priced -1.2, it cost 261.8.
    const xs = [0, -6, -2, -18];
    const travel = travelOnLine(xs);
    const inst: EngineInstance = {
      nLocations: 4,
      travelTime: [denseTravel(travel)],
      travelCost: [denseTravel(travel)],
      nTasks: 3,
      taskLocation: Int32Array.from([1, 2, 3]),
      taskService: Float64Array.from([0, 5, 5]),
      taskEarliest: Float64Array.from([0, 4, 294]),
      taskLatest: Float64Array.from([600, 604, 894]),
      taskDemand: new Float64Array(3),
      taskUnplacedPenalty: new Float64Array(3).fill(1000),
      nRoutes: 1,
      routeProfile: new Int32Array(1),
      routeStartLocation: new Int32Array(1),
      routeEndLocation: new Int32Array(1),
      routeEarliestStart: new Float64Array(1),
      routeLatestEnd: Float64Array.from([1000]),
      routeCapacity: Float64Array.from([Number.POSITIVE_INFINITY]),
      routeWorker: new Int32Array(1),
      nWorkers: 1,
      allowed: new Uint32Array(3).fill(1),
      routeWords: 1,
      ...noLimits(),
      links: [],
      assignmentCost: null,
      soft: {
        taskDue: new Float64Array(3).fill(Number.POSITIVE_INFINITY),
        taskLatenessCost: new Float64Array(3),
        gapThreshold: 0,
        gapCost: 1,
        ...noPreferredHours(1),
        nTargets: 2,
        targetStart: Int32Array.from([0, 1, 2]),
        targetRoutes: Int32Array.from([0, 0]),
        targetMeasure: Uint8Array.from([1, 0]),
        targetValue: Float64Array.from([59, 29]),
        targetUnderCost: Float64Array.from([1, 0.1]),
        targetOverCost: Float64Array.from([0, 0]),
        nContinuity: 0,
        taskContinuityStart: new Int32Array(4),
        taskContinuity: new Int32Array(0),
        continuityAllowance: new Float64Array(0),
        continuityCost: new Float64Array(0),
      },
    };
    const sol = new Solution(new Problem(inst));
    sol.insert(0, 0, 0);
    sol.insert(1, 0, 1);
    const before = objectiveOf(inst, toEngineSolution(inst, sol.snapshot(), EARLIEST));
    expect(before).toBeCloseTo(12 + 47 + 1.2 + 1000, 9);
    const res = new InsertionResult();
    expect(bestInRoute(sol, 2, 0, res)).toBe(true);
    expect(res.pos).toBe(0);
    expect(res.delta).toBeCloseTo(-1.2, 9);
    sol.insert(2, 0, res.pos);
    const after = objectiveOf(inst, toEngineSolution(inst, sol.snapshot(), EARLIEST));
    expect(after - before).toBeCloseTo(res.delta - 1000, 9);
  });

  it('keeps its running cost equal to the recomputed one through ruin, recreate and undo', () => {
    fc.assert(
      fc.property(softSpec, (spec) => {
        const inst = buildInstance(spec);
        const sol = new Solution(new Problem(inst));
        construct(sol);
        const best = search(sol, { seed: spec.seed, maxIterations: 60 });
        expect(close(best.cost, objectiveOf(inst, toEngineSolution(inst, best, EARLIEST)))).toBe(
          true,
        );
        // The state the search ended in, rejected steps undone, is priced right too.
        expect(
          close(sol.cost, objectiveOf(inst, toEngineSolution(inst, sol.snapshot(), EARLIEST))),
        ).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('local search only takes moves that lower the recomputed objective', () => {
    fc.assert(
      fc.property(softSpec, (spec) => {
        const inst = buildInstance(spec);
        const p = new Problem(inst);
        const sol = new Solution(p);
        construct(sol);
        const ls = new LocalSearch(sol);
        const rng = new Rng(spec.seed);
        let cost = objectiveOf(inst, toEngineSolution(inst, sol.snapshot(), EARLIEST));
        for (let step = 0; step < 25 && ls.run(rng, null, 1) === 1; step++) {
          const next = toEngineSolution(inst, sol.snapshot(), EARLIEST);
          expect(checkEngineSolution(inst, next)).toEqual([]);
          const recomputed = objectiveOf(inst, next);
          expect(recomputed).toBeLessThan(cost + 1e-9);
          expect(close(sol.cost, recomputed)).toBe(true);
          cost = recomputed;
        }
      }),
      { numRuns: 300 },
    );
  });
});
