/**
 * Continuity with an obvious answer: over a week, a client whose two team carers could cover
 * every visit gets exactly those two, and a client without a team, whom one carer could cover,
 * gets that one, though two more carers are free at every visit.
 */
import { describe, expect, it } from 'vitest';
import { checkRoster } from '../src/constraints/check-roster.js';
import type { ProblemInput } from '../src/model/schema.js';
import { parseProblem } from '../src/model/validate.js';
import { solve } from '../src/solver/solve.js';

const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const HOME = { lat: 53.8, lon: -1.55 };
const mornings = { days: WEEK, from: '07:00', to: '14:00' };
const evenings = { days: WEEK, from: '16:00', to: '22:00' };
const carer = (id: string, availability: object[]) => ({
  id,
  home: HOME,
  availability,
  contract: { contractedHoursPerWeek: 10, maxHoursPerWeek: 48, maxHoursPerDay: 10 },
});
const twiceDaily = (client: string) => ({
  id: `p-${client}`,
  client,
  visits: [
    { id: 'morning', days: WEEK, window: { from: '08:00', to: '09:30' }, durationMinutes: 30 },
    { id: 'evening', days: WEEK, window: { from: '18:00', to: '19:30' }, durationMinutes: 30 },
  ],
});

/**
 * Kim's team is Ann (mornings only) and Bob (evenings only); Lee has no team; Cy works mornings
 * and evenings; Dee and Eve work mornings and evenings too. Everyone lives at one place, so
 * travel cannot tell them apart: continuity and the team must.
 */
function week(): ProblemInput {
  return {
    horizon: { start: '2026-03-23', end: '2026-03-29' },
    timeZone: 'Europe/London',
    carers: [
      carer('ann', [mornings]),
      carer('bob', [evenings]),
      carer('cy', [mornings, evenings]),
      carer('dee', [mornings, evenings]),
      carer('eve', [mornings, evenings]),
    ],
    clients: [
      { id: 'kim', location: { lat: 53.805, lon: -1.552 }, team: ['ann', 'bob'] },
      { id: 'lee', location: { lat: 53.802, lon: -1.558 } },
    ],
    packages: [twiceDaily('kim'), twiceDaily('lee')],
  } as ProblemInput;
}

describe('continuity over a week', () => {
  it('gives a client exactly the two team carers who can cover the week, and the other one carer', () => {
    const problem = parseProblem(week());
    // A few hundred iterations: an opening that hangs Lee's mornings and evenings on Kim's two
    // carers (their routes pass by) is a plateau that no single move leaves; ruins leave it.
    const roster = solve(problem, { seed: 1, maxIterations: 300 });
    expect(checkRoster(problem, roster)).toEqual([]);
    expect(roster.unplaced).toEqual([]);
    const carersOf = (client: string, visit?: string) =>
      new Set(
        roster.routes.flatMap((route) =>
          route.stops
            .filter((stop) => stop.clientId === client && (visit ? stop.visitId === visit : true))
            .map(() => route.carerId),
        ),
      );
    expect(carersOf('kim', 'morning')).toEqual(new Set(['ann']));
    expect(carersOf('kim', 'evening')).toEqual(new Set(['bob']));
    expect(carersOf('lee').size).toBe(1);
    expect(['cy', 'dee', 'eve']).toContain([...carersOf('lee')][0]);
  });
});
