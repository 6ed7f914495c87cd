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

/** The objects of a list with their positions (a loop: `flatMap`'s arrays showed at 166k visits). */
function records(value: unknown): [Raw, number][] {
  const found: [Raw, number][] = [];
  if (!Array.isArray(value)) return found;
  for (let index = 0; index < value.length; index++) {
    const item: unknown = value[index];
    if (isRecord(item)) found.push([item, index]);
  }
  return found;
}

function stringAt(record: Raw, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' ? value : undefined;
}

function isClock(value: string | undefined): value is string {
  return value !== undefined && /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/.test(value);
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
  return [
    ...checkHorizon(input),
    ...checkTimeZone(input),
    ...checkCarers(input),
    ...checkClients(input),
    ...checkPackages(input),
    ...checkLatenessCap(input),
  ];
}

/** Every visit pattern's `maxLatenessMinutes` within `settings.latenessCapMinutes`. */
function checkLatenessCap(input: Raw): ValidationIssue[] {
  const settings = isRecord(input.settings) ? input.settings : {};
  const given = settings.latenessCapMinutes;
  const cap = typeof given === 'number' ? given : DEFAULT_LATENESS_CAP_MINUTES;
  const issues: ValidationIssue[] = [];
  for (const [carePackage, index] of records(input.packages)) {
    for (const [pattern, p] of records(carePackage.visits)) {
      const late = pattern.maxLatenessMinutes;
      if (typeof late === 'number' && late > cap) {
        issues.push({
          path: `$.packages[${index}].visits[${p}].maxLatenessMinutes`,
          message:
            `must be a whole number from 0 to ${cap} (got ${late}): settings.latenessCapMinutes ` +
            `is ${cap}${typeof given === 'number' ? '' : ' by default'}; raise it (up to ` +
            `${MAX_LATENESS_CAP_MINUTES}) to allow more`,
        });
      }
    }
  }
  return issues;
}

function checkHorizon(input: Raw): ValidationIssue[] {
  const horizon = input.horizon;
  if (!isRecord(horizon)) return [];
  const issues: ValidationIssue[] = [];
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
  return issues;
}

function checkTimeZone(input: Raw): ValidationIssue[] {
  const zone = input.timeZone;
  if (typeof zone !== 'string' || isValidTimeZone(zone)) return [];
  return [
    {
      path: '$.timeZone',
      message: `unknown time zone "${zone}"; use an IANA name such as "Europe/London"`,
    },
  ];
}

function checkWindowOrder(from: unknown, to: unknown, path: string, allowEqual: boolean) {
  if (typeof from !== 'string' || typeof to !== 'string' || !isClock(from) || !isClock(to)) {
    return [];
  }
  const start = clockToMinutes(from);
  const end = clockToMinutes(to);
  if (end > start || (allowEqual && end === start)) return [];
  return [
    {
      path,
      message:
        `the window ${from}-${to} ends ${end === start ? 'when' : 'before'} it starts; ` +
        'a window must end after it starts on the same day (write one that crosses midnight as ' +
        'two windows, e.g. 22:00-24:00 and 00:00-07:00)',
    },
  ];
}

function checkDuplicateIds(items: [Raw, number][], arrayPath: string, what: string) {
  const seen = new Map<string, number>();
  const issues: ValidationIssue[] = [];
  for (const [item, index] of items) {
    const id = stringAt(item, 'id');
    if (id === undefined) continue;
    const first = seen.get(id);
    if (first !== undefined) {
      issues.push({
        path: `${arrayPath}[${index}].id`,
        message: `duplicate ${what} id "${id}" (already used at ${arrayPath}[${first}])`,
      });
    } else {
      seen.set(id, index);
    }
  }
  return issues;
}

function idSet(value: unknown): Set<string> {
  const ids = new Set<string>();
  for (const [item] of records(value)) {
    const id = stringAt(item, 'id');
    if (id !== undefined) ids.add(id);
  }
  return ids;
}

function checkDate(value: unknown, path: string): ValidationIssue[] {
  if (typeof value !== 'string') return [];
  const date = value.slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || parseIsoDate(date)) return [];
  return [{ path, message: `${date} is not a calendar date; expected a real date YYYY-MM-DD` }];
}

