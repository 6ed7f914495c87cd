import { describe, expect, it } from 'vitest';
import { checkRoster } from '../src/constraints/check-roster.js';
import type { ProblemInput } from '../src/model/schema.js';
import { parseProblem } from '../src/model/validate.js';
import { solve } from '../src/solver/solve.js';

/**
 * Two carers near one client whose package links personal care (08:00-09:00) to a follow-up
 * 30-60 min later; `needs` gives each visit's qualifications and `carers` how many it needs.
 */
function linkedPair(
  needs: { care: string[]; followUp: string[] },
  carers = { care: 1, followUp: 1 },
): ProblemInput {
  const carer = (id: string, lon: number) => ({
    id,
    home: { lat: 53.8, lon },
    qualifications: [{ name: 'medication', expires: '2026-12-31' }],
    availability: [{ days: ['mon'], from: '07:00', to: '14:00' }],
  });
  return {
    horizon: { start: '2026-03-23', end: '2026-03-23' },
    carers: [carer('ann', -1.55), carer('bob', -1.56)],
    clients: [{ id: 'cara', location: { lat: 53.805, lon: -1.552 } }],
    packages: [
      {
        id: 'p1',
        client: 'cara',
        visits: [
          {
            id: 'care',
            days: ['mon'],
            window: { from: '08:00', to: '09:00' },
            durationMinutes: 30,
            qualifications: needs.care,
            carersNeeded: carers.care,
          },
          {
            id: 'insulin',
            days: ['mon'],
            window: { from: '08:30', to: '10:00' },
            durationMinutes: 15,
            qualifications: needs.followUp,
            carersNeeded: carers.followUp,
          },
        ],
        links: [{ first: 'care', second: 'insulin', minGapMinutes: 30, maxGapMinutes: 60 }],
      },
    ],
  } as ProblemInput;
}

function placedIds(roster: ReturnType<typeof solve>): string[] {
  return roster.routes.flatMap((route) => route.stops.map((stop) => stop.visitId)).sort();
}

describe('a linked pair with one visit nobody can do', () => {
  it('places the first visit and lists only the second unplaced, for its qualification', () => {
    const problem = parseProblem(linkedPair({ care: [], followUp: ['nurse-delegated'] }));
    const roster = solve(problem, { seed: 1, maxIterations: 200 });
    expect(checkRoster(problem, roster)).toEqual([]);
    expect(placedIds(roster)).toEqual(['care']);
    expect(roster.unplaced.map((u) => u.visitId)).toEqual(['insulin']);
    expect(roster.unplaced[0]!.reasons.map((r) => r.rule)).toEqual(['qualification']);
  });

  it('places the second visit when it is the first that nobody can do', () => {
    const problem = parseProblem(linkedPair({ care: ['nurse-delegated'], followUp: [] }));
    const roster = solve(problem, { seed: 1, maxIterations: 200 });
    expect(checkRoster(problem, roster)).toEqual([]);
    expect(placedIds(roster)).toEqual(['insulin']);
    expect(roster.unplaced.map((u) => u.visitId)).toEqual(['care']);
    expect(roster.unplaced[0]!.reasons.map((r) => r.rule)).toEqual(['qualification']);
  });

  it('still places both, on two carers and inside the gap, when both can be staffed', () => {
    const problem = parseProblem(linkedPair({ care: [], followUp: ['medication'] }));
    const roster = solve(problem, { seed: 1, maxIterations: 200 });
    expect(checkRoster(problem, roster)).toEqual([]);
    expect(placedIds(roster)).toEqual(['care', 'insulin']);
    expect(roster.unplaced).toEqual([]);
  });

  it('keeps a double-up whole: one carer is never placed without the other', () => {
    // A lunch call for two carers with a qualification only ann holds, beside the linked pair.
    const input = linkedPair({ care: [], followUp: [] });
    const carePackage = (input.packages as { visits: unknown[] }[])[0]!;
    carePackage.visits.push({
      id: 'lunch',
      days: ['mon'],
      window: { from: '12:00', to: '13:00' },
      durationMinutes: 30,
      qualifications: ['medication'],
      carersNeeded: 2,
    });
    (input.carers as { qualifications: unknown[] }[])[1]!.qualifications = [];
    const problem = parseProblem(input);
    const roster = solve(problem, { seed: 1, maxIterations: 200 });
    expect(checkRoster(problem, roster)).toEqual([]);
    expect(placedIds(roster)).toEqual(['care', 'insulin']);
    expect(roster.unplaced.map((u) => u.visitId)).toEqual(['lunch']);
  });
});
