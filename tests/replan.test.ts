import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { ProblemInput } from '../src/model/schema.js';
import { describe, expect, it } from 'vitest';
import { checkRoster } from '../src/constraints/check-roster.js';
import { parseProblem } from '../src/model/validate.js';
import type { Roster } from '../src/model/roster.js';
import { solve } from '../src/solver/solve.js';
import { replan } from '../src/solver/replan/replan.js';
import type { ChangesInput } from '../src/solver/replan/changes.js';
import { ChangesValidationError } from '../src/solver/replan/apply-changes.js';
import { careProblem } from './support/arbitraries.js';
import { DATE, town, townRoster } from './support/replan-town.js';

const BUDGET = { maxIterations: 300 };

/** Carer and start of each stop, by visit key. */
function placements(roster: Roster): Map<string, string> {
  const out = new Map<string, string>();
  for (const route of roster.routes) {
    for (const stop of route.stops) {
      out.set(`${stop.visitKey} ${route.carerId}`, stop.start.slice(11, 16));
    }
  }
  return out;
}

function run(changes: ChangesInput, input = town()) {
  const previous = townRoster(input);
  const result = replan(input, previous, changes, BUDGET);
  expect(checkRoster(result.problem, result.roster)).toEqual([]);
  return { previous, result, after: placements(result.roster) };
}

const key = (client: string) => `p-${client}/morning/${DATE}`;

