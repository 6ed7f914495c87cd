import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRoster } from '../src/constraints/check-roster.js';
import { explainRoster } from '../src/constraints/explain.js';
import { SOFT_TERMS } from '../src/constraints/soft-terms.js';
import type { ProblemInput } from '../src/model/schema.js';
import { parseProblem } from '../src/model/validate.js';
import { solve } from '../src/solver/solve.js';
import { careProblem } from './support/arbitraries.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One client, one morning visit, two carers living at the same address. */
function twoEqualCarers(mutate: (problem: Json) => void): ProblemInput {
  const carer = (id: string) => ({
    id,
    home: { lat: 53.8, lon: -1.55 },
    availability: [{ days: ['mon'], from: '07:00', to: '12:00' }],
  });
  const problem: Json = {
    horizon: { start: '2026-03-23', end: '2026-03-23' },
    carers: [carer('a'), carer('b')],
    clients: [{ id: 'k', location: { lat: 53.81, lon: -1.56 } }],
    packages: [
      {
        id: 'p',
        client: 'k',
        visits: [
          { id: 'am', days: ['mon'], window: { from: '08:00', to: '09:00' }, durationMinutes: 30 },
        ],
      },
    ],
  };
  mutate(problem);
  return problem as ProblemInput;
}

function carerChosen(input: ProblemInput, seed: number): string | undefined {
  const roster = solve(input, { seed, maxIterations: 50 });
  expect(checkRoster(parseProblem(input), roster)).toEqual([]);
  return roster.routes[0]?.carerId;
}

