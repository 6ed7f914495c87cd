import { describe, expect, it } from 'vitest';
import { checkRoster } from '../src/constraints/check-roster.js';
import { SOFT_TERMS, UNPLACED_TERM } from '../src/constraints/soft-term-definitions.js';
import { generateCouncil } from '../src/generate/council.js';
import { expandProblem } from '../src/model/expand.js';
import { parseProblem } from '../src/model/validate.js';
import { straightLineTravelMatrix } from '../src/geo/straight-line.js';
import { compileProblem } from '../src/solver/compile.js';
import { solveEngine } from '../src/solver/engine/index.js';
import {
  LATE_OPENING_SHARE,
  lateOpeningPays,
  latenessOnly,
} from '../src/solver/lateness-opening.js';
import type { SolutionScore } from '../src/solver/score.js';
import { scoreSolution } from '../src/solver/score.js';
import { solve } from '../src/solver/solve.js';
import { checkEngineSolution, objectiveOf } from './engine-check.js';

/** A short-handed day: a fifth of the carers gone, two hours of lateness allowed. */
const shortHanded = () =>
  parseProblem({
    ...generateCouncil({ seed: 11, clients: 24, days: 1, overload: 0.3 }),
    settings: { weights: { worstLatenessMinute: 2 } },
  });

const score = (byRule: Record<string, number>): SolutionScore => ({
  total: Object.values(byRule).reduce((a, b) => a + b, 0),
  byRule: new Map(Object.entries(byRule)) as SolutionScore['byRule'],
});

describe('the lateness-aware opening', () => {
  it('is tried when lateness passes its share of the soft cost (unplaced and bonuses aside)', () => {
    const soft = 1000;
    const late = (share: number) =>
      score({
        [SOFT_TERMS.travel]: soft * (1 - share),
        [SOFT_TERMS.lateness]: soft * share,
        [SOFT_TERMS.team]: -500,
        [UNPLACED_TERM]: 6_000_000,
      });
    expect(lateOpeningPays(late(LATE_OPENING_SHARE + 0.01))).toBe(true);
    expect(lateOpeningPays(late(LATE_OPENING_SHARE - 0.01))).toBe(false);
    expect(lateOpeningPays(late(0))).toBe(false);
  });

  it('prices lateness and the day’s largest only, and the engine’s cost of it is exact', () => {
    const problem = shortHanded();
    const expanded = expandProblem(problem);
    const travel = straightLineTravelMatrix(expanded.locations, problem.settings.travel);
    const { instance } = compileProblem(expanded, travel);
    const aware = latenessOnly(instance);
    const soft = aware.soft!;
    expect(soft.taskLatenessCost).toBe(instance.soft!.taskLatenessCost);
    expect(soft.worstLatenessCost).toBe(2);
    expect([soft.gapCost, soft.preferredCost, soft.nTargets, soft.nContinuity]).toEqual([
      0, 0, 0, 0,
    ]);
    const solution = solveEngine(aware, { seed: 1, maxIterations: 60 });
    expect(checkEngineSolution(aware, solution)).toEqual([]);
    expect(solution.cost).toBeCloseTo(objectiveOf(aware, solution), 6);
  });

  it('runs on a short-handed day, whose packing passes the threshold: checker-clean, deterministic', () => {
    const problem = shortHanded();
    const expanded = expandProblem(problem);
    const travel = straightLineTravelMatrix(expanded.locations, problem.settings.travel);
    const compiled = compileProblem(expanded, travel);
    const packed = solveEngine(
      { ...compiled.instance, soft: null },
      { seed: 3, maxIterations: 60 },
    );
    expect(lateOpeningPays(scoreSolution(expanded, travel, compiled, packed))).toBe(true);
    const first = solve(problem, { seed: 3, maxIterations: 200 });
    expect(checkRoster(problem, first)).toEqual([]);
    expect(first.kpis.lateVisits).toBeGreaterThan(0);
    const { elapsedMs: _a, ...stats1 } = first.stats!;
    const again = solve(problem, { seed: 3, maxIterations: 200 });
    const { elapsedMs: _b, ...stats2 } = again.stats!;
    expect({ ...again, stats: stats2 }).toEqual({ ...first, stats: stats1 });
  });
});
