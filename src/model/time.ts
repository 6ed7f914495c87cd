/**
 * Time at the boundary: local dates and wall-clock times in an IANA zone become integer minutes
 * from the start of the horizon (local midnight of its first day), once, here. Everything past
 * the model works in those minutes.
 */
import { DateTime, IANAZone } from 'luxon';
import type { Weekday } from './schema.js';
import { WEEKDAYS } from './schema.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const QUARTER_HOUR_MS = 900_000;
const COLON = 58;
const ZERO = 48;
const DASH = 45;
const PLUS = 43;
const LETTER_T = 84;
const LETTER_Z = 90;
/** Epoch milliseconds of 0000-01-01 and of 10000-01-01: `toISOString` writes four-digit years between. */
const FIRST_FOUR_DIGIT_MS = -62_167_219_200_000;
const AFTER_FOUR_DIGIT_MS = 253_402_300_800_000;
/** `00` to `59`, for writing times. */
const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));

/** The common shape of an ISO date-time with offset, read without luxon (the slow path). */
const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})$/;

/** True when `zone` is a time zone name luxon knows (IANA tz database). */
export function isValidTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** Parses `YYYY-MM-DD` into its parts; undefined when it is not a real calendar date. */
export function parseIsoDate(
  date: string,
): { year: number; month: number; day: number } | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1) return undefined;
  if (check.getUTCDate() !== day) return undefined;
  return { year, month, day };
}

