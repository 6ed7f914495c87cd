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
import { DEFAULT_TIME_LIMIT_MS } from '../solver/solve.js';
import { ServiceError } from './errors.js';
import type { JobBudget } from './job-manager.js';

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
  if (options.timeLimitMs !== undefined && options.timeLimitMs > maxTimeLimitMs) {
    issues.push({
      path: '$.options.timeLimitMs',
      message: `${options.timeLimitMs} is above this server's cap; at most ${maxTimeLimitMs} is allowed`,
    });
  }
  if (!problem || issues.length > 0) throw invalid(issues);
  return {
    problem,
    input,
    budget: {
      seed: options.seed,
      // An iteration budget alone is bounded by the cap (so it stays deterministic within it);
      // no budget at all gets the library's default time limit.
      timeLimitMs:
        options.timeLimitMs ??
        (options.maxIterations !== undefined
          ? maxTimeLimitMs
          : Math.min(DEFAULT_TIME_LIMIT_MS, maxTimeLimitMs)),
      maxIterations: options.maxIterations,
    },
  };
}

/**
 * Reads a check or explain body `{ problem, roster }`.
 * @throws {ServiceError} 400 with every issue of both.
 */
export function readProblemAndRoster(body: unknown): { problem: Problem; roster: Roster } {
  const { problem: problemInput, roster: rosterInput } = envelope(pairEnvelopeSchema, body);
  const issues: ValidationIssue[] = [];
  const problem = problemOf(problemInput, issues);
  let roster: Roster | undefined;
  if (rosterInput === undefined) {
    issues.push({ path: '$.roster', message: 'missing: the roster to check is required' });
  } else {
    const result = validateRoster(rosterInput);
    if (result.ok) roster = result.roster;
    else issues.push(...under('roster', result.issues));
  }
  if (!problem || !roster) throw invalid(issues);
  return { problem, roster };
}
