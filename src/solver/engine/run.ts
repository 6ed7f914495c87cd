/**
 * The unguarded pipeline behind solveEngine: construction, then search. Exposed separately so
 * tests can check the search's own output without the final safety net hiding a bug.
 */
import { construct, warmStart } from './construct.js';
import type { EngineInstance, EngineOptions, EngineSolution } from './instance.js';
import { toEngineSolution } from './export.js';
import { Problem } from './problem.js';
import type { SearchParams } from './search.js';
import { DEFAULT_PARAMS, search } from './search.js';
import { Solution } from './solution.js';

export interface EngineRun {
  /** Best solution of the search. */
  readonly best: EngineSolution;
  /** The constructed starting solution. */
  readonly initial: EngineSolution;
  /** Tasks the construction did not reach before the time limit or abort. */
  readonly unreached: readonly number[];
  /** Improvement iterations run. */
  readonly iterations: number;
}

/** Constructs and improves a solution; no final feasibility guard. */
export function runEngine(
  instance: EngineInstance,
  options: EngineOptions = {},
  params: SearchParams = DEFAULT_PARAMS,
): EngineRun {
  const started = performance.now();
  const p = new Problem(instance);
  const sol = new Solution(p);
  if (options.initial !== undefined) {
    warmStart(sol, options.initial.routes, options.initial.taskStart);
  }
  const constructionLimit = options.constructionTimeLimitMs ?? options.timeLimitMs;
  const { onConstructing } = options;
  const unreached = construct(sol, {
    at: constructionLimit === undefined ? undefined : started + constructionLimit,
    signal: options.signal,
    look:
      onConstructing === undefined
        ? undefined
        : () => onConstructing(() => toEngineSolution(instance, sol.snapshot())),
  });
  sol.resum();
  const initial = toEngineSolution(instance, sol.snapshot());
  options.onConstructed?.(initial, unreached);
  let iterations = 0;
  const snapshot = search(sol, options, params, started, (count) => (iterations = count));
  const searched = toEngineSolution(instance, snapshot);
  // The search ranks solutions by their earliest schedules; the export starts some stops later,
  // which can rank the construction first.
  const best = initial.cost < searched.cost ? initial : searched;
  return { best, initial, unreached, iterations };
}
