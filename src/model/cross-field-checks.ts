/**
 * The rules of a problem that its schema cannot say, because they relate one field to another:
 * ids unique and known, windows in order, a horizon of at most a year, a real time zone, links
 * between a package's own visits, roles that some carer can fill, lateness within the cap. They
 * read the raw input defensively, so a file the schema rejects still gets all of them reported
 * in the same pass.
 */
import type { ValidationIssue } from './validate.js';
import { DEFAULT_LATENESS_CAP_MINUTES, MAX_LATENESS_CAP_MINUTES } from './schema.js';
import { clockToMinutes, daysBetween, isValidTimeZone, parseIsoDate } from './time.js';

/** The longest horizon accepted, in days: a year covers every real rostering use. */
export const MAX_HORIZON_DAYS = 366;

type Raw = Record<string, unknown>;

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The items of a list, or none when it is not one. The checks below walk lists by index and
 * skip items that are not objects, and build a path only for an issue: on a valid county's week
 * (25k visit patterns) the tuples, paths and one-issue arrays made for every item were
 * a large share of the time these checks took.
 */
function listAt(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : NO_ITEMS;
}

const NO_ITEMS: readonly unknown[] = [];

function stringAt(record: Raw, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' ? value : undefined;
}

const ZERO = 48;

/** The digit at `at` of `text`, or -1. */
function digitAt(text: string, at: number): number {
  const digit = text.charCodeAt(at) - ZERO;
  return digit >= 0 && digit <= 9 ? digit : -1;
}

/** Whether `value` is a clock time `HH:mm` from 00:00 to 24:00 (the schema's pattern, by hand). */
function isClock(value: string | undefined): value is string {
  if (value === undefined || value.length !== 5 || value.charCodeAt(2) !== 58) return false;
  const h1 = digitAt(value, 0);
  const h2 = digitAt(value, 1);
  const m1 = digitAt(value, 3);
  const m2 = digitAt(value, 4);
  if (h1 < 0 || h2 < 0 || m1 < 0 || m2 < 0) return false;
  if (h1 === 2 && h2 === 4) return m1 === 0 && m2 === 0;
  return (h1 <= 1 || (h1 === 2 && h2 <= 3)) && m1 <= 5;
}

/**
 * Every cross-field issue of a raw problem (before or without a successful parse).
 *
 * @example
 * ```ts
 * crossFieldIssues({ horizon: { start: '2026-03-30', end: '2026-03-23' } });
 * // [{ path: '$.horizon.end', message: 'the horizon ends (2026-03-23) before it starts (2026-03-30); …' }]
 * ```
 */
export function crossFieldIssues(input: unknown): ValidationIssue[] {
  // zod already reports a top level that is not an object.
  if (!isRecord(input)) return [];
  const issues: ValidationIssue[] = [];
  checkHorizon(input, issues);
  checkTimeZone(input, issues);
  const dates = new DateCheck();
  const clientIds = idSet(input.clients);
  checkCarers(input, clientIds, dates, issues);
  checkClients(input, issues);
  // The lateness caps are checked in the same walk over the packages, and reported last.
  const late: ValidationIssue[] = [];
  checkPackages(input, clientIds, issues, late);
  for (const issue of late) issues.push(issue);
  return issues;
}

/** The lateness cap every visit pattern's `maxLatenessMinutes` must keep within. */
interface LatenessCap {
  readonly cap: number;
  readonly given: boolean;
}

function latenessCap(input: Raw): LatenessCap {
  const settings = isRecord(input.settings) ? input.settings : {};
  const given = settings.latenessCapMinutes;
  return typeof given === 'number'
    ? { cap: given, given: true }
    : { cap: DEFAULT_LATENESS_CAP_MINUTES, given: false };
}

/** A visit pattern's `maxLatenessMinutes` within `settings.latenessCapMinutes`. */
function checkLatenessCap(
  pattern: Raw,
  index: number,
  p: number,
  { cap, given }: LatenessCap,
  issues: ValidationIssue[],
): void {
  const late = pattern.maxLatenessMinutes;
  if (typeof late === 'number' && late > cap) {
    issues.push({
      path: `$.packages[${index}].visits[${p}].maxLatenessMinutes`,
      message:
        `must be a whole number from 0 to ${cap} (got ${late}): settings.latenessCapMinutes ` +
        `is ${cap}${given ? '' : ' by default'}; raise it (up to ` +
        `${MAX_LATENESS_CAP_MINUTES}) to allow more`,
    });
  }
}

