import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { construct } from '../src/solver/engine/construct.js';
import { toEngineSolution } from '../src/solver/engine/export.js';
import { bestInRoute, InsertionResult } from '../src/solver/engine/insertion.js';
import { LocalSearch } from '../src/solver/engine/localsearch.js';
import { Problem } from '../src/solver/engine/problem.js';
import { Rng } from '../src/solver/engine/rng.js';
import { search } from '../src/solver/engine/search.js';
import { Solution } from '../src/solver/engine/solution.js';
import { buildInstance, checkEngineSolution, objectiveOf, randomSpec } from './engine-check.js';

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
