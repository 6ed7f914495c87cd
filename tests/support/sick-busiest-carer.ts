/**
 * A generated 60-client day solved at a fixed budget, and the change that its busiest carer is
 * off sick from 07:00 for the rest of the day: the replan scope and settling tests share it.
 */
import { generateCouncil } from '../../src/generate/council.js';
import type { Roster } from '../../src/model/roster.js';
import type { Problem } from '../../src/model/schema.js';
import { parseProblem } from '../../src/model/validate.js';
import { solve } from '../../src/solver/solve.js';

/** The problem, its roster, the busiest route and the sickness of that route's carer. */
export function sickBusiestCarer() {
  const problem: Problem = parseProblem(generateCouncil({ seed: 3, clients: 60, days: 1 }));
  const previous: Roster = solve(problem, { maxIterations: 300 });
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