function checkHorizon(input: Raw, issues: ValidationIssue[]): void {
  const horizon = input.horizon;
  if (!isRecord(horizon)) return;
  const start = stringAt(horizon, 'start');
  const end = stringAt(horizon, 'end');
  for (const [key, value] of [
    ['start', start],
    ['end', end],
  ] as const) {
    if (value !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(value) && !parseIsoDate(value)) {
      issues.push({
        path: `$.horizon.${key}`,
        message: `${value} is not a calendar date; expected a real date YYYY-MM-DD`,
      });
    }
  }
  if (start && end && parseIsoDate(start) && parseIsoDate(end)) {
    const days = daysBetween(start, end);
    if (days < 0) {
      issues.push({
        path: '$.horizon.end',
        message: `the horizon ends (${end}) before it starts (${start}); end is the last day, inclusive`,
      });
    } else if (days + 1 > MAX_HORIZON_DAYS) {
      issues.push({
        path: '$.horizon.end',
        message: `the horizon is ${days + 1} days long; at most ${MAX_HORIZON_DAYS} days are allowed`,
      });
    }
  }
}

function checkTimeZone(input: Raw, issues: ValidationIssue[]): void {
  const zone = input.timeZone;
  if (typeof zone !== 'string' || isValidTimeZone(zone)) return;
  issues.push({
    path: '$.timeZone',
    message: `unknown time zone "${zone}"; use an IANA name such as "Europe/London"`,
  });
}

/** What is wrong with a window `from`-`to`, or undefined when nothing is (or it is not two times). */
function windowOrderMessage(from: unknown, to: unknown, allowEqual: boolean): string | undefined {
  if (typeof from !== 'string' || typeof to !== 'string' || !isClock(from) || !isClock(to)) {
    return undefined;
  }
  const start = clockToMinutes(from);
  const end = clockToMinutes(to);
  if (end > start || (allowEqual && end === start)) return undefined;
  return (
    `the window ${from}-${to} ends ${end === start ? 'when' : 'before'} it starts; ` +
    'a window must end after it starts on the same day (write one that crosses midnight as ' +
    'two windows, e.g. 22:00-24:00 and 00:00-07:00)'
  );
}

/** Lists no longer than this look for an earlier equal id by comparing, not through a map. */
const FEW_IDS = 16;

/** Position of the first record of `items` before `index` whose id is `id`, or -1. */
function earlierId(items: readonly unknown[], index: number, id: string): number {
  for (let other = 0; other < index; other++) {
    const item = items[other];
    if (isRecord(item) && item.id === id) return other;
  }
  return -1;
}

function checkDuplicateIds(
  items: readonly unknown[],
  arrayPath: string,
  what: string,
  issues: ValidationIssue[],
): void {
  const duplicate = (index: number, id: string, first: number) =>
    issues.push({
      path: `${arrayPath}[${index}].id`,
      message: `duplicate ${what} id "${id}" (already used at ${arrayPath}[${first}])`,
    });
  if (items.length <= FEW_IDS) {
    for (let index = 1; index < items.length; index++) {
      const item = items[index];
      if (!isRecord(item)) continue;
      const id = stringAt(item, 'id');
      if (id === undefined) continue;
      const first = earlierId(items, index, id);
      if (first >= 0) duplicate(index, id, first);
    }
    return;
  }
  const seen = new Map<string, number>();
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    if (!isRecord(item)) continue;
    const id = stringAt(item, 'id');
    if (id === undefined) continue;
    const first = seen.get(id);
    if (first !== undefined) duplicate(index, id, first);
    else seen.set(id, index);
  }
}

function idSet(value: unknown): Set<string> {
  const ids = new Set<string>();
  for (const item of listAt(value)) {
    if (!isRecord(item)) continue;
    const id = stringAt(item, 'id');
    if (id !== undefined) ids.add(id);
  }
  return ids;
}

/** Whether dates are real calendar dates, each distinct text judged once. */
class DateCheck {
  private readonly judged = new Map<string, string | undefined>();

