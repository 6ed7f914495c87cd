/**
 * The request bodies of the routes, checked with the library's own validators, so every 400
 * lists each issue with its JSON path (from the body's root, e.g. `$.problem.carers[0].home`)
 * and what is allowed, as the CLI and `validateProblem` word it.
 */
import { z } from 'zod';
import type { Problem } from '../model/schema.js';
import type { Roster } from '../model/roster.js';
import { validateProblem } from '../model/validate.js';
import type { ValidationIssue } from '../model/validate.js';
import { validateRoster } from '../model/roster-schema.js';
import { describeIssues } from '../model/issue-messages.js';
import { clockTimeSchema } from '../model/schema.js';
import type { CarePackageInput, ClientInput } from '../model/schema.js';
import { DEFAULT_TIME_LIMIT_MS } from '../solver/solve.js';
import { DEFAULT_REPLAN_TIME_LIMIT_MS } from '../solver/replan/replan.js';
import {
  applyChanges,
  ChangesValidationError,
  parseChanges,
} from '../solver/replan/apply-changes.js';
import { ProblemValidationError } from '../model/validate.js';
import type { TimeBand } from '../solver/capacity/capacity-summary.js';
import { capacityOptionsSchema as findCapacityOptionsSchema } from '../solver/capacity/find-capacity.js';
import { ServiceError } from './errors.js';
import type { JobBudget, ReplanInput } from './job-runners.js';
import type { CapacityTask } from './thread-task.js';

/** The `options` of `POST /v1/solve`. */
export const solveOptionsSchema = z
  .strictObject({
    seed: z.int().min(0).optional().describe('Seed of the search (default 1).'),
    timeLimitMs: z
      .number()
      .positive()
      .optional()
      .describe('Wall-clock budget in ms (default 10 000, at most the server cap).'),
    maxIterations: z.int().positive().optional().describe('Iteration budget of the search.'),
  })
  .describe('The search budget of a solve job.');

/** The envelope of `POST /v1/solve` (the problem is checked by `validateProblem`). */
const solveEnvelopeSchema = z.strictObject({
  problem: z.unknown(),
  options: solveOptionsSchema.optional(),
});

/** The envelope of `POST /v1/check` and `POST /v1/explain`. */
const pairEnvelopeSchema = z.strictObject({ problem: z.unknown(), roster: z.unknown() });

/** The envelope of `POST /v1/replan` (the changes are checked by `parseChanges`). */
const replanEnvelopeSchema = z.strictObject({
  problem: z.unknown(),
  roster: z.unknown(),
  changes: z.unknown().optional(),
  options: solveOptionsSchema.optional(),
});

/** The `options` of `POST /v1/capacity`. */
export const capacityOptionsSchema = findCapacityOptionsSchema
  .pick({ from: true, seed: true })
  .meta({ description: 'Where to start looking, and the seed.' });

/** The envelope of `POST /v1/capacity` (the package is checked as `replan` checks it). */
const capacityEnvelopeSchema = z.strictObject({
  problem: z.unknown(),
  roster: z.unknown(),
  package: z.unknown().optional(),
  client: z.unknown().optional(),
  options: capacityOptionsSchema.optional(),
});

/** The time bands of `POST /v1/capacity/summary`. */
export const bandsSchema = z
  .array(z.strictObject({ from: clockTimeSchema, to: clockTimeSchema }))
  .min(1)
  .describe('Time bands of the day (default: 07-10, 10-13, 13-17, 17-22).');

/** The envelope of `POST /v1/capacity/summary`. */
const summaryEnvelopeSchema = z.strictObject({
  problem: z.unknown(),
  roster: z.unknown(),
  bands: bandsSchema.optional(),
});

/** A validated `POST /v1/solve` body. */
export interface SolveRequest {
  readonly problem: Problem;
  /** The problem as sent, handed to the solver (which copies it to its worker). */
  readonly input: unknown;
  readonly budget: JobBudget;
}

