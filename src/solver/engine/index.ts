/**
 * The search engine: construction by regret insertion, then ruin-and-recreate with simulated
 * annealing and local search, anytime. See src/solver/README.md for the design and figures.
 */
import type { EngineInstance, EngineOptions, EngineSolution } from './instance.js';
import { ENGINE_CHECKS, EngineCheckError } from './checks.js';
import { toEngineSolution, violations } from './export.js';
import { runEngine } from './run.js';

export type {
  AllowedGroups,
  EngineInstance,
  EngineOptions,
  EngineProgress,
  EngineSolution,
  EngineSoftTerms,
  TaskLink,
} from './instance.js';

/**
 * Solves an engine instance: every hard constraint holds in the result; the objective (unplaced
 * penalties + travel cost + assignment cost) is minimised within the budget.
 *
 * Deterministic for a given instance, `seed` and `maxIterations` when no `timeLimitMs` is set.
 * Stops at `timeLimitMs`, after `maxIterations` improvement iterations or when `signal` aborts,
 * whichever comes first, and returns the best solution found. Without either limit it runs for
 * 10 seconds.
 *
 * A last guard re-checks the result with an independent feasibility test. Should a bug ever
 * produce an infeasible solution, it is replaced by the construction (or, failing that, by
 * placing nothing) and `fallbacks` says so; with engine checks on (`CARE_ROSTER_ENGINE_CHECKS=1`,
 * see `checks.ts`) it throws an `EngineCheckError` instead.
 *
 * @example
 * const solution = solveEngine(instance, { seed: 1, maxIterations: 1000 });
 * if (solution.fallbacks !== 0) console.warn('engine bug: search result replaced');
 */
export function solveEngine(instance: EngineInstance, options: EngineOptions = {}): EngineSolution {
  const { best, initial, unreached, iterations } = runEngine(instance, options);
  const problems = violations(instance, best);
  if (problems.length === 0) return { ...best, unreached, iterations, fallbacks: 0 };
  if (ENGINE_CHECKS) {
    throw new EngineCheckError(
      `engine check failed: the search returned an infeasible solution (${problems.slice(0, 3).join('; ')})`,
    );
  }
  // A bug must never leak an infeasible roster. Fall back to the construction, then to placing
  // nothing (always feasible), and count it so callers can see.
  if (violations(instance, initial).length === 0) {
    return { ...initial, unreached, iterations, fallbacks: 1 };
  }
  const empty = toEngineSolution(instance, {
    routes: Array.from({ length: instance.nRoutes }, () => []),
    effE: Float64Array.from(instance.taskEarliest),
    effL: Float64Array.from(instance.taskLatest),
    cost: 0,
    nUnplaced: instance.nTasks,
  });
  return { ...empty, unreached, iterations, fallbacks: 1 };
}
