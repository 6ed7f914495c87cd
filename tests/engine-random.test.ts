import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { solveEngine } from '../src/solver/engine/index.js';
import type { EngineInstance } from '../src/solver/engine/instance.js';
import { runEngine } from '../src/solver/engine/run.js';
import { buildInstance, checkEngineSolution, objectiveOf, randomSpec } from './engine-check.js';
import { denseTravel } from '../src/solver/engine/travel-table.js';

describe('solveEngine on random small instances', () => {
  it('returns feasible solutions no worse than construction, with the cost it reports', () => {
    fc.assert(
      fc.property(randomSpec, (spec) => {
        const inst = buildInstance(spec);
        // The unguarded run, so a search bug cannot hide behind solveEngine's fallback.
        const { best: sol, initial } = runEngine(inst, { seed: spec.seed, maxIterations: 150 });
        expect(checkEngineSolution(inst, initial)).toEqual([]);
        expect(checkEngineSolution(inst, sol)).toEqual([]);
        expect(sol.cost).toBeCloseTo(objectiveOf(inst, sol), 6);
        expect(sol.cost).toBeLessThanOrEqual(initial.cost + 1e-6);
      }),
      { numRuns: 250 },
    );
  });

  it('starts from a given solution, keeping every stop that still fits', () => {
    fc.assert(
      fc.property(randomSpec, (spec) => {
        const inst = buildInstance(spec);
        const first = solveEngine(inst, { seed: spec.seed, maxIterations: 40 });
        const again = runEngine(inst, { initial: first, maxIterations: 0 }).initial;
        expect(checkEngineSolution(inst, again)).toEqual([]);
        for (let r = 0; r < inst.nRoutes; r++) {
          // Every stop kept, in order; construction may only add stops.
          const kept = again.routes[r]!.filter((t) => first.routes[r]!.includes(t));
          expect(kept).toEqual(first.routes[r]);
        }
        expect(again.cost).toBeLessThanOrEqual(first.cost + 1e-6);
      }),
      { numRuns: 150 },
    );
  });

  it('is deterministic for the same seed and iteration limit', () => {
    fc.assert(
      fc.property(randomSpec, (spec) => {
        const inst = buildInstance(spec);
        const a = solveEngine(inst, { seed: spec.seed, maxIterations: 100 });
        const b = solveEngine(inst, { seed: spec.seed, maxIterations: 100 });
        expect(b.routes).toEqual(a.routes);
        expect(Array.from(b.taskStart)).toEqual(Array.from(a.taskStart));
        expect(b.cost).toBe(a.cost);
      }),
      { numRuns: 60 },
    );
  });

  it('places double-ups on two workers at the same time and chains in order', () => {
    // Three workers, one depot; tasks 0/1 are a double-up, 2 -> 3 -> 4 a chain of gaps.
    const nl = 3;
    const travel = Float64Array.from([0, 10, 20, 10, 0, 15, 20, 15, 0]);
    const nTasks = 5;
    const nRoutes = 3;
    const inst: EngineInstance = {
      nLocations: nl,
      travelTime: [denseTravel(travel)],
      travelCost: [denseTravel(travel)],
      nTasks,
      taskLocation: Int32Array.from([1, 1, 2, 2, 1]),
      taskService: Float64Array.from([30, 30, 20, 20, 20]),
      taskEarliest: Float64Array.from([60, 0, 0, 0, 0]),
      taskLatest: Float64Array.from([120, 200, 400, 400, 400]),
      taskDemand: new Float64Array(nTasks),
      taskUnplacedPenalty: new Float64Array(nTasks).fill(10_000),
      nRoutes,
      routeProfile: new Int32Array(nRoutes),
      routeStartLocation: new Int32Array(nRoutes),
      routeEndLocation: new Int32Array(nRoutes),
      routeEarliestStart: new Float64Array(nRoutes),
      routeLatestEnd: new Float64Array(nRoutes).fill(600),
      routeCapacity: new Float64Array(nRoutes).fill(Number.POSITIVE_INFINITY),
      routeWorker: Int32Array.from([0, 1, 2]),
      nWorkers: 3,
      allowed: new Uint32Array(nTasks).fill(0b111),
      routeWords: 1,
      nLimits: 0,
      limitMax: new Float64Array(0),
      limitStart: new Int32Array(1),
      limitRoutes: new Int32Array(0),
      links: [
        { a: 0, b: 1, minGap: 0, maxGap: 0 },
        { a: 2, b: 3, minGap: 30, maxGap: 60 },
        { a: 3, b: 4, minGap: 30, maxGap: 30 },
      ],
      assignmentCost: null,
    };
    const sol = runEngine(inst, { seed: 3, maxIterations: 200 }).best;
    expect(checkEngineSolution(inst, sol)).toEqual([]);
    expect(sol.unplaced).toEqual([]);
    expect(sol.taskStart[0]).toBe(sol.taskStart[1]);
  });
});
