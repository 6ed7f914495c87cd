/**
 * The small languages of CSV cells: lists separated by `;`, weekdays (`mon-fri`, `mon,wed`),
 * time windows (`08:00-09:30`), availability (`mon-fri 07:00-14:00; sat 09:00-13:00`) and
 * qualifications with an optional expiry (`medication:2026-09-30; hoist`). Each parser returns
 * the value or a message saying what is wrong and what is allowed.
 */
import type { Qualification, Weekday, WeeklyWindow } from '../model/schema.js';
import { WEEKDAYS } from '../model/schema.js';

/** A parsed cell, or what is wrong with it. */
export type CellResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

const ok = <T>(value: T): CellResult<T> => ({ ok: true, value });
const fail = <T>(message: string): CellResult<T> => ({ ok: false, message });

/** The items of a `;`-separated list, trimmed, empty items dropped. */
export function listCell(text: string): string[] {
  return text
    .split(';')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

const DAYS_ALLOWED =
  'use mon, tue, wed, thu, fri, sat, sun, a range such as mon-fri, a list such as mon,wed,fri, or daily';

/** `mon-fri`, `mon,wed,fri`, `sat-sun,wed` or `daily`, as weekdays in week order. */
export function daysCell(text: string): CellResult<Weekday[]> {
  const spec = text.trim().toLowerCase();
  if (spec === '') return fail(`no days given; ${DAYS_ALLOWED}`);
  if (spec === 'daily') return ok([...WEEKDAYS]);
  const days = new Set<Weekday>();
  for (const part of spec.split(',').map((item) => item.trim())) {
    const [from, to, ...rest] = part.split('-').map((item) => item.trim());
    const start = WEEKDAYS.indexOf(from as Weekday);
    const end = to === undefined ? start : WEEKDAYS.indexOf(to as Weekday);
    if (rest.length > 0 || start < 0 || end < 0) {
      const bad = start < 0 ? from : to;
      return fail(`unknown weekday "${bad ?? part}" in "${text}"; ${DAYS_ALLOWED}`);
    }
    if (end < start)
      return fail(`the range "${part}" runs backwards; write it in week order (mon to sun)`);
    for (let day = start; day <= end; day++) days.add(WEEKDAYS[day]!);
  }
  return ok(WEEKDAYS.filter((day) => days.has(day)));
}

const CLOCK = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** `08:00-09:30` (times HH:mm, 00:00 to 24:00; a single-digit hour such as 8:00 is accepted). */
export function windowCell(text: string): CellResult<{ from: string; to: string }> {
  const parts = text.split('-').map((item) => item.trim());
  if (parts.length !== 2) return fail(`"${text}" is not a time window; write it as 08:00-09:30`);
  const times: string[] = [];
  for (const part of parts) {
    const time = /^\d:\d\d$/.test(part) ? `0${part}` : part;
    if (!CLOCK.test(time)) {
      return fail(
        `bad time "${part}" in "${text}"; write times HH:mm from 00:00 to 24:00, a window as 08:00-09:30`,
      );
    }
    times.push(time);
  }
  return ok({ from: times[0]!, to: times[1]! });
}

/** `mon-fri 07:00-14:00; sat 09:00-13:00`: weekly windows. */
export function availabilityCell(text: string): CellResult<WeeklyWindow[]> {
  const windows: WeeklyWindow[] = [];
  for (const item of listCell(text)) {
    const match = /^(\S+)\s+(\S+)$/.exec(item);
    if (match === null) {
      return fail(
        `"${item}" is not days and a window; write e.g. mon-fri 07:00-14:00; sat 09:00-13:00`,
      );
    }
    const days = daysCell(match[1]!);
    if (!days.ok) return days;
    const window = windowCell(match[2]!);
    if (!window.ok) return window;
    windows.push({ days: days.value, ...window.value });
  }
  return ok(windows);
}

/** `medication:2026-09-30; hoist`: names, each with an optional last valid date. */
export function qualificationsCell(text: string): CellResult<Qualification[]> {
  const qualifications: Qualification[] = [];
  for (const item of listCell(text)) {
    const [name, expires, ...rest] = item.split(':').map((part) => part.trim());
    if (name === undefined || name === '' || rest.length > 0) {
      return fail(
        `"${item}" is not a qualification; write a name, or name:YYYY-MM-DD for one that expires`,
      );
    }
    if (expires === undefined) {
      qualifications.push({ name });
    } else if (!/^\d{4}-\d{2}-\d{2}$/.test(expires)) {
      return fail(`the expiry "${expires}" of ${name} must be a date written YYYY-MM-DD`);
    } else {
      qualifications.push({ name, expires });
    }
  }
  return ok(qualifications);
}

const ROLES_ALLOWED =
  'write one role per carer separated by |, each its qualifications joined by + and optionally ' +
  ':minutes the carer stays, e.g. nurse-delegated:30 | moving-and-handling (- for none, e.g. -:15)';

/**
 * `nurse-delegated:30 | moving-and-handling`: one role per carer, each its qualifications
 * (joined by `+`, `-` for none) and optionally `:minutes` the carer stays.
 *
 * @example
 * ```ts
 * rolesCell('nurse-delegated:30 | moving-and-handling');
 * // { ok: true, value: [{ qualifications: ['nurse-delegated'], durationMinutes: 30 }, { qualifications: ['moving-and-handling'] }] }
 * ```
 */
export function rolesCell(
  text: string,
): CellResult<{ qualifications: string[]; durationMinutes?: number }[]> {
  const roles: { qualifications: string[]; durationMinutes?: number }[] = [];
  const parts = text.split('|').map((part) => part.trim());
  for (const [index, part] of parts.entries()) {
    const [names = '', minutes, ...rest] = part.split(':').map((item) => item.trim());
    if (rest.length > 0)
      return fail(`role ${index + 1} "${part}" has more than one ":"; ${ROLES_ALLOWED}`);
    const qualifications = names === '-' ? [] : names.split('+').map((name) => name.trim());
    if (qualifications.some((name) => name === '')) {
      return fail(`role ${index + 1} "${part}" has an empty qualification; ${ROLES_ALLOWED}`);
    }
    if (minutes === undefined) {
      roles.push({ qualifications });
      continue;
    }
    if (!/^\d+$/.test(minutes)) {
      return fail(
        `role ${index + 1} "${part}": "${minutes}" is not whole minutes; ${ROLES_ALLOWED}`,
      );
    }
    roles.push({ qualifications, durationMinutes: Number(minutes) });
  }
  return ok(roles);
}

/** A number, optionally only whole and at least 0. */
export function numberCell(text: string, whole = false): CellResult<number> {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || (whole && !Number.isInteger(value))) {
    return fail(`"${text}" is not a ${whole ? 'whole number' : 'number'}`);
  }
  return ok(value);
}