  /** What is wrong with a date (or a date-time, by its date) that is not a real one. */
  message(value: unknown): string | undefined {
    if (typeof value !== 'string') return undefined;
    if (this.judged.has(value)) return this.judged.get(value);
    const date = value.slice(0, 10);
    const message =
      !/^\d{4}-\d{2}-\d{2}$/.test(date) || parseIsoDate(date)
        ? undefined
        : `${date} is not a calendar date; expected a real date YYYY-MM-DD`;
    this.judged.set(value, message);
    return message;
  }
}

function checkCarers(
  input: Raw,
  clientIds: ReadonlySet<string>,
  dates: DateCheck,
  issues: ValidationIssue[],
): void {
  const carers = listAt(input.carers);
  checkDuplicateIds(carers, '$.carers', 'carer', issues);
  for (let index = 0; index < carers.length; index++) {
    const carer = carers[index];
    if (!isRecord(carer)) continue;
    const availability = listAt(carer.availability);
    for (let w = 0; w < availability.length; w++) {
      const window = availability[w];
      if (!isRecord(window)) continue;
      const message = windowOrderMessage(window.from, window.to, false);
      if (message !== undefined) {
        issues.push({ path: `$.carers[${index}].availability[${w}]`, message });
      }
    }
    const exceptions = listAt(carer.exceptions);
    for (let e = 0; e < exceptions.length; e++) {
      const exception = exceptions[e];
      if (isRecord(exception)) {
        checkException(exception, `$.carers[${index}].exceptions[${e}]`, dates, issues);
      }
    }
    const qualifications = listAt(carer.qualifications);
    for (let q = 0; q < qualifications.length; q++) {
      const qualification = qualifications[q];
      if (!isRecord(qualification)) continue;
      const message = dates.message(qualification.expires);
      if (message !== undefined) {
        issues.push({ path: `$.carers[${index}].qualifications[${q}].expires`, message });
      }
    }
    if (Array.isArray(carer.refusedClients)) {
      carer.refusedClients.forEach((clientId, position) => {
        if (typeof clientId === 'string' && !clientIds.has(clientId)) {
          issues.push({
            path: `$.carers[${index}].refusedClients[${position}]`,
            message: `unknown client "${clientId}"; it must be the id of a client in $.clients`,
          });
        }
      });
    }
    const contract = carer.contract;
    if (isRecord(contract)) {
      const contracted = contract.contractedHoursPerWeek;
      const max = contract.maxHoursPerWeek;
      if (typeof contracted === 'number' && typeof max === 'number' && contracted > max) {
        issues.push({
          path: `$.carers[${index}].contract.contractedHoursPerWeek`,
          message: `contracted hours (${contracted}) exceed the weekly maximum (${max})`,
        });
      }
    }
  }
}

/** One availability exception of a carer, at `path`: its window or range and its dates. */
function checkException(
  exception: Raw,
  path: string,
  dates: DateCheck,
  issues: ValidationIssue[],
): void {
  const dateIssue = (value: unknown, key: string) => {
    const message = dates.message(value);
    if (message !== undefined) issues.push({ path: `${path}.${key}`, message });
  };
  if (exception.type === 'available') {
    const message = windowOrderMessage(exception.from, exception.to, false);
    if (message !== undefined) issues.push({ path, message });
    dateIssue(exception.date, 'date');
  }
  if (exception.type === 'unavailable') {
    dateIssue(exception.from, 'from');
    dateIssue(exception.to, 'to');
    const from = stringAt(exception, 'from');
    const to = stringAt(exception, 'to');
    // A date alone as `to` means the end of that day, so a one-day range has from === to.
    const endKey = to !== undefined && to.length === 10 ? `${to}T24:00` : to;
    if (from !== undefined && endKey !== undefined && endKey <= from) {
      issues.push({ path, message: `the range ${from} to ${to} ends before it starts` });
    }
  }
}

function checkClients(input: Raw, issues: ValidationIssue[]): void {
  const clients = listAt(input.clients);
  const carerIds = idSet(input.carers);
  checkDuplicateIds(clients, '$.clients', 'client', issues);
  for (let index = 0; index < clients.length; index++) {
    const client = clients[index];
    if (!isRecord(client)) continue;
    for (const key of ['team', 'refusedCarers'] as const) {
      const list = client[key];
      if (!Array.isArray(list)) continue;
      list.forEach((carerId, position) => {
        if (typeof carerId === 'string' && !carerIds.has(carerId)) {
          issues.push({
            path: `$.clients[${index}].${key}[${position}]`,
            message: `unknown carer "${carerId}"; it must be the id of a carer in $.carers`,
          });
        }
      });
    }
    const team = Array.isArray(client.team) ? client.team : [];
    const refused = Array.isArray(client.refusedCarers) ? client.refusedCarers : [];
    refused.forEach((carerId, position) => {
      if (team.includes(carerId)) {
        issues.push({
          path: `$.clients[${index}].refusedCarers[${position}]`,
          message: `carer "${String(carerId)}" is both in the client's team and refused`,
        });
      }
    });
  }
}

