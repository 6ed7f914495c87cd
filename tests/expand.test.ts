import { describe, expect, it } from 'vitest';
import type { Visit } from '../src/model/expand.js';
import { expandProblem, expandedCarer } from '../src/model/expand.js';
import type { Problem } from '../src/model/schema.js';
import { horizonDates } from '../src/model/time.js';
import { parseProblem } from '../src/model/validate.js';
import { visitKey } from '../src/model/visit-key.js';

const home = { lat: 53.8, lon: -1.55 };
const office = { lat: 53.81, lon: -1.56 };

const problem = parseProblem({
  horizon: { start: '2026-03-23', end: '2026-03-24' },
  carers: [
    {
      id: 'ann',
      home,
      transport: 'bike',
      availability: [{ days: ['mon'], from: '07:00', to: '12:00' }],
      preferences: { preferredHours: [{ days: ['tue'], from: '08:00', to: '10:00' }] },
    },
    // Starts her shifts at the office and ends them at home, where the client also lives.
    { id: '__proto__', home, startLocation: office, availability: [] },
  ],
  clients: [{ id: 'cara', location: home }],
  packages: [],
});

describe('expandedCarer', () => {
  const expanded = expandProblem(problem);

  it('holds each carer, their start and end places, transport, shifts and preferred hours', () => {
    const ann = expandedCarer(expanded, 'ann');
    expect(ann.carer).toBe(expanded.carers.get('ann'));
    expect(expanded.locations[ann.startPlace]).toEqual(home);
    expect(ann.endPlace).toBe(ann.startPlace);
    expect(ann.transport).toBe('bike');
    expect(ann.shifts).toEqual([{ carerId: 'ann', date: '2026-03-23', start: 420, end: 720 }]);
    // Tuesday 08:00-10:00 is minute 1440 + 480 of the horizon.
    expect(ann.preferredHours).toEqual([{ start: 1920, end: 2040 }]);
  });

  it('gives a start location its own place and shares the home place with the client', () => {
    const other = expandedCarer(expanded, '__proto__');
    expect(expanded.locations[other.startPlace]).toEqual(office);
    expect(other.endPlace).toBe(expandedCarer(expanded, 'ann').startPlace);
    expect(expanded.locations).toHaveLength(2);
    expect(other.transport).toBe('car');
    expect(other.shifts).toEqual([]);
    expect(other.preferredHours).toEqual([]);
  });

  it('names the carer it cannot find', () => {
    expect(() => expandedCarer(expanded, 'bob')).toThrow(
      'unknown carer "bob": not one of the problem\'s carers',
    );
    expect(() => expandedCarer(expanded, 'toString')).toThrow('unknown carer "toString"');
  });
});

describe('dated visits', () => {
  /** The order the checker and the solver read visits in: earliest start, then key. */
  const inOrder = (a: Visit, b: Visit) =>
    a.windowStart - b.windowStart || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

  // Package ids whose keys sort unlike the ids alone ('p' < 'p!', but 'p!/…' < 'p/…'), an id
  // with the separator escaped, one-off and overridden dates, and the week UK clocks go forward.
  const week = parseProblem({
    horizon: { start: '2026-03-26', end: '2026-04-01' },
    carers: [{ id: 'ann', home, availability: [{ days: ['mon'], from: '07:00', to: '12:00' }] }],
    clients: [{ id: 'cara', location: home }],
    packages: ['p', 'p!', 'p/x', 'p%', 'q'].map((id, i) => ({
      id,
      client: 'cara',
      visits: [
        {
          id: i % 2 === 0 ? 'am' : 'am!',
          days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
          window: { from: '01:30', to: '02:30' },
          durationMinutes: 30,
          ...(i === 1 ? { skipDates: ['2026-03-28'] } : {}),
          ...(i === 2
            ? {
                overrides: [
                  {
                    from: '2026-03-29',
                    until: '2026-03-30',
                    window: { from: '00:30', to: '01:00' },
                  },
                ],
              }
            : {}),
        },
        {
          id: 'pm',
          days: ['sun', 'mon'],
          window: { from: '13:00', to: '14:00' },
          durationMinutes: 20,
        },
      ],
    })),
  });

  /** Every (pattern, date) the pattern occurs on, by key. */
  const occurrences = (problem: Problem) =>
    problem.packages.flatMap((carePackage) =>
      carePackage.visits.flatMap((pattern) =>
        horizonDates(problem.horizon.start, problem.horizon.end)
          .filter(
            ({ date, weekday }) =>
              pattern.days.includes(weekday) && !(pattern.skipDates ?? []).includes(date),
          )
          .map(({ date }) => visitKey(carePackage.id, pattern.id, date)),
      ),
    );

  it('are every occurrence, by earliest start and then key', () => {
    const { visits } = expandProblem(week);
    expect(visits.map((visit) => visit.id).sort()).toEqual(occurrences(week).sort());
    expect(visits).toEqual([...visits].sort(inOrder));
    // On the Monday the override starts p/x earlier; the rest start together, by key, where
    // 'p!/…' and 'p%25/…' come before 'p/…' though 'p' is the least of the ids.
    const monday = visits.filter(
      (visit) => visit.date === '2026-03-30' && visit.patternId !== 'pm',
    );
    expect(monday.map((visit) => visit.packageId)).toEqual(['p/x', 'p!', 'p%', 'p', 'q']);
  });

  it('sorted by key where one start falls on two dates (a problem that skipped validation)', () => {
    // 24:00 of one day is 00:00 of the next: validation refuses a visit starting at 24:00, but
    // expansion orders whatever it is given.
    const late: Problem = {
      ...week,
      packages: [
        {
          ...week.packages[0]!,
          id: 'z',
          visits: [
            { ...week.packages[0]!.visits[0]!, id: 'late', window: { from: '24:00', to: '24:00' } },
          ],
        },
        {
          ...week.packages[0]!,
          id: 'a',
          visits: [
            {
              ...week.packages[0]!.visits[0]!,
              id: 'early',
              window: { from: '00:00', to: '00:00' },
            },
          ],
        },
      ],
    };
    const { visits } = expandProblem(late);
    expect(visits).toHaveLength(14);
    expect(visits).toEqual([...visits].sort(inOrder));
    const [first, second] = visits.filter((visit) => visit.windowStart === 1440);
    expect([first?.id, second?.id]).toEqual(['a/early/2026-03-27', 'z/late/2026-03-26']);
  });
});
