/**
 * Changes against the problem and roster they are about: every unknown id and every date outside
 * the horizon named by its JSON path, then the problem as it stands after the changes. Changes to
 * who can work and which visits happen become part of the problem (availability exceptions, a
 * visit's first and last dates, skipped dates and overrides), so the checker and every report
 * see the changed problem; delays and pins concern the roster and are left to the replan.
 */
import type { CarePackage, Carer, Problem } from '../../model/schema.js';
import type { Roster } from '../../model/roster.js';
import type { ValidationIssue } from '../../model/validate.js';
import { formatPath, parseProblem } from '../../model/validate.js';
import { addDays } from '../../model/time.js';
import type { Change, Changes } from './changes.js';
import { changesSchema } from './changes.js';

/** The changes file is malformed or names something the problem or roster does not have. */
export class ChangesValidationError extends Error {
  constructor(readonly issues: readonly ValidationIssue[]) {
    super(
      `invalid changes: ${issues
        .slice(0, 5)
        .map((issue) => `${issue.path}: ${issue.message}`)
        .join('; ')}${issues.length > 5 ? ` (and ${issues.length - 5} more)` : ''}`,
    );
    this.name = 'ChangesValidationError';
  }
}

/**
 * Parses a changes file and holds it to the problem and the previous roster: known carers,
 * packages, visits and stops, dates and times inside the horizon.
 *
 * @throws {ChangesValidationError} listing every issue with its JSON path.
 *
 * @example
 * ```ts
 * const carerId = problem.carers[0]!.id;
 * const day = problem.horizon.start;
 * const sick = { type: 'carer-unavailable', carerId, from: `${day}T06:30`, to: `${day}T23:00` };
 * const changes = parseChanges({ changes: [sick] }, problem, roster);
 * console.log(changes.changes.length, 'change');
 * ```
 */
export function parseChanges(input: unknown, problem: Problem, previous: Roster): Changes {
  const parsed = changesSchema.safeParse(input);
  if (!parsed.success) {
    throw new ChangesValidationError(
      parsed.error.issues.map((issue) => ({
        path: formatPath(issue.path),
        message: issue.message,
      })),
    );
  }
  const issues = referenceIssues(parsed.data, problem, previous);
  if (issues.length > 0) throw new ChangesValidationError(issues);
  return parsed.data;
}

