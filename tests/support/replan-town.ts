/** A small hand-made town whose replans have obvious answers. */
import type { ProblemInput } from '../../src/model/schema.js';
import type { Roster } from '../../src/model/roster.js';
import { expandProblem } from '../../src/model/expand.js';
import { parseProblem } from '../../src/model/validate.js';
import { straightLineTravelMatrix } from '../../src/geo/straight-line.js';
import { computeKpis } from '../../src/constraints/kpis.js';
import { buildRoute } from './roster-builder.js';

export const DATE = '2026-03-23';

const carer = (id: string, lat: number, lon: number) => ({
  id,
  home: { lat, lon },
  availability: [{ days: ['mon' as const], from: '07:00', to: '14:00' }],
});

const daily = (id: string, client: string, from: string, to: string) => ({
  id: `p-${client}`,
  client,
  visits: [{ id, days: ['mon' as const], window: { from, to }, durationMinutes: 30 }],
});

/**
 * Ann and Cat live next door to each other in the west of town, with Ann's three clients; Bob
 * lives in the east with his client. Ann does her three, Bob his one, Cat nothing.
 */
export function town(): ProblemInput {
  return {
    horizon: { start: DATE, end: DATE },
    timeZone: 'Europe/London',
    carers: [carer('ann', 53.8, -1.55), carer('bob', 53.8, -1.45), carer('cat', 53.8005, -1.5505)],
    clients: [
      { id: 'c1', location: { lat: 53.801, lon: -1.551 } },
      { id: 'c2', location: { lat: 53.802, lon: -1.552 } },
      { id: 'c3', location: { lat: 53.803, lon: -1.551 } },
      { id: 'd1', location: { lat: 53.801, lon: -1.451 } },
    ],
    packages: [
      daily('morning', 'c1', '08:00', '08:30'),
      daily('morning', 'c2', '09:00', '09:30'),
      daily('morning', 'c3', '10:00', '10:30'),
      daily('morning', 'd1', '08:00', '08:30'),
    ],
  };
}

/** The town's roster: Ann c1 08:00, c2 09:00, c3 10:00; Bob d1 08:00. */
export function townRoster(input: ProblemInput = town()): Roster {
  const problem = parseProblem(input);
  const expanded = expandProblem(problem);
  const travel = straightLineTravelMatrix(expanded.locations, problem.settings.travel);
  const at = (hour: number) =>
    expanded.clock.toMinutes(DATE, `${String(hour).padStart(2, '0')}:00`);
  const routes = [
    buildRoute(expanded, travel, 'ann', [
      [`p-c1/morning/${DATE}`, at(8)],
      [`p-c2/morning/${DATE}`, at(9)],
      [`p-c3/morning/${DATE}`, at(10)],
    ]),
    buildRoute(expanded, travel, 'bob', [[`p-d1/morning/${DATE}`, at(8)]]),
  ];
  return {
    timeZone: problem.timeZone,
    horizon: problem.horizon,
    routes,
    unplaced: [],
    kpis: computeKpis(expanded, travel, routes, []),
  };
}