function checkPackages(
  input: Raw,
  clientIds: ReadonlySet<string>,
  issues: ValidationIssue[],
  late: ValidationIssue[],
): void {
  const packages = listAt(input.packages);
  checkDuplicateIds(packages, '$.packages', 'package', issues);
  const cap = latenessCap(input);
  let held: Set<string> | undefined;
  for (let index = 0; index < packages.length; index++) {
    const carePackage = packages[index];
    if (!isRecord(carePackage)) continue;
    const client = stringAt(carePackage, 'client');
    if (client !== undefined && !clientIds.has(client)) {
      issues.push({
        path: `$.packages[${index}].client`,
        message: `unknown client "${client}"; it must be the id of a client in $.clients`,
      });
    }
    const patterns = listAt(carePackage.visits);
    checkDuplicateIds(patterns, `$.packages[${index}].visits`, 'visit pattern', issues);
    for (let p = 0; p < patterns.length; p++) {
      const pattern = patterns[p];
      if (!isRecord(pattern)) continue;
      checkPattern(pattern, index, p, issues);
      if (Array.isArray(pattern.roles)) {
        held ??= heldQualifications(input);
        checkRoles(pattern, pattern.roles, `$.packages[${index}].visits[${p}]`, held, issues);
      }
      checkLatenessCap(pattern, index, p, cap, late);
    }
    const links = listAt(carePackage.links);
    for (let l = 0; l < links.length; l++) {
      const link = links[l];
      if (isRecord(link)) checkLink(link, patterns, `$.packages[${index}].links[${l}]`, issues);
    }
  }
}

function checkLink(
  link: Raw,
  patterns: readonly unknown[],
  path: string,
  issues: ValidationIssue[],
): void {
  const byId = new Map<string | undefined, Raw>();
  for (const pattern of patterns) {
    if (isRecord(pattern)) byId.set(stringAt(pattern, 'id'), pattern);
  }
  const ends: Raw[] = [];
  for (const key of ['first', 'second'] as const) {
    const id = stringAt(link, key);
    if (id === undefined) continue;
    const pattern = byId.get(id);
    if (!pattern) {
      issues.push({
        path: `${path}.${key}`,
        message: `unknown visit pattern "${id}"; it must be the id of a visit of this package`,
      });
      continue;
    }
    if (pattern.carersNeeded === 2) {
      issues.push({
        path: `${path}.${key}`,
        message: `visit pattern "${id}" needs two carers; a linked visit must need one`,
      });
    }
    ends.push(pattern);
  }
  if (link.first !== undefined && link.first === link.second) {
    issues.push({ path: `${path}.second`, message: 'a visit cannot be linked to itself' });
  }
  const min = link.minGapMinutes;
  const max = link.maxGapMinutes;
  if (typeof min === 'number' && typeof max === 'number' && min > max) {
    issues.push({
      path: `${path}.maxGapMinutes`,
      message: `the gap range ${min}-${max} minutes ends before it starts`,
    });
  }
  const [first, second] = ends;
  if (first && second && Array.isArray(first.days) && Array.isArray(second.days)) {
    const shared = first.days.some((day) => (second.days as unknown[]).includes(day));
    if (!shared) {
      issues.push({
        path,
        message: 'the two linked visits never fall on the same day, so the link never applies',
      });
    }
  }
}

/** A pattern's own times, then each override's: visit pattern `p` of package `index`. */
function checkPattern(pattern: Raw, index: number, p: number, issues: ValidationIssue[]): void {
  checkPatternTimes(pattern, index, p, -1, issues);
  const overrides = listAt(pattern.overrides);
  for (let o = 0; o < overrides.length; o++) {
    const override = overrides[o];
    if (isRecord(override)) checkPatternTimes(override, index, p, o, issues);
  }
}

/**
 * A visit's window in order and its duration ending by midnight: visit pattern `p` of package
 * `index` itself, or its override `o` (-1 for none).
 */
