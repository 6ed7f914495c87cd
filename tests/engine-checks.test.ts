/**
 * The engine-checks switch (`CARE_ROSTER_ENGINE_CHECKS=1`, set for this file by the vitest
 * config's engine-checks project): predictions that a recomputation contradicts throw, naming
 * what was checked and both figures.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkEqual,
  ENGINE_CHECKS,
  EngineCheckError,
  recomputedCost,
} from '../src/solver/engine/checks.js';
import { construct } from '../src/solver/engine/construct.js';
import { toEngineSolution } from '../src/solver/engine/export.js';
import { LocalSearch } from '../src/solver/engine/localsearch.js';
import { Problem } from '../src/solver/engine/problem.js';
import { Rng } from '../src/solver/engine/rng.js';
import { search } from '../src/solver/engine/search.js';
import { Solution } from '../src/solver/engine/solution.js';
import { buildInstance, objectiveOf, randomSpec } from './engine-check.js';

/** A constructed solution of a random instance with at least one placed task. */
const constructed = randomSpec
  .map((spec) => {
    const inst = buildInstance(spec);
    const sol = new Solution(new Problem(inst));
    construct(sol);
    return { inst, sol, seed: spec.seed };
  })
  .filter(({ sol }) => sol.nUnplaced < sol.p.nTasks);

describe('engine checks', () => {
  it('are on in this test project', () => {
    expect(ENGINE_CHECKS).toBe(true);
  });

  it('recompute the objective from scratch as the independent test harness does', () => {
    fc.assert(
      fc.property(constructed, ({ inst, sol }) => {
        // The earliest schedule, the one the search prices (no start moved later on export).
        const expected = objectiveOf(inst, toEngineSolution(inst, sol.snapshot(), false));
        expect(recomputedCost(sol)).toBeCloseTo(expected, 6);
      }),
      { numRuns: 100 },
    );
  });

  it('name the check and both figures when they disagree', () => {
    expect(() => checkEqual('relocate move', -20, -18.5, 100)).toThrow(EngineCheckError);
    expect(() => checkEqual('relocate move', -20, -18.5, 100)).toThrow(
      'engine check failed: relocate move predicted -20, recomputation gives -18.5',
    );
    expect(() => checkEqual('relocate move', -20, -20 + 1e-12, 100)).not.toThrow();
  });

  it('stop the search when its running cost has drifted from the truth', () => {
    fc.assert(
      fc.property(constructed, ({ sol, seed }) => {
        sol.travelCost += 5;
        expect(() => search(sol, { seed, maxIterations: 1 })).toThrow(/running cost/);
      }),
      { numRuns: 20 },
    );
  });

  it('stop on a route whose bounds the rest between days no longer gives', () => {
    fc.assert(
      fc.property(
        constructed.filter(({ sol }) => sol.p.days.rest > 0),
        fc.nat(),
        ({ sol }, pick) => {
          expect(() => recomputedCost(sol)).not.toThrow();
          // A latest return five minutes looser than the worker's later days allow.
          sol.routes[pick % sol.routes.length]!.le += 5;
          expect(() => recomputedCost(sol)).toThrow(/keeps bounds \[.+\], the rest gives/);
        },
      ),
      { numRuns: 20 },
    );
  });

  it('stop local search on a move priced from stale route caches', () => {
    // Travel costs cached as if every arc were free: moves look better than they are, and the
    // first one taken is priced wrong.
    let caught = 0;
    fc.assert(
      fc.property(constructed, ({ sol, seed }) => {
        for (const route of sol.routes) route.cumCost.fill(0);
        try {
          new LocalSearch(sol).run(new Rng(seed));
        } catch (error) {
          expect(error).toBeInstanceOf(EngineCheckError);
          expect((error as Error).message).toMatch(/ move predicted -?[\d.e+-]+, recomputation/);
          caught++;
        }
      }),
      { numRuns: 60 },
    );
    expect(caught).toBeGreaterThan(0);
  });
});