const invalid = (issues: readonly ValidationIssue[]) =>
  new ServiceError(400, 'invalid-body', 'the request body is not valid', issues);

/** Issues of a part of the body, re-rooted at the part's field, e.g. `$` → `$.problem`. */
const under = (field: string, issues: readonly ValidationIssue[]): ValidationIssue[] =>
  issues.map((issue) => ({ ...issue, path: `$.${field}${issue.path.slice(1)}` }));

function envelope<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body, { reportInput: true });
  if (!parsed.success) throw invalid(describeIssues(parsed.error.issues, schema, body));
  return parsed.data;
}

function problemOf(input: unknown, issues: ValidationIssue[]): Problem | undefined {
  if (input === undefined) {
    issues.push({ path: '$.problem', message: 'missing: the problem to solve is required' });
    return undefined;
  }
  const result = validateProblem(input);
  if (result.ok) return result.problem;
  issues.push(...under('problem', result.issues));
  return undefined;
}

/**
 * Reads a solve body `{ problem, options? }`.
 * @throws {ServiceError} 400 with every issue, including a time limit above `maxTimeLimitMs`.
 */
export function readSolveRequest(body: unknown, maxTimeLimitMs: number): SolveRequest {
  const { problem: input, options = {} } = envelope(solveEnvelopeSchema, body);
  const issues: ValidationIssue[] = [];
  const problem = problemOf(input, issues);
  const budget = budgetOf(options, maxTimeLimitMs, DEFAULT_TIME_LIMIT_MS, issues);
  if (!problem || issues.length > 0) throw invalid(issues);
  return { problem, input, budget };
}

/**
 * Reads a check or explain body `{ problem, roster }`.
 * @throws {ServiceError} 400 with every issue of both.
 */
export function readProblemAndRoster(body: unknown): { problem: Problem; roster: Roster } {
  const { problem: problemInput, roster: rosterInput } = envelope(pairEnvelopeSchema, body);
  const issues: ValidationIssue[] = [];
  const problem = problemOf(problemInput, issues);
  const roster = rosterOf(rosterInput, issues);
  if (!problem || !roster) throw invalid(issues);
  return { problem, roster };
}

function rosterOf(input: unknown, issues: ValidationIssue[]): Roster | undefined {
  if (input === undefined) {
    issues.push({ path: '$.roster', message: 'missing: the roster is required' });
    return undefined;
  }
  const result = validateRoster(input);
  if (result.ok) return result.roster;
  issues.push(...under('roster', result.issues));
  return undefined;
}

/** The budget of a job from its options, within the server's cap on time limits. */
function budgetOf(
  options: z.infer<typeof solveOptionsSchema>,
  maxTimeLimitMs: number,
  defaultTimeLimitMs: number,
  issues: ValidationIssue[],
): JobBudget {
  if (options.timeLimitMs !== undefined && options.timeLimitMs > maxTimeLimitMs) {
    issues.push({
      path: '$.options.timeLimitMs',
      message: `${options.timeLimitMs} is above this server's cap; at most ${maxTimeLimitMs} is allowed`,
    });
  }
  return {
    seed: options.seed,
    // An iteration budget alone is bounded by the cap (so it stays deterministic within it);
    // no budget at all gets the library's default time limit.
    timeLimitMs:
      options.timeLimitMs ??
      (options.maxIterations !== undefined
        ? maxTimeLimitMs
        : Math.min(defaultTimeLimitMs, maxTimeLimitMs)),
    maxIterations: options.maxIterations,
  };
}

/** A validated `POST /v1/replan` body: the inputs as sent (for the thread) and the budget. */
export interface ReplanRequest {
  readonly input: ReplanInput;
  readonly budget: JobBudget;
}

/**
 * Reads a replan body `{ problem, roster, changes, options? }`: each part as `replan` would
 * read it, the changes held to the problem and roster (unknown ids, dates outside the horizon)
 * and applied once, so a job never fails on its input.
 * @throws {ServiceError} 400 with every issue, each path from the body's root.
 */