describe('soft terms the optimiser weighs', () => {
  it('sends the client’s team member rather than an equally good carer', () => {
    for (const team of [['a'], ['b']]) {
      const input = twoEqualCarers((p) => (p.clients[0].team = team));
      for (const seed of [1, 2, 3]) expect(carerChosen(input, seed)).toBe(team[0]);
    }
  });

  it('prefers a carer whose preferred areas include the client’s', () => {
    const input = twoEqualCarers((p) => {
      p.clients[0].area = 'north';
      p.carers[0].preferences = { preferredAreas: ['south'] };
      p.carers[1].preferences = { preferredAreas: ['north'] };
    });
    for (const seed of [1, 2, 3]) expect(carerChosen(input, seed)).toBe('b');
  });

  it('prefers a carer who shares an interest with the client', () => {
    const input = twoEqualCarers((p) => {
      p.clients[0].tags = ['gardening'];
      p.carers[0].preferences = { tags: ['gardening'] };
    });
    for (const seed of [1, 2, 3]) expect(carerChosen(input, seed)).toBe('a');
  });

  it('keeps one carer for a client’s week rather than save a little travel', () => {
    // Carer b lives nearer but is free Monday to Wednesday only; carer a is free all week.
    const input = (weights: Record<string, number>) =>
      twoEqualCarers((p) => {
        const week = ['mon', 'tue', 'wed', 'thu', 'fri'];
        p.horizon.end = '2026-03-27';
        p.carers[0].home = { lat: 53.825, lon: -1.56 };
        p.carers[0].availability = [{ days: week, from: '07:00', to: '12:00' }];
        p.carers[1].home = { lat: 53.812, lon: -1.56 };
        p.carers[1].availability = [{ days: ['mon', 'tue', 'wed'], from: '07:00', to: '12:00' }];
        p.packages[0].visits[0].days = week;
        p.settings = { weights };
      });
    for (const seed of [1, 2, 3]) {
      const kept = solve(input({}), { seed, maxIterations: 50 });
      expect(checkRoster(parseProblem(input({})), kept)).toEqual([]);
      expect(kept.kpis.visitsPlaced).toBe(5);
      expect(kept.kpis.distinctCarersPerClientMax).toBe(1);
      const noContinuity = { extraCarer: 0, timeOfDayExtraCarer: 0 };
      const split = solve(input(noContinuity), { seed, maxIterations: 50 });
      expect(checkRoster(parseProblem(input(noContinuity)), split)).toEqual([]);
      expect(split.kpis.distinctCarersPerClientMax).toBe(2);
    }
  });

  it('gives the visit to the carer still short of contracted hours', () => {
    for (const [short, other] of [
      [0, 1],
      [1, 0],
    ] as const) {
      const input = twoEqualCarers((p) => {
        p.carers[short].contract = { contractedHoursPerWeek: 35 };
        p.carers[other].contract = { contractedHoursPerWeek: 0 };
      });
      for (const seed of [1, 2, 3]) expect(carerChosen(input, seed)).toBe(['a', 'b'][short]);
    }
  });

  it('spares a carer who wants to travel less in a day', () => {
    for (const [limited, free] of [
      [0, 1],
      [1, 0],
    ] as const) {
      const input = twoEqualCarers((p) => {
        p.carers[limited].preferences = { maxTravelMinutesPerDay: 1 };
      });
      for (const seed of [1, 2, 3]) expect(carerChosen(input, seed)).toBe(['a', 'b'][free]);
    }
  });

  it('judges preferred hours by when the visit actually starts, not by its window', () => {
    // The window opens at 06:00 but neither carer is free before 09:30: the visit starts then,
    // inside a's preferred morning (09:00-12:00), outside b's early one (06:00-09:00).
    const input = (swap: boolean) =>
      twoEqualCarers((p) => {
        for (const carer of p.carers) {
          carer.availability = [{ days: ['mon'], from: '09:30', to: '12:00' }];
        }
        const late = { preferredHours: [{ days: ['mon'], from: '09:00', to: '12:00' }] };
        const early = { preferredHours: [{ days: ['mon'], from: '06:00', to: '09:00' }] };
        p.carers[0].preferences = swap ? early : late;
        p.carers[1].preferences = swap ? late : early;
        p.packages[0].visits[0].window = { from: '06:00', to: '11:00' };
      });
    for (const seed of [1, 2, 3]) {
      expect(carerChosen(input(false), seed)).toBe('a');
      expect(carerChosen(input(true), seed)).toBe('b');
    }
  });

  it('splits a morning and an afternoon call between carers rather than leave a long unpaid gap', () => {
    const input = (weights: Record<string, number>) =>
      twoEqualCarers((p) => {
        for (const carer of p.carers) {
          carer.availability = [{ days: ['mon'], from: '07:00', to: '14:30' }];
        }
        p.packages[0].visits = [
          { id: 'am', days: ['mon'], window: { from: '08:00', to: '08:05' }, durationMinutes: 30 },
          { id: 'pm', days: ['mon'], window: { from: '13:00', to: '13:05' }, durationMinutes: 30 },
        ];
        p.settings = { weights };
      });
    for (const seed of [1, 2, 3]) {
      const split = solve(input({}), { seed, maxIterations: 50 });
      expect(checkRoster(parseProblem(input({})), split)).toEqual([]);
      expect(split.kpis.visitsPlaced).toBe(2);
      expect(split.routes.map((route) => route.carerId).sort()).toEqual(['a', 'b']);
      // Without the gap's cost, one carer doing both saves a journey and a second face.
      const together = solve(input({ unpaidGapMinute: 0 }), { seed, maxIterations: 50 });
      expect(checkRoster(parseProblem(input({ unpaidGapMinute: 0 })), together)).toEqual([]);
      expect(new Set(together.routes.map((route) => route.carerId)).size).toBe(1);
    }
  });

  it('keeps the same carer on a recurring visit, even when the client’s team allows two', () => {
    const week = ['mon', 'tue', 'wed', 'thu', 'fri'];
    const input = twoEqualCarers((p) => {
      p.horizon.end = '2026-03-27';
      for (const carer of p.carers) {
        carer.availability = [{ days: week, from: '07:00', to: '21:00' }];
      }
      p.clients[0].team = ['a', 'b'];
      p.packages[0].visits = [
        { id: 'am', days: week, window: { from: '08:00', to: '09:00' }, durationMinutes: 30 },
        { id: 'pm', days: week, window: { from: '18:00', to: '19:00' }, durationMinutes: 30 },
      ];
    });
    for (const seed of [1, 2, 3]) {
      const roster = solve(input, { seed, maxIterations: 50 });
      expect(checkRoster(parseProblem(input), roster)).toEqual([]);
      expect(roster.kpis.visitsPlaced).toBe(10);
      const carersByPattern = new Map<string, Set<string>>();
      for (const route of roster.routes) {
        for (const stop of route.stops) {
          const pattern = stop.visitId;
          const carers = carersByPattern.get(pattern) ?? new Set<string>();
          carers.add(route.carerId);
          carersByPattern.set(pattern, carers);
        }
      }
      expect([...carersByPattern.values()].map((carers) => carers.size)).toEqual([1, 1]);
    }
  });

  it('sends a carer from further away rather than arrive late', () => {
    // Carer a lives next door but is free only from 09:00; b lives further out, free from 07:00.
    const input = twoEqualCarers((p) => {
      p.carers[0].home = { lat: 53.81, lon: -1.561 };
      p.carers[0].availability = [{ days: ['mon'], from: '09:00', to: '12:00' }];
      p.carers[1].home = { lat: 53.79, lon: -1.53 };
      p.packages[0].visits[0].window = { from: '08:00', to: '08:30' };
      p.packages[0].visits[0].maxLatenessMinutes = 60;
    });
    for (const seed of [1, 2, 3]) {
      const roster = solve(input, { seed, maxIterations: 50 });
      expect(checkRoster(parseProblem(input), roster)).toEqual([]);
      expect(roster.routes[0]?.carerId).toBe('b');
      expect(roster.kpis.lateVisits).toBe(0);
    }
  });

  it('starts late, at a cost, only when the visit allows it and nothing else fits', () => {
    const input = twoEqualCarers((p) => {
      p.carers = [p.carers[0]];
      p.carers[0].availability = [{ days: ['mon'], from: '09:00', to: '12:00' }];
      p.packages[0].visits[0].maxLatenessMinutes = 45;
    });
    const roster = solve(input, { seed: 1, maxIterations: 20 });
    expect(checkRoster(parseProblem(input), roster)).toEqual([]);
    expect(roster.kpis.lateVisits).toBe(1);
    expect(roster.kpis.latenessMaxMinutes).toBeGreaterThan(0);
    const explanation = explainRoster(parseProblem(input), roster);
    // Lateness is to the second; the KPI total is given to the hundredth of a minute.
    expect(explanation.byRule.find((r) => r.rule === SOFT_TERMS.lateness)?.cost).toBeCloseTo(
      roster.kpis.latenessTotalMinutes * 3,
      1,
    );
  });
});

describe('the optimiser’s score', () => {
  it('equals the cost explainRoster recomputes from the roster, rule by rule', () => {
    fc.assert(
      fc.property(careProblem, fc.integer({ min: 0, max: 1000 }), (input, seed) => {
        const problem = parseProblem(input);
        const roster = solve(problem, { seed, maxIterations: 100 });
        expect(checkRoster(problem, roster)).toEqual([]);
        const explanation = explainRoster(problem, roster);
        expect(roster.stats?.cost).toBeCloseTo(explanation.total, 6);
        for (const { rule, cost } of explanation.byRule) {
          expect(roster.stats?.costByRule[rule] ?? 0).toBeCloseTo(cost, 6);
        }
      }),
      { numRuns: 40 },
    );
  });
});
