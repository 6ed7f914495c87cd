/**
 * A generated day (60 clients unless asked) solved at a fixed budget, and the change that its
 * busiest carer is off sick from 07:00 for the rest of the day: the replan scope, settling and
 * insertion tests share it.
 */
import { generateCouncil } from '../../src/generate/council.js';
import type { Roster } from '../../src/model/roster.js';
import type { Problem } from '../../src/model/schema.js';
import { parseProblem } from '../../src/model/validate.js';
import { solve } from '../../src/solver/solve.js';

/** The problem, its roster, the busiest route and the sickness of that route's carer. */
export function sickBusiestCarer(
  council: { readonly seed: number; readonly clients: number } = { seed: 3, clients: 60 },
  budget: { readonly maxIterations: number; readonly seed?: number } = { maxIterations: 300 },
) {
  const problem: Problem = parseProblem(generateCouncil({ ...council, days: 1 }));
  const previous: Roster = solve(problem, budget);
  const busiest = [...previous.routes].sort((a, b) => b.stops.length - a.stops.length)[0]!;
  const now = `${busiest.date}T07:00`;
  const sick = {
    now,
    changes: [
      {
        type: 'carer-unavailable' as const,
        carerId: busiest.carerId,
        from: now,
        to: `${busiest.date}T23:59`,
      },
    ],
  };
  return { problem, previous, busiest, sick };
}