/** Minutes since midnight for `HH:mm` (24:00 gives 1440). */
export function clockToMinutes(time: string): number {
  // The validated form `HH:mm` read digit by digit: splitting strings was a hot spot of
  // expanding a county's week (two reads per dated visit).
  if (time.length === 5 && time.charCodeAt(2) === COLON) {
    const h1 = digitAt(time, 0);
    const h2 = digitAt(time, 1);
    const m1 = digitAt(time, 3);
    const m2 = digitAt(time, 4);
    if (h1 >= 0 && h2 >= 0 && m1 >= 0 && m2 >= 0) return (h1 * 10 + h2) * 60 + m1 * 10 + m2;
  }
  const [hours, minutes] = time.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/** The digit at `at` of `text`, or -1 when that character is not a digit. */
function digitAt(text: string, at: number): number {
  const digit = text.charCodeAt(at) - ZERO;
  return digit >= 0 && digit <= 9 ? digit : -1;
}

/** The number written by the `count` digits at `at` of `text`, or -1 when one is not a digit. */
function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const digit = digitAt(text, i);
    if (digit < 0) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The date `days` after `date` (`YYYY-MM-DD`). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Day of the week of a `YYYY-MM-DD` date. */
export function weekdayOf(date: string): Weekday {
  const sundayFirst = new Date(`${date}T00:00:00Z`).getUTCDay();
  return WEEKDAYS[(sundayFirst + 6) % 7]!;
}

/**
 * Converts local dates and times of one zone to minutes from the horizon start, and back.
 *
 * Clock changes follow the rule most calendar software uses (RFC 5545, and Temporal's
 * "compatible" disambiguation):
 * - a local time that does not exist (01:30 on the day UK clocks go forward) is moved forward by
 *   the length of the gap, so 01:30 becomes 02:30 BST, the instant a carer's clock would show
 *   01:30 had it not jumped;
 * - a local time that happens twice (01:30 on the day UK clocks go back) means its first
 *   occurrence, so a window 01:00-02:00 that day spans both hours: 120 real minutes.
 */
export class LocalClock {
  readonly zone: string;
  readonly horizonStart: string;
  /** Epoch milliseconds of local midnight at the start of the horizon. */
  readonly originMs: number;
  private readonly tz: IANAZone;

  constructor(zone: string, horizonStart: string) {
    this.zone = zone;
    this.horizonStart = horizonStart;
    this.tz = IANAZone.create(zone);
    this.originMs = this.instantMs(horizonStart, 0);
    this.zulu = (DateTime.fromMillis(0, { zone }).toISO() ?? '').endsWith('Z');
  }

  /**
   * Instants already resolved, by date and minute: the time-zone lookups behind them are slow
   * and a problem asks for the same few hundred again and again.
   */
  private readonly resolved = new Map<string, Map<number, number>>();

  /** Epoch milliseconds of local `date` at `minuteOfDay` (0-1440), clock changes resolved. */
  instantMs(date: string, minuteOfDay: number): number {
    // By date, then by minute: no key string is built per look-up.
    let ofDate = this.resolved.get(date);
    if (ofDate === undefined) this.resolved.set(date, (ofDate = new Map()));
    let instant = ofDate.get(minuteOfDay);
    if (instant === undefined) {
      instant = this.resolve(date, minuteOfDay);
      ofDate.set(minuteOfDay, instant);
    }
    return instant;
  }

  private resolve(date: string, minuteOfDay: number): number {
    const parts = parseIsoDate(date);
    if (!parts) throw new RangeError(`not a calendar date: ${date}`);
    const wallMs = Date.UTC(parts.year, parts.month - 1, parts.day) + minuteOfDay * MINUTE_MS;
    const offsetBefore = this.exactOffset(wallMs - DAY_MS);
    const offsetAfter = this.exactOffset(wallMs + DAY_MS);
    const candidates = [wallMs - offsetBefore * MINUTE_MS, wallMs - offsetAfter * MINUTE_MS]
      .filter((instant) => wallMs - this.exactOffset(instant) * MINUTE_MS === instant)
      .sort((a, b) => a - b);
    // No candidate: the wall time falls in a gap, so read it with the offset in force before.
    return candidates[0] ?? wallMs - offsetBefore * MINUTE_MS;
  }

  /**
   * Offsets already asked for, by the exact instant: a day's look-ups a day either side are the
   * next and the previous day's own, and both candidates of a day without a clock change are one
   * instant, so the slow zone look-ups (most of expanding a problem in a fresh thread) halve.
   */
  private readonly exact = new Map<number, number>();

  /** The zone's UTC offset in minutes at epoch milliseconds `ms`, as the zone gives it. */
  private exactOffset(ms: number): number {
    let offset = this.exact.get(ms);
    if (offset === undefined) {
      offset = this.tz.offset(ms);
      this.exact.set(ms, offset);
    }
    return offset;
  }

  /** Minutes from the horizon start to local `date` at `time` (`HH:mm`). */
  toMinutes(date: string, time: string): number {
    return this.minuteOfDayToMinutes(date, clockToMinutes(time));
  }

  /** Minutes from the horizon start to local `date` at `minuteOfDay`. */
  minuteOfDayToMinutes(date: string, minuteOfDay: number): number {
    return Math.round((this.instantMs(date, minuteOfDay) - this.originMs) / MINUTE_MS);
  }

  /** Minutes from the horizon start to a local `YYYY-MM-DD` or `YYYY-MM-DDTHH:mm`. */
  localDateTimeToMinutes(value: string, dateAloneMeans: 'start' | 'end'): number {
    const [date, time] = value.split('T') as [string, string | undefined];
    if (time !== undefined) return this.toMinutes(date, time);
    return dateAloneMeans === 'start'
      ? this.toMinutes(date, '00:00')
      : this.toMinutes(date, '24:00');
  }

  /**
   * UTC offsets in minutes by quarter hour: every clock change in the tz database falls on a
   * quarter hour, and asking the zone for each instant is what made decoding slow.
   */
  private readonly offsets = new Map<number, number>();

  /** Whether the zone writes a zero offset as `Z` (UTC itself) rather than `+00:00`. */
  private readonly zulu: boolean;

  /** The zone's UTC offset in minutes at epoch milliseconds `ms`. */
  private offsetAt(ms: number): number {
    const bucket = Math.floor(ms / QUARTER_HOUR_MS);
    let offset = this.offsets.get(bucket);
    if (offset === undefined) {
      offset = this.tz.offset(bucket * QUARTER_HOUR_MS);
      this.offsets.set(bucket, offset);
    }
    return offset;
  }

  /**
   * Each local day as written (`YYYY-MM-DDT`), by days since the epoch, and each offset as
   * written (`+01:00`, or `Z`), by minutes: a roster writes three times a stop, and building
   * them through `Date.toISOString` was most of decoding a county's week.
   */
  private readonly dayTexts = new Map<number, string>();
  private readonly offsetTexts = new Map<number, string>();

  /** ISO 8601 local date-time with its UTC offset, e.g. `2026-03-29T02:30:00+01:00`. */
  toIso(minutes: number): string {
    // To the nearest millisecond: a time to the second such as 517 + 7 / 60 is a hair off in
    // floating point, and Date would cut 08:37:07 to 08:37:06.999.
    const ms = Math.round(this.originMs + minutes * MINUTE_MS);
    const offset = this.offsetAt(ms);
    const local = ms + offset * MINUTE_MS;
    // Whole-minute offsets in years 0000-9999 (every zone today) are written piece by piece.
    if (!Number.isInteger(offset) || local < FIRST_FOUR_DIGIT_MS || local >= AFTER_FOUR_DIGIT_MS) {
      return this.toIsoThroughDate(ms, offset);
    }
    const day = Math.floor(local / DAY_MS);
    let dayText = this.dayTexts.get(day);
    if (dayText === undefined) {
      dayText = new Date(day * DAY_MS).toISOString().slice(0, 11);
      this.dayTexts.set(day, dayText);
    }
    let offsetText = this.offsetTexts.get(offset);
    if (offsetText === undefined) {
      const abs = Math.abs(offset);
      offsetText =
        offset === 0 && this.zulu
          ? 'Z'
          : `${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${TWO_DIGITS[abs % 60]}`;
      this.offsetTexts.set(offset, offsetText);
    }
    const ofDay = local - day * DAY_MS;
    const millis = ofDay % 1000;
    const seconds = (ofDay - millis) / 1000;
    return `${dayText}${TWO_DIGITS[Math.floor(seconds / 3600)]}:${TWO_DIGITS[Math.floor(seconds / 60) % 60]}:${TWO_DIGITS[seconds % 60]}${millis === 0 ? '' : `.${String(millis).padStart(3, '0')}`}${offsetText}`;
  }

  /** {@link toIso} of epoch milliseconds `ms` at `offset` minutes, through `Date`. */
  private toIsoThroughDate(ms: number, offset: number): string {
    const local = new Date(ms + offset * MINUTE_MS).toISOString();
    const millis = local.slice(19, 23);
    if (offset === 0 && this.zulu)
      return `${local.slice(0, 19)}${millis === '.000' ? '' : millis}Z`;
    const sign = offset < 0 ? '-' : '+';
    const abs = Math.abs(offset);
    const hours = String(Math.floor(abs / 60)).padStart(2, '0');
    const mins = String(abs % 60).padStart(2, '0');
    return `${local.slice(0, 19)}${millis === '.000' ? '' : millis}${sign}${hours}:${mins}`;
  }

  /**
   * Minutes from the horizon start for an ISO 8601 date-time with an offset (or `Z`).
   * Returns undefined when the text is not such a date-time.
   */
  fromIso(iso: string): number | undefined {
    const fast = this.fromIsoToTheSecond(iso);
    if (fast !== undefined) return fast;
    const match = ISO_WITH_OFFSET.exec(iso);
    if (match) {
      const [, y, mo, d, h, mi, sec, frac, zone] = match as unknown as string[];
      const year = Number(y);
      const month = Number(mo);
      const day = Number(d);
      const hour = Number(h);
      const minute = Number(mi);
      const second = sec === undefined ? 0 : Number(sec);
      const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
      if (
        month >= 1 &&
        month <= 12 &&
        day >= 1 &&
        day <= daysInMonth &&
        hour <= 23 &&
        minute <= 59 &&
        second <= 59
      ) {
        const offset =
          zone === 'Z'
            ? 0
            : (zone!.startsWith('-') ? -1 : 1) *
              (Number(zone!.slice(1, 3)) * 60 + Number(zone!.slice(4, 6)));
        const ms =
          Date.UTC(
            year,
            month - 1,
            day,
            hour,
            minute,
            second,
            frac === undefined ? 0 : Number(frac.padEnd(3, '0')),
          ) -
          offset * MINUTE_MS;
        return (ms - this.originMs) / MINUTE_MS;
      }
    }
    if (!/(Z|[+-]\d{2}:\d{2})$/.test(iso)) return undefined;
    const parsed = DateTime.fromISO(iso, { setZone: true });
    if (!parsed.isValid) return undefined;
    return (parsed.toMillis() - this.originMs) / MINUTE_MS;
  }

  /**
   * {@link fromIso} of the shape {@link toIso} writes, `YYYY-MM-DDTHH:mm:ss` with `Z` or
   * `+HH:mm`, read digit by digit (the regular expression was most of reading a county's roster);
   * undefined for any other text, or a date or time out of range, which the general path reads.
   */
  private fromIsoToTheSecond(iso: string): number | undefined {
    const zulu = iso.length === 20 && iso.charCodeAt(19) === LETTER_Z;
    if (!zulu && iso.length !== 25) return undefined;
    if (
      iso.charCodeAt(4) !== DASH ||
      iso.charCodeAt(7) !== DASH ||
      iso.charCodeAt(10) !== LETTER_T ||
      iso.charCodeAt(13) !== COLON ||
      iso.charCodeAt(16) !== COLON
    ) {
      return undefined;
    }
    const year = digitsAt(iso, 0, 4);
    const month = digitsAt(iso, 5, 2);
    const day = digitsAt(iso, 8, 2);
    const hour = digitsAt(iso, 11, 2);
    const minute = digitsAt(iso, 14, 2);
    const second = digitsAt(iso, 17, 2);
    let offset = 0;
    if (!zulu) {
      const sign = iso.charCodeAt(19);
      if ((sign !== PLUS && sign !== DASH) || iso.charCodeAt(22) !== COLON) return undefined;
      const offsetHours = digitsAt(iso, 20, 2);
      const offsetMinutes = digitsAt(iso, 23, 2);
      if (offsetHours < 0 || offsetMinutes < 0) return undefined;
      offset = (sign === DASH ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
    }
    if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) return undefined;
    if (minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
    if (day > 28 && day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return undefined;
    const ms = Date.UTC(year, month - 1, day, hour, minute, second, 0) - offset * MINUTE_MS;
    return (ms - this.originMs) / MINUTE_MS;
  }

  /** The local calendar date (`YYYY-MM-DD`) at `minutes` from the horizon start. */
  dateAt(minutes: number): string {
    // Through the cached offsets, as `toIso`: asking the zone each time made it a hot spot when
    // every route of a county's week is dated.
    const ms = this.originMs + minutes * MINUTE_MS;
    return new Date(ms + this.offsetAt(ms) * MINUTE_MS).toISOString().slice(0, 10);
  }
}

/** Every date of the horizon, inclusive, with its weekday. */
export function horizonDates(start: string, end: string): { date: string; weekday: Weekday }[] {
  const count = daysBetween(start, end) + 1;
  return Array.from({ length: Math.max(0, count) }, (_, index) => {
    const date = addDays(start, index);
    return { date, weekday: weekdayOf(date) };
  });
}
