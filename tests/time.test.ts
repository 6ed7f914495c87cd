import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { LocalClock, clockToMinutes, horizonDates, weekdayOf } from '../src/model/time.js';
import { expandProblem, expandedCarer, weekStartOf } from '../src/model/expand.js';
import { parseProblem } from '../src/model/validate.js';
import type { ProblemInput } from '../src/model/schema.js';

function oneCarerProblem(
  start: string,
  end: string,
  extra: Partial<ProblemInput> = {},
): ProblemInput {
  return {
    horizon: { start, end },
    carers: [
      {
        id: 'c',
        home: { lat: 51.5, lon: -0.1 },
        availability: [{ days: ['sun'], from: '01:00', to: '02:00' }],
      },
    ],
    clients: [{ id: 'k', location: { lat: 51.5, lon: -0.1 } }],
    packages: [
      {
        id: 'p',
        client: 'k',
        visits: [
          {
            id: 'night',
            days: ['sun'],
            window: { from: '01:30', to: '01:30' },
            durationMinutes: 30,
          },
        ],
      },
    ],
    ...extra,
  };
}

describe('LocalClock', () => {
  it('counts real minutes from local midnight of the horizon start', () => {
    const clock = new LocalClock('Europe/London', '2026-03-23');
    expect(clock.toMinutes('2026-03-23', '07:30')).toBe(450);
    expect(clock.toMinutes('2026-03-24', '00:00')).toBe(1440);
    expect(clock.toIso(450)).toBe('2026-03-23T07:30:00+00:00');
  });

  it('moves a time that does not exist (01:30 on 29 March 2026, London) forward by the gap', () => {
    const clock = new LocalClock('Europe/London', '2026-03-29');
    // Clocks jump from 01:00 GMT to 02:00 BST: 01:30 does not exist and is read as 02:30 BST,
    // which is 01:30 UTC, 90 real minutes after midnight.
    expect(clock.toMinutes('2026-03-29', '01:30')).toBe(90);
    expect(clock.toIso(90)).toBe('2026-03-29T02:30:00+01:00');
    // 03:00 BST is only 120 real minutes after midnight: the day is 23 hours long.
    expect(clock.toMinutes('2026-03-29', '03:00')).toBe(120);
    expect(clock.toMinutes('2026-03-29', '24:00')).toBe(23 * 60);
  });

  it('reads a time that happens twice (01:30 on 25 October 2026, London) as the first one', () => {
    const clock = new LocalClock('Europe/London', '2026-10-25');
    expect(clock.toMinutes('2026-10-25', '01:00')).toBe(60);
    expect(clock.toIso(60)).toBe('2026-10-25T01:00:00+01:00');
    expect(clock.toMinutes('2026-10-25', '01:30')).toBe(90);
    // 02:00 GMT comes three real hours after midnight: the day is 25 hours long.
    expect(clock.toMinutes('2026-10-25', '02:00')).toBe(180);
    expect(clock.toMinutes('2026-10-25', '24:00')).toBe(25 * 60);
  });

  it('round-trips ISO date-times with offsets', () => {
    const clock = new LocalClock('Europe/London', '2026-10-25');
    expect(clock.fromIso('2026-10-25T01:30:00+01:00')).toBe(90);
    expect(clock.fromIso('2026-10-25T01:30:00+00:00')).toBe(150);
    expect(clock.fromIso('2026-10-25T01:30:00')).toBeUndefined();
    expect(clock.fromIso('nonsense')).toBeUndefined();
    expect(clock.dateAt(25 * 60 - 1)).toBe('2026-10-25');
  });

  it('dates an instant as luxon does, across clock changes and odd offsets', () => {
    // Luxon asked directly is the independent reading; dateAt goes through cached offsets.
    for (const zone of [
      'Europe/London',
      'America/St_Johns',
      'Asia/Kathmandu',
      'Australia/Lord_Howe',
    ]) {
      for (const start of ['2026-03-25', '2026-10-22']) {
        const clock = new LocalClock(zone, start);
        const origin = DateTime.fromISO(start, { zone }).toMillis();
        // Every 13 min 1 s over eight days: both sides of each local midnight and clock change.
        for (let minutes = 0; minutes < 8 * 1440; minutes += 13 + 1 / 60) {
          const expected = DateTime.fromMillis(origin + minutes * 60_000, { zone }).toISODate();
          expect(clock.dateAt(minutes)).toBe(expected);
        }
      }
    }
  });

  it('knows the days of the week and the horizon dates', () => {
    expect(weekdayOf('2026-03-29')).toBe('sun');
    expect(horizonDates('2026-03-27', '2026-03-30').map((d) => d.weekday)).toEqual([
      'fri',
      'sat',
      'sun',
      'mon',
    ]);
  });
});

