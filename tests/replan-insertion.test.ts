import { describe, expect, it } from 'vitest';
import { checkRoster } from '../src/constraints/check-roster.js';
import { replan } from '../src/solver/replan/replan.js';
import { sickBusiestCarer } from './support/sick-busiest-carer.js';

describe("a replan's insertion", () => {
  // Council 6 of 40 clients: with the engine's opening sweep free to move every visit, one
  // visit of another carer changed hands for a small gain in travel.
  it("moves no visit but the sick carer's to another carer", () => {
    const { problem, previous, busiest, sick } = sickBusiestCarer(
      { seed: 6, clients: 40 },
      { maxIterations: 600, seed: 6 },
    );
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