function checkPatternTimes(
  times: Raw,
  index: number,
  p: number,
  o: number,
  issues: ValidationIssue[],
): void {
  const window = times.window;
  if (!isRecord(window)) return;
  const message = windowOrderMessage(window.from, window.to, true);
  if (message !== undefined) issues.push({ path: `${patternPath(index, p, o)}.window`, message });
  const from = stringAt(window, 'from');
  const duration = times.durationMinutes;
  if (isClock(from) && typeof duration === 'number' && duration > 0 && duration <= 1440) {
    if (clockToMinutes(from) + duration > 1440) {
      issues.push({
        path: `${patternPath(index, p, o)}.durationMinutes`,
        message:
          `a ${duration}-minute visit starting at ${from} cannot finish by 24:00; ` +
          'a visit must end on the day it starts',
      });
    }
  }
}

/** The path of visit pattern `p` of package `index`, or of its override `o` when `o >= 0`. */
function patternPath(index: number, p: number, o: number): string {
  return `$.packages[${index}].visits[${p}]${o < 0 ? '' : `.overrides[${o}]`}`;
}

/** Names of every qualification some carer holds, expired or not. */
function heldQualifications(input: Raw): Set<string> {
  const names = new Set<string>();
  for (const carer of listAt(input.carers)) {
    if (!isRecord(carer)) continue;
    for (const qualification of listAt(carer.qualifications)) {
      if (!isRecord(qualification)) continue;
      const name = stringAt(qualification, 'name');
      if (name !== undefined) names.add(name);
    }
  }
  return names;
}

/**
 * A visit's roles: one per carer it needs, each role's qualification held by some carer (a name
 * nobody holds is almost always a typo, and would leave every date of the visit unplaced), each
 * role no longer than the visit on any date, and no override changing how many carers it needs.
 */
function checkRoles(
  pattern: Raw,
  roles: readonly unknown[],
  path: string,
  held: ReadonlySet<string>,
  issues: ValidationIssue[],
): void {
  const needed = pattern.carersNeeded ?? 1;
  if (typeof needed === 'number' && roles.length !== needed) {
    issues.push({
      path: `${path}.roles`,
      message:
        `gives ${roles.length} role(s) but the visit needs ${needed} carer(s) (carersNeeded); ` +
        'give one role per carer',
    });
  }
  const lengths: [number, string][] = [];
  if (typeof pattern.durationMinutes === 'number') {
    lengths.push([pattern.durationMinutes, `the visit's ${pattern.durationMinutes} minutes`]);
  }
  const overrides = listAt(pattern.overrides);
  for (let o = 0; o < overrides.length; o++) {
    const override = overrides[o];
    if (!isRecord(override)) continue;
    const overridePath = `${path}.overrides[${o}]`;
    if (typeof override.durationMinutes === 'number') {
      lengths.push([
        override.durationMinutes,
        `the ${override.durationMinutes} minutes of ${overridePath}`,
      ]);
    }
    if (typeof override.carersNeeded === 'number' && override.carersNeeded !== roles.length) {
      issues.push({
        path: `${overridePath}.carersNeeded`,
        message:
          `changes the visit to ${override.carersNeeded} carer(s) but it has ${roles.length} ` +
          'role(s); write the change as a separate visit pattern (with from and until) instead',
      });
    }
  }
  for (let r = 0; r < roles.length; r++) {
    const role = roles[r];
    if (!isRecord(role)) continue;
    const rolePath = `${path}.roles[${r}]`;
    const qualifications = Array.isArray(role.qualifications) ? role.qualifications : [];
    qualifications.forEach((name, q) => {
      if (typeof name === 'string' && name !== '' && !held.has(name)) {
        issues.push({
          path: `${rolePath}.qualifications[${q}]`,
          message:
            `unknown qualification "${name}": no carer in $.carers holds it` +
            (held.size > 0 ? ` (carers hold: ${[...held].sort().join(', ')})` : ''),
        });
      }
    });
    const duration = role.durationMinutes;
    if (typeof duration !== 'number') continue;
    for (const [length, what] of lengths) {
      if (duration > length) {
        issues.push({
          path: `${rolePath}.durationMinutes`,
          message: `${duration} minutes is longer than ${what}; a carer stays at most the whole visit`,
        });
      }
    }
  }
}
