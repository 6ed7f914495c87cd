import { describe, expect, it } from 'vitest';
import { checkRoster } from '../src/constraints/check-roster.js';
import { generateCouncil } from '../src/generate/council.js';
import { parseProblem } from '../src/model/validate.js';
import { replan } from '../src/solver/replan/replan.js';
import { solve } from '../src/solver/solve.js';

describe("a replan's insertion", () => {
  // Council 6 of 40 clients: with the engine's opening sweep free to move every visit, one
  // visit of another carer changed hands for a small gain in travel.
  it("moves no visit but the sick carer's to another carer", () => {
    const problem = parseProblem(generateCouncil({ seed: 6, clients: 40, days: 1 }));
    const previous = solve(problem, { maxIterations: 600, seed: 6 });
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
    const result = replan(problem, previous, sick, { maxIterations: 0 });
    expect(checkRoster(result.problem, result.roster)).toEqual([]);
    const theirs = new Set(
      previous.routes
        .filter((route) => route.carerId === busiest.carerId)
        .flatMap((route) => route.stops.map((stop) => stop.visitKey)),
    );
    const gained = result.diff.carers.flatMap((carer) => carer.gained);
    expect(gained.length).toBeGreaterThan(0);
    expect(gained.filter((stop) => !theirs.has(stop.visitKey))).toEqual([]);
  });
});
