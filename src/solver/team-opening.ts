/**
 * The team-first opening. Packing prices travel and the assignment costs (the team bonus by
 * rank, preferred areas, shared interests) and nothing else soft; at the final weights the bonus
 * of a team visit is smaller than most detours, so the packing gives team clients' visits to
 * whoever passes nearby, and a carer's free hours go to other clients before the search can
 * hand them back. Packing with the assignment costs scaled up starts the search from a roster
 * where team members took their clients' visits first; the later rounds price everything at the
 * real weights, so they only keep what pays.
 */
import type { EngineInstance } from './engine/instance.js';

/**
 * How much more the assignment costs weigh in the packing than in the final objective: on the
 * demo, 3 gave more team visits and a lower final cost than 1 at 18,000 iterations on two
 * seeds; 2 gained less and 6 cost travel the later rounds did not win back (6,000 iterations).
 * See src/solver/README.md.
 */
export const TEAM_OPENING_FACTOR = 3;

/**
 * `instance` for packing: no soft terms (so packing places the most visits), and every
 * assignment cost times `factor`.
 *
 * @example
 * ```ts
 * const packed = solveEngine(teamFirst(compiled.instance), { seed: 1, maxIterations: 300 });
 * ```
 */
export function teamFirst(
  instance: EngineInstance,
  factor: number = TEAM_OPENING_FACTOR,
): EngineInstance {
  const costs = instance.assignmentCost;
  if (costs === null || factor === 1) return { ...instance, soft: null };
  return { ...instance, soft: null, assignmentCost: costs.map((cost) => cost * factor) };
}
