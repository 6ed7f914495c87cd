/** Small hand-made problems for tests. */
import type { ProblemInput } from '../../src/model/schema.js';
import { generateCouncil } from '../../src/generate/council.js';
import { parseProblem } from '../../src/model/validate.js';
import { expandProblem } from '../../src/model/expand.js';

/** A one-day problem in a small town: two carers, two clients, three visits. */
export function smallProblem(): ProblemInput {
  return {
    horizon: { start: '2026-03-23', end: '2026-03-23' },
    timeZone: 'Europe/London',
    carers: [
      {
        id: 'ann',
        home: { lat: 53.8, lon: -1.55 },
        gender: 'female',
        languages: ['en'],
        qualifications: [{ name: 'medication', expires: '2026-12-31' }, { name: 'hoist' }],
        availability: [{ days: ['mon', 'tue'], from: '07:00', to: '14:00' }],
        contract: { contractedHoursPerWeek: 30, maxHoursPerWeek: 40, maxHoursPerDay: 8 },
      },
      {
        id: 'bob',
        home: { lat: 53.81, lon: -1.56 },
        gender: 'male',
        languages: ['en', 'pl'],
        qualifications: [{ name: 'hoist' }],
        availability: [{ days: ['mon'], from: '07:00', to: '12:00' }],
      },
    ],
    clients: [
      { id: 'cara', location: { lat: 53.805, lon: -1.552 } },
      { id: 'dev', location: { lat: 53.802, lon: -1.558 }, team: ['bob'] },
    ],
    packages: [
      {
        id: 'p1',
        client: 'cara',
        visits: [
          {
            id: 'morning',
            days: ['mon'],
            window: { from: '08:00', to: '09:00' },
            durationMinutes: 30,
            qualifications: ['medication'],
            priority: 'time-critical',
          },
        ],
      },
      {
        id: 'p2',
        client: 'dev',
        visits: [
          {
            id: 'hoist',
            days: ['mon'],
            window: { from: '09:30', to: '10:30' },
            durationMinutes: 45,
            carersNeeded: 2,
            qualifications: ['hoist'],
          },
        ],
      },
    ],
  };
}

/** A visit pattern on Mondays only, in a window: the hand-worked one-day tests' visit. */
export function mondayVisit(id: string, from: string, to: string, durationMinutes: number) {
  return { id, days: ['mon' as const], window: { from, to }, durationMinutes };
}

/**
 * The small generated council the asynchronous-solve tests share (12 clients, two days): its
 * input, the parsed problem, its expansion and how many dated visits it has.
 */
export function smallCouncil() {
  const council = generateCouncil({ clients: 12, days: 2, seed: 4 });
  const problem = parseProblem(council);
  const expanded = expandProblem(problem);
  return { council, problem, expanded, visits: expanded.visits.length };
}