/** `yes`/`no` (also `true`/`false`, `y`/`n`, `1`/`0`). */
export function yesNoCell(text: string): CellResult<boolean> {
  const value = text.trim().toLowerCase();
  if (['yes', 'y', 'true', '1'].includes(value)) return ok(true);
  if (['no', 'n', 'false', '0'].includes(value)) return ok(false);
  return fail(`"${text}" is not yes or no`);
}

/** A gap in minutes: `30-60` (from 30 to 60 minutes) or `0` (together). */
export function gapCell(text: string): CellResult<{ min: number; max: number }> {
  const parts = text.split('-').map((part) => part.trim());
  const numbers = parts.map(Number);
  if (parts.length > 2 || parts.some((part) => !/^\d+$/.test(part))) {
    return fail(`"${text}" is not a gap in minutes; write 30-60, or 0 for visits done together`);
  }
  return ok({ min: numbers[0]!, max: (numbers[1] ?? numbers[0]) as number });
}

/** `female` or `female; required`: a value and how strongly it is wanted. */
export function preferenceCell(
  text: string,
): CellResult<{ value: string; strength: 'required' | 'preferred' }> {
  const [value, strength, ...rest] = listCell(text);
  if (
    value === undefined ||
    rest.length > 0 ||
    (strength !== undefined && strength !== 'required' && strength !== 'preferred')
  ) {
    return fail(`"${text}" must be a value, optionally followed by "; required" or "; preferred"`);
  }
  return ok({ value, strength: (strength ?? 'preferred') as 'required' | 'preferred' });
}
