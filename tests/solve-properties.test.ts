import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRoster } from '../src/constraints/check-roster.js';
import { expandProblem } from '../src/model/expand.js';
import { parseProblem } from '../src/model/validate.js';
import { solve } from '../src/solver/solve.js';
import { careProblem } from './support/arbitraries.js';

describe('solve on generated care problems', () => {
  it('passes the checker and places or explains every visit exactly once', () => {
    fc.assert(
      fc.property(careProblem, fc.integer({ min: 0, max: 1000 }), (input, seed) => {
        const problem = parseProblem(input);
        const roster = solve(problem, { seed, maxIterations: 200 });
        expect(checkRoster(problem, roster)).toEqual([]);
        const expanded = expandProblem(problem);
        const placements = new Map<string, number>();
        for (const route of roster.routes) {
          for (const stop of route.stops) {
            placements.set(stop.visitKey, (placements.get(stop.visitKey) ?? 0) + 1);
          }
        }
        const unplaced = new Map(roster.unplaced.map((u) => [u.visitKey, u]));
        expect(unplaced.size).toBe(roster.unplaced.length);
        for (const visit of expanded.visits) {
          const placed = placements.get(visit.id) ?? 0;
          if (placed > 0) {
            expect(placed).toBe(visit.carersNeeded);
            expect(unplaced.has(visit.id)).toBe(false);
          } else {
            expect(unplaced.get(visit.id)?.reasons.length).toBeGreaterThan(0);
          }
        }
        expect(roster.kpis.visitsPlaced + roster.kpis.visitsUnplaced).toBe(expanded.visits.length);
      }),
      { numRuns: 60 },
    );
  });

  it('gives the same roster for the same seed and iteration limit', () => {
    fc.assert(
      fc.property(careProblem, fc.integer({ min: 0, max: 1000 }), (input, seed) => {
        const a = solve(input, { seed, maxIterations: 100 });
        const b = solve(input, { seed, maxIterations: 100 });
        expect(checkRoster(parseProblem(input), a)).toEqual([]);
        expect(a.routes).toEqual(b.routes);
        expect(a.unplaced).toEqual(b.unplaced);
      }),
      { numRuns: 20 },
    );
  });
});

describe('solve under a time limit', () => {
  it('returns a checked roster and says the time limit stopped it', () => {
    const input = fc.sample(careProblem, { seed: 11, numRuns: 1 })[0]!;
    const problem = parseProblem(input);
    const roster = solve(problem, { seed: 1, timeLimitMs: 300 });
    expect(checkRoster(problem, roster)).toEqual([]);
    expect(roster.stats?.stoppedBy).toBe('time-limit');
  });
});
