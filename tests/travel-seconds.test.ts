import { describe, expect, it } from 'vitest';
import { checkRoster } from '../src/constraints/check-roster.js';
import { expandProblem } from '../src/model/expand.js';
import type { ProblemInput } from '../src/model/schema.js';
import { parseProblem } from '../src/model/validate.js';
import { straightLineTravelMatrix } from '../src/geo/straight-line.js';
import { solve } from '../src/solver/solve.js';
import { printedMinutes } from '../src/report/printed-minutes.js';
import { mondayVisit } from './support/problems.js';

/**
 * Three clients 0.0149 degrees of latitude apart on one meridian: 1,657 m, 2,154 m by road at
 * the default detour of 1.3, 4 min 19 s by car at 30 km/h. Whole minutes rounded up made each
 * leg 5 min.
 */
function chain(): ProblemInput {
  const at = (k: number) => ({ lat: 53.8 + 0.0149 * k, lon: -1.55 });
  return {
    horizon: { start: '2026-03-23', end: '2026-03-23' },
    timeZone: 'Europe/London',
    carers: [
      {
        id: 'ann',
        home: at(0),
        availability: [{ days: ['mon'], from: '07:00', to: '12:00' }],
      },
    ],
    clients: [
      { id: 'a', location: at(0) },
      { id: 'b', location: at(1) },
      { id: 'c', location: at(2) },
    ],
    packages: [
      { id: 'pa', client: 'a', visits: [mondayVisit('wake', '08:00', '08:00', 30)] },
      { id: 'pb', client: 'b', visits: [mondayVisit('wash', '08:30', '08:40', 20)] },
      { id: 'pc', client: 'c', visits: [mondayVisit('meds', '08:55', '08:59', 30)] },
    ],
  };
}

describe('travel to the second', () => {
  it('reaches a visit on time that whole minutes rounded up made late', () => {
    const problem = parseProblem(chain());
    const expanded = expandProblem(problem);
    const travel = straightLineTravelMatrix(expanded.locations, problem.settings.travel);
    const place = (id: string) => expanded.visitsById.get(id)!.location;
    const ab = travel.minutes(place('pa/wake/2026-03-23'), place('pb/wash/2026-03-23'), 'car');
    const bc = travel.minutes(place('pb/wash/2026-03-23'), place('pc/meds/2026-03-23'), 'car');
    expect(ab * 60).toBe(259);
    expect(bc * 60).toBe(259);
    // Wake ends 08:30; wash from 08:34:19 to 08:54:19; meds from 08:58:38, inside 08:55-08:59.
    // Rounded up to whole minutes: wash 08:35-08:55, meds 09:00, a minute after its window.
    const due = 8 * 60 + 59;
    expect(8 * 60 + 30 + ab + 20 + bc).toBeLessThanOrEqual(due);
    expect(8 * 60 + 30 + printedMinutes(ab) + 20 + printedMinutes(bc)).toBeGreaterThan(due);

    const roster = solve(problem, { seed: 1, maxIterations: 200 });
    expect(roster.unplaced).toEqual([]);
    expect(roster.kpis.lateVisits).toBe(0);
    const stops = roster.routes.flatMap((route) => route.stops);
    expect(stops.map((stop) => [stop.visitId, stop.start])).toEqual([
      ['wake', '2026-03-23T08:00:00+00:00'],
      ['wash', '2026-03-23T08:34:19+00:00'],
      ['meds', '2026-03-23T08:58:38+00:00'],
    ]);
    expect(stops[1]!.travelMinutes).toBe(ab);
    expect(checkRoster(problem, roster, { expanded, travel })).toEqual([]);
  });

  it('fails a roster that starts a second before the carer can arrive', () => {
    const problem = parseProblem(chain());
    const roster = solve(problem, { seed: 1, maxIterations: 200 });
    const early = structuredClone(roster) as typeof roster & {
      routes: { stops: { arrival: string; start: string; end: string }[] }[];
    };
    const meds = early.routes[0]!.stops[2]!;
    meds.arrival = '2026-03-23T08:58:37+00:00';
    meds.start = '2026-03-23T08:58:37+00:00';
    meds.end = '2026-03-23T09:28:37+00:00';
    const violations = checkRoster(problem, early);
    expect(violations.map((violation) => violation.rule)).toContain('travel-time');
    expect(violations.find((violation) => violation.rule === 'travel-time')?.message).toContain(
      'needs 4.32 min to travel',
    );
  });
});
