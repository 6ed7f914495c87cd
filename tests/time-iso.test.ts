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

  it('writes seconds and milliseconds, odd offsets and Z as luxon does, and reads them back', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('Asia/Kathmandu', 'America/St_Johns', 'Pacific/Chatham', 'Etc/UTC', 'UTC'),
        fc.integer({ min: -3 * 24 * 3_600_000, max: 400 * 24 * 3_600_000 }),
        fc.constantFrom(1, 1_000, 60_000),
        (zone, offsetMs, step) => {
          const clock = new LocalClock(zone, '2026-03-20');
          const ms = clock.originMs + Math.round(offsetMs / step) * step;
          const iso = clock.toIso((ms - clock.originMs) / 60_000);
          const reference = DateTime.fromMillis(ms, { zone });
          expect(iso).toBe(reference.toISO({ suppressMilliseconds: true }));
          expect(clock.originMs + (clock.fromIso(iso) ?? Number.NaN) * 60_000).toBeCloseTo(ms, 3);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads the written shape as the general path does, dates out of range included', () => {
    const clock = new LocalClock('Europe/London', '2026-03-20');
    const general = (iso: string) => {
      const parsed = DateTime.fromISO(iso, { setZone: true });
      return parsed.isValid ? (parsed.toMillis() - clock.originMs) / 60_000 : undefined;
    };
    for (const iso of [
      '2028-02-29T23:59:59+05:45',
      '2026-02-28T00:00:00-03:30',
      '2026-12-31T12:34:56Z',
      '2026-03-29T01:30:00+00:00',
    ]) {
      expect(clock.fromIso(iso)).toBe(general(iso));
    }
    for (const iso of [
      '2026-02-29T10:00:00+00:00',
      '2026-04-31T10:00:00Z',
      '2026-13-01T10:00:00+00:00',
      '2026-03-20T10:60:00+00:00',
      '2026-03-20T10:00:60Z',
      '2026-03-20T10:00:00+0100',
      '2026-03-20T10:00:00*01:00',
      '2026-03-20 10:00:00+01:00',
      '2026-0a-20T10:00:00+01:00',
    ]) {
      expect(clock.fromIso(iso)).toBeUndefined();
    }
  });

  it('still rejects what is not a date-time with an offset', () => {
    const clock = new LocalClock('Europe/London', '2026-03-20');
    expect(clock.fromIso('2026-02-30T10:00:00+00:00')).toBeUndefined();
    expect(clock.fromIso('2026-03-20T10:00:00')).toBeUndefined();
    expect(clock.fromIso('2026-03-20T10:00Z')).toBe(600);
  });
});
