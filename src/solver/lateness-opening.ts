/**
 * The lateness-aware opening. The pipeline first packs visits on travel alone, every visit free
 * to start as late as its limit allows; on a day short of carers that packing makes lateness
 * most of the soft cost, and weighing every term at once from there starts far from good
 * rosters. When the packed roster's lateness passes a threshold, packing goes on from it with
 * lateness priced (and nothing else soft), and the solve continues from that roster if it
 * scores lower. (Packing afresh with lateness priced was measured too: its construction places
 * fewer visits, and it lost.)
 */
import {
  latenessTerm,
  UNPLACED_TERM,
  worstLatenessTerm,
} from '../constraints/soft-term-definitions.js';
import type { EngineInstance } from './engine/instance.js';
import type { SolutionScore } from './score.js';

/**
 * Share of a packed roster's soft cost (unplaced visits and bonuses left out) that lateness must
 * pass before the lateness-aware round runs: the packed demo is at 7 %, the overloaded demo at
 * 48 % (src/solver/README.md), so normal days keep the whole budget for the other rounds.
 */
export const LATE_OPENING_SHARE = 0.25;

/**
 * Whether a packed roster is late enough for a lateness-aware opening to be worth its time.
 *
 * @example
 * ```ts
 * if (lateOpeningPays(scoreSolution(expanded, travel, compiled, packed))) {
 *   // pack again with latenessOnly(instance) and keep the better
 * }
 * ```
 */
export function lateOpeningPays(score: SolutionScore): boolean {
  let soft = 0;
  for (const [rule, cost] of score.byRule) if (rule !== UNPLACED_TERM && cost > 0) soft += cost;
  const late =
    (score.byRule.get(latenessTerm.name) ?? 0) + (score.byRule.get(worstLatenessTerm.name) ?? 0);
  return late > 0 && late > LATE_OPENING_SHARE * soft;
}

/**
 * `instance` with lateness (per minute and each day's largest) as its only soft terms: gaps,
 * preferred hours, targets and continuity off, so packing still places the most visits.
 *
 * @example
 * ```ts
 * const aware = solveEngine(latenessOnly(compiled.instance), { seed: 1, maxIterations: 300 });
 * ```
 */
export function latenessOnly(instance: EngineInstance): EngineInstance {
  const soft = instance.soft ?? null;
  if (soft === null) return instance;
  return {
    ...instance,
    soft: {
      ...soft,
      gapCost: 0,
      preferredCost: 0,
      workerHasPreferred: new Uint8Array(soft.workerHasPreferred.length),
      nTargets: 0,
      targetStart: new Int32Array(1),
      targetRoutes: new Int32Array(0),
      targetMeasure: new Uint8Array(0),
      targetValue: new Float64Array(0),
      targetUnderCost: new Float64Array(0),
      targetOverCost: new Float64Array(0),
      nContinuity: 0,
      taskContinuityStart: new Int32Array(soft.taskContinuityStart.length),
      taskContinuity: new Int32Array(0),
      continuityAllowance: new Float64Array(0),
      continuityCost: new Float64Array(0),
    },
  };
}