function checkCarers(input: Raw): ValidationIssue[] {
  const carers = records(input.carers);
  const issues = checkDuplicateIds(carers, '$.carers', 'carer');
  // Once, not per carer: a 1,000-visit day has 200 carers and 370 clients.
  const clientIds = idSet(input.clients);
  for (const [carer, index] of carers) {
    const base = `$.carers[${index}]`;
    for (const [window, w] of records(carer.availability)) {
      issues.push(...checkWindowOrder(window.from, window.to, `${base}.availability[${w}]`, false));
    }
    for (const [exception, e] of records(carer.exceptions)) {
      const path = `${base}.exceptions[${e}]`;
      if (exception.type === 'available') {
        issues.push(...checkWindowOrder(exception.from, exception.to, path, false));
        issues.push(...checkDate(exception.date, `${path}.date`));
      }
      if (exception.type === 'unavailable') {
        issues.push(...checkDate(exception.from, `${path}.from`));
        issues.push(...checkDate(exception.to, `${path}.to`));
        const from = stringAt(exception, 'from');
        const to = stringAt(exception, 'to');
        // A date alone as `to` means the end of that day, so a one-day range has from === to.
        const endKey = to !== undefined && to.length === 10 ? `${to}T24:00` : to;
        if (from !== undefined && endKey !== undefined && endKey <= from) {
          issues.push({ path, message: `the range ${from} to ${to} ends before it starts` });
        }
      }
    }
    for (const [qualification, q] of records(carer.qualifications)) {
      issues.push(...checkDate(qualification.expires, `${base}.qualifications[${q}].expires`));
    }
    if (Array.isArray(carer.refusedClients)) {
      carer.refusedClients.forEach((clientId, position) => {
        if (typeof clientId === 'string' && !clientIds.has(clientId)) {
          issues.push({
            path: `${base}.refusedClients[${position}]`,
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
          path: `${base}.contract.contractedHoursPerWeek`,
          message: `contracted hours (${contracted}) exceed the weekly maximum (${max})`,
        });
      }
    }
  }
  return issues;
}

function checkClients(input: Raw): ValidationIssue[] {
  const clients = records(input.clients);
  const carerIds = idSet(input.carers);
  const issues = checkDuplicateIds(clients, '$.clients', 'client');
  for (const [client, index] of clients) {
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
  return issues;
}

function checkPackages(input: Raw): ValidationIssue[] {
  const packages = records(input.packages);
  const clientIds = idSet(input.clients);
  const issues = checkDuplicateIds(packages, '$.packages', 'package');
  const held = heldQualifications(input);
  for (const [carePackage, index] of packages) {
    const base = `$.packages[${index}]`;
    const client = stringAt(carePackage, 'client');
    if (client !== undefined && !clientIds.has(client)) {
      issues.push({
        path: `${base}.client`,
        message: `unknown client "${client}"; it must be the id of a client in $.clients`,
      });
    }
    const patterns = records(carePackage.visits);
    issues.push(...checkDuplicateIds(patterns, `${base}.visits`, 'visit pattern'));
    for (const [pattern, p] of patterns) {
      issues.push(...checkPattern(pattern, `${base}.visits[${p}]`));
      issues.push(...checkRoles(pattern, `${base}.visits[${p}]`, held));
    }
    for (const [link, l] of records(carePackage.links)) {
      issues.push(...checkLink(link, patterns, `${base}.links[${l}]`));
    }
  }
  return issues;
}

function checkLink(link: Raw, patterns: [Raw, number][], path: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const byId = new Map(patterns.map(([pattern]) => [stringAt(pattern, 'id'), pattern]));
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
  return issues;
}

function checkPattern(pattern: Raw, path: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const [override, o] of records(pattern.overrides)) {
    issues.push(...checkPatternTimes(override, `${path}.overrides[${o}]`));
  }
  return [...checkPatternTimes(pattern, path), ...issues];
}

/** A visit's window in order and its duration ending by midnight (a pattern or an override). */
function checkPatternTimes(pattern: Raw, path: string): ValidationIssue[] {
  const window = pattern.window;
  if (!isRecord(window)) return [];
  const issues = checkWindowOrder(window.from, window.to, `${path}.window`, true);
  const from = stringAt(window, 'from');
  const duration = pattern.durationMinutes;
  if (isClock(from) && typeof duration === 'number' && duration > 0 && duration <= 1440) {
    if (clockToMinutes(from) + duration > 1440) {
      issues.push({
        path: `${path}.durationMinutes`,
        message:
          `a ${duration}-minute visit starting at ${from} cannot finish by 24:00; ` +
          'a visit must end on the day it starts',
      });
    }
  }
  return issues;
}

/** Names of every qualification some carer holds, expired or not. */
function heldQualifications(input: Raw): Set<string> {
  const names = new Set<string>();
  for (const [carer] of records(input.carers)) {
    for (const [qualification] of records(carer.qualifications)) {
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
function checkRoles(pattern: Raw, path: string, held: ReadonlySet<string>): ValidationIssue[] {
  const roles = pattern.roles;
  if (!Array.isArray(roles)) return [];
  const issues: ValidationIssue[] = [];
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
  for (const [override, o] of records(pattern.overrides)) {
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
  for (const [role, r] of records(roles)) {
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
  return issues;
}