function referenceIssues(changes: Changes, problem: Problem, previous: Roster): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const { start, end } = problem.horizon;
  const carers = new Set(problem.carers.map((carer) => carer.id));
  const clients = new Set(problem.clients.map((client) => client.id));
  const packages = new Map(problem.packages.map((carePackage) => [carePackage.id, carePackage]));
  const stopCarers = new Map<string, Set<string>>();
  for (const route of previous.routes) {
    for (const stop of route.stops) {
      const set = stopCarers.get(stop.visitKey) ?? new Set<string>();
      set.add(route.carerId);
      stopCarers.set(stop.visitKey, set);
    }
  }
  const inHorizon = (path: string, date: string) => {
    if (date < start || date > end) {
      issues.push({ path, message: `${date} is outside the horizon ${start} to ${end}` });
    }
  };
  const knownCarer = (path: string, carerId: string) => {
    if (!carers.has(carerId)) issues.push({ path, message: `unknown carer "${carerId}"` });
  };
  const knownPattern = (base: string, packageId: string, visitId: string) => {
    const carePackage = packages.get(packageId);
    if (!carePackage) {
      issues.push({ path: `${base}.packageId`, message: `unknown package "${packageId}"` });
    } else if (!carePackage.visits.some((visit) => visit.id === visitId)) {
      issues.push({
        path: `${base}.visitId`,
        message: `package "${packageId}" has no visit "${visitId}"`,
      });
    }
  };
  if (changes.now !== undefined) inHorizon('$.now', changes.now.slice(0, 10));
  const added = new Set<string>();
  changes.changes.forEach((change, i) => {
    const base = `$.changes[${i}]`;
    switch (change.type) {
      case 'carer-unavailable':
        knownCarer(`${base}.carerId`, change.carerId);
        inHorizon(`${base}.from`, change.from.slice(0, 10));
        inHorizon(`${base}.to`, change.to.slice(0, 10));
        if (change.to <= change.from) {
          issues.push({ path: `${base}.to`, message: `${change.to} is not after ${change.from}` });
        }
        break;
      case 'carer-available':
        knownCarer(`${base}.carerId`, change.carerId);
        inHorizon(`${base}.date`, change.date);
        if (change.to <= change.from) {
          issues.push({ path: `${base}.to`, message: `${change.to} is not after ${change.from}` });
        }
        break;
      case 'carer-delayed':
        knownCarer(`${base}.carerId`, change.carerId);
        if (!stopCarers.get(change.visitKey)?.has(change.carerId)) {
          issues.push({
            path: `${base}.visitKey`,
            message: `the previous roster has no stop "${change.visitKey}" for carer "${change.carerId}"`,
          });
        }
        break;
      case 'visit-cancelled':
        knownPattern(base, change.packageId, change.visitId);
        inHorizon(`${base}.date`, change.date);
        break;
      case 'visit-changed':
        knownPattern(base, change.packageId, change.visitId);
        inHorizon(`${base}.from`, change.from);
        if (change.until !== undefined) inHorizon(`${base}.until`, change.until);
        break;
      case 'visit-added': {
        const carePackage = packages.get(change.packageId);
        if (!carePackage) {
          issues.push({
            path: `${base}.packageId`,
            message: `unknown package "${change.packageId}"`,
          });
        } else if (carePackage.visits.some((visit) => visit.id === change.visit.id)) {
          issues.push({
            path: `${base}.visit.id`,
            message: `package "${change.packageId}" already has a visit "${change.visit.id}"`,
          });
        }
        if (change.from !== undefined) inHorizon(`${base}.from`, change.from);
        break;
      }
      case 'package-added': {
        const id = change.package.id;
        if (packages.has(id) || added.has(id)) {
          issues.push({ path: `${base}.package.id`, message: `package "${id}" already exists` });
        }
        added.add(id);
        if (change.client !== undefined) {
          if (change.client.id !== change.package.client) {
            issues.push({
              path: `${base}.client.id`,
              message: `the package is for client "${change.package.client}", not "${change.client.id}"`,
            });
          } else if (clients.has(change.client.id)) {
            issues.push({
              path: `${base}.client.id`,
              message: `client "${change.client.id}" already exists; give only the package`,
            });
          }
        } else if (!clients.has(change.package.client)) {
          issues.push({
            path: `${base}.package.client`,
            message: `unknown client "${change.package.client}"; add them with "client"`,
          });
        }
        inHorizon(`${base}.from`, change.from);
        break;
      }
      case 'package-ended':
        if (!packages.has(change.packageId)) {
          issues.push({
            path: `${base}.packageId`,
            message: `unknown package "${change.packageId}"`,
          });
        }
        // Ending the day before the horizon starts cancels all of it.
        if (change.lastDate !== addDays(start, -1)) inHorizon(`${base}.lastDate`, change.lastDate);
        break;
      case 'pin': {
        const held = stopCarers.get(change.visitKey);
        if (!held) {
          issues.push({
            path: `${base}.visitKey`,
            message: `the previous roster has no stop "${change.visitKey}"`,
          });
        } else if (change.carerId !== undefined && !held.has(change.carerId)) {
          issues.push({
            path: `${base}.carerId`,
            message: `stop "${change.visitKey}" is not with carer "${change.carerId}"`,
          });
        }
        break;
      }
    }
  });
  return issues;
}

/** The later of two optional dates. */
function later(a: string | undefined, b: string): string {
  return a === undefined || b > a ? b : a;
}

/** The earlier of two optional dates. */
function earlier(a: string | undefined, b: string): string {
  return a === undefined || b < a ? b : a;
}

