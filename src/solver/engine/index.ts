/**
 * The search engine: construction by regret insertion, then ruin-and-recreate with simulated
 * annealing and local search, anytime. See src/solver/README.md for the design and figures.
 */
import type { EngineInstance, EngineOptions, EngineSolution } from './instance.js';
import { toEngineSolution, violations } from './export.js';
import { runEngine } from './run.js';

export type {
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
 */
export function solveEngine(instance: EngineInstance, options: EngineOptions = {}): EngineSolution {
  const { best, initial, unreached, iterations } = runEngine(instance, options);
  if (violations(instance, best).length === 0) return { ...best, unreached, iterations };
  // Defensive: a bug must never leak an infeasible roster. Fall back to the construction, then
  // to placing nothing (always feasible).
  if (violations(instance, initial).length === 0) return { ...initial, unreached, iterations };
  const empty = toEngineSolution(instance, {
    routes: Array.from({ length: instance.nRoutes }, () => []),
    effE: Float64Array.from(instance.taskEarliest),
    effL: Float64Array.from(instance.taskLatest),
    cost: 0,
    nUnplaced: instance.nTasks,
  });
  return { ...empty, unreached, iterations };
}