describe('expansion across clock changes', () => {
  it('places the 01:30 visit of 29 March 2026 at 02:30 BST and shortens the 01:00-02:00 window', () => {
    const expanded = expandProblem(parseProblem(oneCarerProblem('2026-03-29', '2026-03-29')));
    const visit = expanded.visits[0];
    expect(visit?.id).toBe('p/night/2026-03-29');
    expect(visit?.windowStart).toBe(90);
    expect(expanded.clock.toIso(visit?.windowStart ?? 0)).toBe('2026-03-29T02:30:00+01:00');
    // Clocks jump from 01:00 GMT straight to 02:00 BST, so 01:00 and 02:00 are the same instant
    // that night: the window lasts no real time and yields no shift.
    expect(expandedCarer(expanded, 'c').shifts).toEqual([]);
  });

  it('gives the 01:00-02:00 window of 25 October 2026 two real hours', () => {
    const expanded = expandProblem(parseProblem(oneCarerProblem('2026-10-25', '2026-10-25')));
    expect(expandedCarer(expanded, 'c').shifts).toEqual([
      { carerId: 'c', date: '2026-10-25', start: 60, end: 180 },
    ]);
    expect(expanded.clock.toIso(60)).toBe('2026-10-25T01:00:00+01:00');
    expect(expanded.clock.toIso(180)).toBe('2026-10-25T02:00:00+00:00');
  });

  it('expands weekly patterns onto the matching dates only, and subtracts leave', () => {
    const problem = parseProblem({
      horizon: { start: '2026-03-23', end: '2026-03-29' },
      carers: [
        {
          id: 'c',
          home: { lat: 51.5, lon: -0.1 },
          availability: [
            { days: ['mon', 'wed'], from: '07:00', to: '12:00' },
            { days: ['mon'], from: '11:00', to: '14:00' },
            { days: ['mon'], from: '17:00', to: '21:00' },
          ],
          exceptions: [
            { type: 'unavailable', from: '2026-03-25', to: '2026-03-25', reason: 'leave' },
            { type: 'available', date: '2026-03-28', from: '09:00', to: '10:00' },
          ],
        },
      ],
      clients: [],
      packages: [],
    });
    const { shifts } = expandedCarer(expandProblem(problem), 'c');
    expect(shifts.map((s) => [s.date, s.start, s.end])).toEqual([
      ['2026-03-23', 7 * 60, 14 * 60],
      ['2026-03-23', 17 * 60, 21 * 60],
      ['2026-03-28', 5 * 1440 + 9 * 60, 5 * 1440 + 10 * 60],
    ]);
  });
});

describe('clock times and weeks read fast give the figures of the slow reading', () => {
  it('reads HH:mm digit by digit as splitting it would', () => {
    for (const time of ['00:00', '07:05', '12:30', '23:59', '24:00', '7:30', '09:5']) {
      const [hours, minutes] = time.split(':').map(Number);
      expect(clockToMinutes(time)).toBe((hours ?? 0) * 60 + (minutes ?? 0));
    }
  });

  it('gives each date its Monday, asked once or again', () => {
    for (const [date, monday] of [
      ['2026-03-23', '2026-03-23'],
      ['2026-03-29', '2026-03-23'],
      ['2026-03-30', '2026-03-30'],
      ['2027-01-01', '2026-12-28'],
    ] as const) {
      expect(weekStartOf(date)).toBe(monday);
      expect(weekStartOf(date)).toBe(monday);
    }
  });
});