function applyToCarer(carer: Carer, change: Change): Carer {
  if (change.type === 'carer-unavailable' && change.carerId === carer.id) {
    const exception = { type: 'unavailable' as const, from: change.from, to: change.to };
    return {
      ...carer,
      exceptions: [
        ...carer.exceptions,
        change.reason === undefined ? exception : { ...exception, reason: change.reason },
      ],
    };
  }
  if (change.type === 'carer-available' && change.carerId === carer.id) {
    const { date, from, to } = change;
    const exception = { type: 'available' as const, date, from, to };
    return {
      ...carer,
      exceptions: [
        ...carer.exceptions,
        change.reason === undefined ? exception : { ...exception, reason: change.reason },
      ],
    };
  }
  return carer;
}

function applyToPackage(carePackage: CarePackage, change: Change, today: string): CarePackage {
  switch (change.type) {
    case 'visit-cancelled':
    case 'visit-changed':
      if (change.packageId !== carePackage.id) return carePackage;
      return {
        ...carePackage,
        visits: carePackage.visits.map((visit) => {
          if (visit.id !== change.visitId) return visit;
          if (change.type === 'visit-cancelled') {
            return change.onwards
              ? { ...visit, until: earlier(visit.until, addDays(change.date, -1)) }
              : { ...visit, skipDates: [...(visit.skipDates ?? []), change.date] };
          }
          const { from, until, window, durationMinutes, carersNeeded } = change;
          const override = Object.fromEntries(
            Object.entries({ from, until, window, durationMinutes, carersNeeded }).filter(
              ([, value]) => value !== undefined,
            ),
          ) as { from: string };
          return { ...visit, overrides: [...(visit.overrides ?? []), override] };
        }),
      };
    case 'visit-added':
      if (change.packageId !== carePackage.id) return carePackage;
      return {
        ...carePackage,
        visits: [
          ...carePackage.visits,
          { ...change.visit, from: later(change.visit.from, change.from ?? today) },
        ],
      };
    case 'package-ended':
      if (change.packageId !== carePackage.id) return carePackage;
      return {
        ...carePackage,
        visits: carePackage.visits.map((visit) => ({
          ...visit,
          until: earlier(visit.until, change.lastDate),
        })),
      };
    default:
      return carePackage;
  }
}

/**
 * The problem after the changes: availability exceptions for carers, first and last dates,
 * skipped dates and overrides on visits, new visits and packages. Re-validated as a whole.
 *
 * @throws {ProblemValidationError} when the changed problem breaks a rule of the model (e.g. a
 * linked visit changed to need two carers).
 *
 * @example
 * ```ts
 * const carePackage = problem.packages[0]!;
 * const cancel = {
 *   type: 'visit-cancelled',
 *   packageId: carePackage.id,
 *   visitId: carePackage.visits[0]!.id,
 *   date: problem.horizon.start,
 *   onwards: true,
 * };
 * const changed = applyChanges(problem, parseChanges({ changes: [cancel] }, problem, roster));
 * console.log(changed.packages.length, 'packages');
 * ```
 */
export function applyChanges(problem: Problem, changes: Changes): Problem {
  const today = changes.now?.slice(0, 10) ?? problem.horizon.start;
  let carers = problem.carers;
  let clients = problem.clients;
  let packages = problem.packages;
  for (const change of changes.changes) {
    carers = carers.map((carer) => applyToCarer(carer, change));
    packages = packages.map((carePackage) => applyToPackage(carePackage, change, today));
    if (change.type === 'package-added') {
      if (change.client !== undefined) clients = [...clients, change.client];
      packages = [
        ...packages,
        {
          ...change.package,
          visits: change.package.visits.map((visit) => ({
            ...visit,
            from: later(visit.from, change.from),
          })),
        },
      ];
    }
  }
  const changedProblem = { ...problem, carers, clients, packages };
  // Availability, cancellations and ends keep a valid problem valid; anything that adds or
  // reshapes a visit is validated again as a whole.
  return changes.changes.every((change) => KEEPS_VALID.has(change.type))
    ? changedProblem
    : parseProblem(changedProblem);
}

/** Changes after which a valid problem is still valid, so it need not be parsed again. */
const KEEPS_VALID = new Set<Change['type']>([
  'carer-unavailable',
  'carer-available',
  'carer-delayed',
  'visit-cancelled',
  'package-ended',
  'pin',
]);
