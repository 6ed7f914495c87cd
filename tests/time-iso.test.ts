import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { LocalClock } from '../src/model/time.js';

describe('LocalClock ISO reading and writing without luxon on the hot path', () => {
  it('writes and reads every instant as luxon does, across clock changes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          'Europe/London',
          'America/New_York',
          'Asia/Kolkata',
          'Australia/Lord_Howe',
          'UTC',
        ),
        fc.integer({ min: -2000, max: 60 * 24 * 400 }),
        fc.constantFrom(0, 0.25, 0.5),
        (zone, whole, part) => {
          const clock = new LocalClock(zone, '2026-03-20');
          const minutes = whole + part;
          const iso = clock.toIso(minutes);
          const reference = DateTime.fromMillis(clock.originMs + minutes * 60_000, { zone });
          expect(iso).toBe(reference.toISO({ suppressMilliseconds: true }));
          expect(clock.fromIso(iso)).toBe(minutes);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('still rejects what is not a date-time with an offset', () => {
    const clock = new LocalClock('Europe/London', '2026-03-20');
    expect(clock.fromIso('2026-02-30T10:00:00+00:00')).toBeUndefined();
    expect(clock.fromIso('2026-03-20T10:00:00')).toBeUndefined();
    expect(clock.fromIso('2026-03-20T10:00Z')).toBe(600);
  });
});