export function readReplanRequest(body: unknown, maxTimeLimitMs: number): ReplanRequest {
  const parts = envelope(replanEnvelopeSchema, body);
  const issues: ValidationIssue[] = [];
  const problem = problemOf(parts.problem, issues);
  const roster = rosterOf(parts.roster, issues);
  const budget = budgetOf(
    parts.options ?? {},
    maxTimeLimitMs,
    DEFAULT_REPLAN_TIME_LIMIT_MS,
    issues,
  );
  if (parts.changes === undefined) {
    issues.push({
      path: '$.changes',
      message: 'missing: the changes are required ({ now?, changes })',
    });
  } else if (problem && roster) {
    try {
      applyChanges(problem, parseChanges(parts.changes, problem, roster));
    } catch (error) {
      if (error instanceof ChangesValidationError) issues.push(...under('changes', error.issues));
      else if (error instanceof ProblemValidationError) {
        issues.push(
          ...error.issues.map((issue) => ({
            path: '$.changes',
            message: `the problem as changed is not valid at ${issue.path}: ${issue.message}`,
          })),
        );
      } else throw error;
    }
  }
  if (!problem || !roster || issues.length > 0) throw invalid(issues);
  return {
    input: { problem: parts.problem, previous: parts.roster, changes: parts.changes },
    budget,
  };
}

/** A validated `POST /v1/capacity` body: what the capacity task on its thread is given. */
export type CapacityRequest = CapacityTask;

/**
 * Reads a capacity body `{ problem, roster, package, client?, options? }`: the package (and a
 * new client) checked as `findCapacity` checks them, as a package added from `options.from`.
 * @throws {ServiceError} 400 with every issue, each path from the body's root.
 */
export function readCapacityRequest(body: unknown): CapacityRequest {
  const parts = envelope(capacityEnvelopeSchema, body);
  const options = parts.options ?? {};
  const issues: ValidationIssue[] = [];
  const problem = problemOf(parts.problem, issues);
  const roster = rosterOf(parts.roster, issues);
  if (parts.package === undefined) {
    issues.push({ path: '$.package', message: 'missing: the care package is required' });
  } else if (problem && roster) {
    const change = {
      type: 'package-added',
      package: parts.package,
      from: options.from ?? problem.horizon.start,
      ...(parts.client === undefined ? {} : { client: parts.client }),
    };
    try {
      parseChanges({ changes: [change] }, problem, roster);
    } catch (error) {
      if (!(error instanceof ChangesValidationError)) throw error;
      // The package travels as the first change of a replan: name its paths in the body.
      issues.push(
        ...error.issues.map((issue) => ({
          path: issue.path
            .replace(/^\$\.changes\[0\]\.package/, '$.package')
            .replace(/^\$\.changes\[0\]\.client/, '$.client')
            .replace(/^\$\.changes\[0\]\.from/, '$.options.from')
            .replace(/^\$\.changes\[0\]$/, '$'),
          message: issue.message,
        })),
      );
    }
  }
  if (!problem || !roster || issues.length > 0) throw invalid(issues);
  return {
    problem: parts.problem,
    roster: parts.roster,
    package: parts.package as CarePackageInput,
    ...(parts.client === undefined ? {} : { client: parts.client as ClientInput }),
    ...(options.from === undefined ? {} : { from: options.from }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  };
}

/**
 * Reads a capacity summary body `{ problem, roster, bands? }`.
 * @throws {ServiceError} 400 with every issue, each path from the body's root.
 */
export function readCapacitySummaryRequest(body: unknown): {
  problem: unknown;
  roster: unknown;
  bands?: readonly TimeBand[];
} {
  const parts = envelope(summaryEnvelopeSchema, body);
  const issues: ValidationIssue[] = [];
  const problem = problemOf(parts.problem, issues);
  const roster = rosterOf(parts.roster, issues);
  if (!problem || !roster) throw invalid(issues);
  return {
    problem: parts.problem,
    roster: parts.roster,
    ...(parts.bands === undefined ? {} : { bands: parts.bands }),
  };
}
