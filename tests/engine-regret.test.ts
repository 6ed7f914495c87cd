/**
 * The regret construction's cached pricing against pricing every cell of the changed routes
 * again, and its greedy finish when the regret order would not end in time.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { construct, ConstructCounts, regretInsert } from '../src/solver/engine/construct.js';
import { toEngineSolution, violations } from '../src/solver/engine/export.js';
import type { EngineInstance } from '../src/solver/engine/instance.js';
import { bestInRoute, groupMembers, InsertionResult } from '../src/solver/engine/insertion.js';
import { Problem } from '../src/solver/engine/problem.js';
import { Solution } from '../src/solver/engine/solution.js';
import { generateCouncil } from '../src/generate/council.js';
import { straightLineTravelMatrix } from '../src/geo/straight-line.js';
import { expandProblem } from '../src/model/expand.js';
import { parseProblem } from '../src/model/validate.js';
import { compileProblem } from '../src/solver/compile.js';
import { buildInstance, checkEngineSolution, randomSpec } from './engine-check.js';

/** A solution with every placeable linked group in (as construct begins), and its singles. */
function withGroups(inst: EngineInstance): { sol: Solution; singles: number[] } {
  const p = new Problem(inst);
  const sol = new Solution(p);
  const singles: number[] = [];
  for (let g = 0; g < p.nGroups; g++) {
    const members = groupMembers(p, g);
    if (p.groupPlaceable[g] === 1 && members.length === 1) singles.push(members[0]!);
  }
  // Placed through construct with every single taken out again: the groups as it places them.
  construct(sol);
  sol.removeTasks(singles.filter((t) => sol.taskRoute[t]! >= 0));
  return { sol, singles };
}

/** Two solutions from one start: one by the cached regret, one repricing everything. */
function bothWays(inst: EngineInstance) {
  const a = withGroups(inst);
  const b = withGroups(inst);
  const cached = new ConstructCounts();
  const full = new ConstructCounts();
  const leftA = regretInsert(a.sol, a.singles, { counts: cached });
  const leftB = regretInsert(b.sol, b.singles, { counts: full, repriceAll: true });
  return { a: a.sol, b: b.sol, leftA, leftB, cached, full };
}

/** A generated two-day council with the rest between days and at most one day in a row. */
function council(): EngineInstance {
  const generated = generateCouncil({ seed: 3, clients: 40, days: 2 });
  const problem = parseProblem({
    ...generated,
    settings: { ...generated.settings, workingTime: { maxConsecutiveDays: 1 } },
  });
  const expanded = expandProblem(problem);
  const travel = straightLineTravelMatrix(expanded.locations, problem.settings.travel);
  return { ...compileProblem(expanded, travel).instance, soft: null };
}

describe('regret construction', () => {
  it('places as repricing every changed route would, on random instances without soft terms', () => {
    fc.assert(
      fc.property(randomSpec, (spec) => {
        const inst = { ...buildInstance(spec), soft: null };
        const { a, b, leftA, leftB } = bothWays(inst);
        expect(leftA).toEqual([]);
        expect(leftB).toEqual([]);
        expect(a.snapshot().routes).toEqual(b.snapshot().routes);
        expect(a.cost).toBe(b.cost);
      }),
      { numRuns: 60, seed: 15 },
    );
  });

  it('places as repricing would on a generated council, pricing far less', () => {
    const { a, b, cached, full } = bothWays(council());
    expect(a.snapshot().routes).toEqual(b.snapshot().routes);
    expect(a.nUnplaced).toBe(b.nUnplaced);
    expect(cached.routes + cached.positions).toBeGreaterThan(0);
    expect(cached.routes).toBeLessThan(full.routes / 2);
  });

  it('finishes greedily when the regret order would not end in time, placing what fits', () => {
    const inst = council();
    const regret = withGroups(inst);
    regretInsert(regret.sol, regret.singles);
    const runs = [0, 1].map(() => {
      const { sol, singles } = withGroups(inst);
      // Past already: after the first few insertions the pace says it cannot end in time.
      const left = regretInsert(sol, singles, { finishBy: Number.NEGATIVE_INFINITY });
      return { sol, singles, left };
    });
    const { sol, singles, left } = runs[0]!;
    expect(left).toEqual([]);
    expect(runs[1]!.sol.snapshot().routes).toEqual(sol.snapshot().routes);
    const solution = toEngineSolution(inst, sol.snapshot());
    expect(violations(inst, solution)).toEqual([]);
    expect(checkEngineSolution(inst, solution)).toEqual([]);
    // A task left out fits nowhere as the roster ended.
    const res = new InsertionResult();
    for (const t of singles) {
      if (sol.taskRoute[t]! >= 0) continue;
      res.reset();
      for (let r = 0; r < inst.nRoutes; r++) bestInRoute(sol, t, r, res);
      expect(res.route).toBe(-1);
    }
    // Not the regret's roster, but about as full.
    expect(sol.snapshot().routes).not.toEqual(regret.sol.snapshot().routes);
    const placed = (x: Solution) => singles.filter((t) => x.taskRoute[t]! >= 0).length;
    expect(placed(sol)).toBeGreaterThanOrEqual(0.95 * placed(regret.sol));
  });
});