describe('replan on a small town', () => {
  it('returns the previous roster unchanged for an empty change list', () => {
    const previous = townRoster();
    const { roster, diff } = replan(town(), previous, { changes: [] }, BUDGET);
    expect(roster.routes).toEqual(previous.routes);
    expect(roster.unplaced).toEqual(previous.unplaced);
    expect(diff.messages).toEqual([]);
  });

  it("gives a sick carer's three visits to the free carer next door and moves nothing else", () => {
    const { previous, result, after } = run({
      changes: [
        { type: 'carer-unavailable', carerId: 'ann', from: `${DATE}T06:00`, to: `${DATE}T23:00` },
      ],
    });
    expect(after.get(`${key('c1')} cat`)).toBe('08:00');
    expect(after.get(`${key('c2')} cat`)).toBe('09:00');
    expect(after.get(`${key('c3')} cat`)).toBe('10:00');
    expect(result.roster.routes.find((r) => r.carerId === 'bob')).toEqual(
      previous.routes.find((r) => r.carerId === 'bob'),
    );
    expect(result.diff.visitsChanged).toBe(3);
    expect(result.notes.map((note) => note.visitKey).sort()).toEqual(
      [key('c1'), key('c2'), key('c3')].sort(),
    );
    expect(result.diff.messages).toContain(
      `Tell carer ann: no longer c1 ${DATE} 08:00 (${key('c1')}), c2 ${DATE} 09:00 (${key('c2')}), c3 ${DATE} 10:00 (${key('c3')}).`,
    );
  });

  it('leaves history before now untouched: visits started stay with their carer', () => {
    const { after, result } = run({
      now: `${DATE}T09:15`,
      changes: [
        { type: 'carer-unavailable', carerId: 'ann', from: `${DATE}T10:00`, to: `${DATE}T23:00` },
      ],
    });
    // c2 started at 09:00, before now, and is in progress: it stays, and so does c1.
    expect(after.get(`${key('c1')} ann`)).toBe('08:00');
    expect(after.get(`${key('c2')} ann`)).toBe('09:00');
    expect(after.get(`${key('c3')} cat`)).toBe('10:00');
    expect(result.diff.visitsChanged).toBe(1);
  });

  it('drops a cancelled visit and keeps the rest', () => {
    const { after, result } = run({
      changes: [{ type: 'visit-cancelled', packageId: 'p-c2', visitId: 'morning', date: DATE }],
    });
    expect([...after.keys()].some((k) => k.startsWith(key('c2')))).toBe(false);
    expect(after.get(`${key('c1')} ann`)).toBe('08:00');
    expect(after.get(`${key('c3')} ann`)).toBe('10:00');
    expect(result.roster.unplaced).toEqual([]);
  });

  it('moves the rest of a late carer on, or to the carer next door', () => {
    const { after } = run({
      changes: [{ type: 'carer-delayed', carerId: 'ann', visitKey: key('c2'), minutes: 60 }],
    });
    // Held up an hour at c1, Ann cannot start c2 by 09:30: Cat takes it on time; c3 stays.
    expect(after.get(`${key('c1')} ann`)).toBe('08:00');
    expect(after.get(`${key('c2')} cat`)).toBe('09:00');
    expect(after.get(`${key('c3')} ann`)).toBe('10:00');
  });

  it('follows a visit given a new window', () => {
    const { after } = run({
      changes: [
        {
          type: 'visit-changed',
          packageId: 'p-c3',
          visitId: 'morning',
          from: DATE,
          window: { from: '12:00', to: '12:30' },
        },
      ],
    });
    expect(after.get(`${key('c3')} ann`)).toBe('12:00');
    expect(after.get(`${key('c1')} ann`)).toBe('08:00');
  });

  it('places an added visit, a discharge package, and forgets an ended package', () => {
    const { after, result } = run({
      changes: [
        {
          type: 'visit-added',
          packageId: 'p-c1',
          visit: {
            id: 'lunch',
            days: ['mon'],
            window: { from: '12:00', to: '12:30' },
            durationMinutes: 30,
          },
        },
        {
          type: 'package-added',
          client: { id: 'e1', location: { lat: 53.8008, lon: -1.4505 } },
          package: {
            id: 'p-e1',
            client: 'e1',
            visits: [
              {
                id: 'tea',
                days: ['mon'],
                window: { from: '11:00', to: '11:30' },
                durationMinutes: 30,
              },
            ],
          },
          from: DATE,
        },
        { type: 'package-ended', packageId: 'p-d1', lastDate: '2026-03-22' },
      ],
    });
    expect(after.get(`p-c1/lunch/${DATE} ann`)).toBeDefined();
    expect([...after.keys()].some((k) => k.startsWith(`p-e1/tea/${DATE}`))).toBe(true);
    expect([...after.keys()].some((k) => k.startsWith(key('d1')))).toBe(false);
    expect(result.roster.unplaced).toEqual([]);
  });

  it('uses a carer available extra, and holds pins', () => {
    const input = town();
    const { after } = run(
      {
        changes: [
          { type: 'carer-available', carerId: 'bob', date: DATE, from: '14:00', to: '18:00' },
          { type: 'pin', visitKey: key('c3'), keepTime: true },
          {
            type: 'package-added',
            package: {
              id: 'p-d1-late',
              client: 'd1',
              visits: [
                {
                  id: 'tea',
                  days: ['mon'],
                  window: { from: '16:00', to: '16:30' },
                  durationMinutes: 30,
                },
              ],
            },
            from: DATE,
          },
        ],
      },
      input,
    );
    expect(after.get(`p-d1-late/tea/${DATE} bob`)).toBe('16:00');
    expect(after.get(`${key('c3')} ann`)).toBe('10:00');
  });

  it('names every unknown id and date outside the horizon by its JSON path', () => {
    const previous = townRoster();
    let caught: unknown;
    try {
      replan(town(), previous, {
        now: '2026-04-01T09:00',
        changes: [
          { type: 'carer-unavailable', carerId: 'zoe', from: `${DATE}T06:00`, to: `${DATE}T23:00` },
          { type: 'visit-cancelled', packageId: 'p-c1', visitId: 'noon', date: DATE },
          { type: 'pin', visitKey: 'nope' },
        ],
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ChangesValidationError);
    expect((caught as ChangesValidationError).issues.map((issue) => issue.path)).toEqual([
      '$.now',
      '$.changes[0].carerId',
      '$.changes[1].visitId',
      '$.changes[2].visitKey',
    ]);
  });
});

describe('replan on generated problems', () => {
  const solved = (input: unknown, seed: number) => {
    const problem = parseProblem(input);
    return { problem, roster: solve(problem, { seed, maxIterations: 100 }) };
  };

  it('lets a carer who falls ill mid-visit get home when the trip ends on a second', () => {
    // Found with seed 606086026: the carer leaves at 13:29:59 and is home at 13:40:01, so the
    // unavailability must start at 13:41, not 13:40.
    const near = { lat: 53.7, lon: -1.5 };
    const carer = {
      home: near,
      transport: 'car',
      gender: 'female',
      languages: [],
      qualifications: [],
      contract: { maxHoursPerDay: 1, maxHoursPerWeek: 4 },
    };
    const visit = { carersNeeded: 1, qualifications: [], priority: 'time-critical' };
    const { problem, roster } = solved(
      {
        horizon: { start: '2026-03-28', end: '2026-03-28' },
        timeZone: 'Europe/London',
        carers: [
          { ...carer, id: 'carer-0', availability: [] },
          {
            ...carer,
            id: 'carer-1',
            availability: [{ days: ['sat', 'mon'], from: '09:30', to: '13:45' }],
          },
        ],
        clients: [{ id: 'client-0', location: { lat: 53.7, lon: -1.5000000000000002 } }],
        packages: [
          {
            id: 'pkg-0',
            client: 'client-0',
            visits: [
              {
                ...visit,
                id: 'v0',
                days: ['sat'],
                window: { from: '13:30', to: '13:45' },
                durationMinutes: 10,
                maxLatenessMinutes: 0,
              },
            ],
          },
        ],
        settings: { workingTime: { minRestHours: 0 } },
      },
      0,
    );
    const now = '2026-03-28T13:31';
    const result = replan(
      problem,
      roster,
      {
        now,
        changes: [
          { type: 'carer-unavailable', carerId: 'carer-1', from: now, to: '2026-03-28T23:59' },
        ],
      },
      BUDGET,
    );
    expect(roster.routes.map((route) => route.shiftEnd)).toEqual(['2026-03-28T13:40:01+00:00']);
    expect(checkRoster(result.problem, result.roster)).toEqual([]);
    expect(result.roster.routes).toEqual(roster.routes);
  });

  it('returns the previous roster unchanged for an empty change list', () => {
    fc.assert(
      fc.property(careProblem, fc.integer({ min: 0, max: 100 }), (input, seed) => {
        const { problem, roster } = solved(input, seed);
        const result = replan(problem, roster, { changes: [] }, BUDGET);
        expect(result.roster.routes).toEqual(roster.routes);
        expect(result.roster.unplaced).toEqual(roster.unplaced);
      }),
      { numRuns: 15 },
    );
  });

  it('keeps history and pins, and passes the checker, whoever falls ill', () => {
    fc.assert(
      fc.property(
        careProblem,
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 6 * 60, max: 18 * 60 }),
        fc.nat(),
        (input, seed, minute, pick) => {
          const { problem, roster } = solved(input, seed);
          const stops = roster.routes.flatMap((route) =>
            route.stops.map((stop) => ({ carerId: route.carerId, stop })),
          );
          if (stops.length === 0) return;
          const date = problem.horizon.start;
          const now = `${date}T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
          const sick = stops[pick % stops.length]!;
          const pinned = stops[(pick * 7 + 3) % stops.length]!;
          const result = replan(
            problem,
            roster,
            {
              now,
              changes: [
                {
                  type: 'carer-unavailable',
                  carerId: sick.carerId,
                  from: now,
                  to: `${problem.horizon.end}T23:59`,
                },
                {
                  type: 'pin',
                  visitKey: pinned.stop.visitKey,
                  carerId: pinned.carerId,
                  keepTime: true,
                },
              ],
            },
            BUDGET,
          );
          expect(checkRoster(result.problem, result.roster)).toEqual([]);
          const after = placements(result.roster);
          for (const { carerId, stop } of stops) {
            if (stop.start.slice(0, 16) < now) {
              expect(after.get(`${stop.visitKey} ${carerId}`)).toBe(stop.start.slice(11, 16));
            }
          }
          const pinLost = result.notes.some((note) => note.kind === 'pin-lost');
          // The pin may go with the sickness: the pinned stop is the sick carer's own, or the
          // other half of a double-up the sick carer was on (found with seed -768787833: the
          // only other carer free then has no hours, so the double-up cannot be staffed).
          const pinnedGoneWithSickness = stops.some(
            ({ carerId, stop }) =>
              carerId === sick.carerId &&
              stop.visitKey === pinned.stop.visitKey &&
              stop.start.slice(0, 16) >= now,
          );
          if (!pinnedGoneWithSickness) {
            expect(pinLost).toBe(false);
            expect(after.get(`${pinned.stop.visitKey} ${pinned.carerId}`)).toBe(
              pinned.stop.start.slice(11, 16),
            );
          }
        },
      ),
      { numRuns: 25 },
    );
  });
  // Found by the property above: the carer's visit ends 05:53 and the way home 06:01, after
  // the sickness starts at 06:00; the visit has started, so it stays and the carer goes home.
  it('keeps a visit in progress when its carer falls ill before getting home', () => {
    // The shrunk counterexample, kept as data: one carer free 04:45-06:15 on the clock-change
    // weekend, a 60-minute visit starting 04:53 three kilometres from home.
    const input = JSON.parse(
      readFileSync(new URL('./support/replan-ill-during-visit.json', import.meta.url), 'utf8'),
    ) as ProblemInput;
    const { problem, roster } = solved(input, 0);
    const stops = roster.routes.flatMap((route) =>
      route.stops.map((stop) => ({ carerId: route.carerId, stop })),
    );
    const now = `${problem.horizon.start}T06:00`;
    const sick = stops[0]!;
    expect(sick.stop.start.slice(0, 16) < now).toBe(true);
    const result = replan(
      problem,
      roster,
      {
        now,
        changes: [
          {
            type: 'carer-unavailable',
            carerId: sick.carerId,
            from: now,
            to: `${problem.horizon.end}T23:59`,
          },
        ],
      },
      BUDGET,
    );
    expect(checkRoster(result.problem, result.roster)).toEqual([]);
    expect(placements(result.roster).get(`${sick.stop.visitKey} ${sick.carerId}`)).toBe(
      sick.stop.start.slice(11, 16),
    );
  });
});
