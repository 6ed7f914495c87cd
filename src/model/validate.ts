/**
 * Validation of a whole problem. Reports every problem at once, each with the JSON path of the
 * field at fault, what is wrong and what is allowed, so a user fixes a file in one pass.
 */
import type { Problem } from './schema.js';
import { describeIssues } from './issue-messages.js';
import { crossFieldIssues } from './cross-field-checks.js';
import { problemSchema } from './schema.js';
import type { FastParse } from './fast-parse.js';
import { compileFastParse, NOT_PLAINLY_VALID, UnsupportedSchemaError } from './fast-parse.js';

/** One thing wrong with the input. */
export interface ValidationIssue {
  /** JSONPath of the field at fault, e.g. `$.carers[3].home`. */
  readonly path: string;
  /** What is wrong and what is allowed. */
  readonly message: string;
}

/** Thrown by {@link parseProblem} when the input is not a valid problem. */
export class ProblemValidationError extends Error {
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[]) {
    super(
      `The problem is not valid (${issues.length} issue${issues.length === 1 ? '' : 's'}):\n` +
        issues.map((issue) => `  ${issue.path}: ${issue.message}`).join('\n'),
    );
    this.name = 'ProblemValidationError';
    this.issues = issues;
  }
}

/** The outcome of {@link validateProblem}. */
export type ValidationResult =
  | { readonly ok: true; readonly problem: Problem }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

export { MAX_HORIZON_DAYS } from './cross-field-checks.js';
export { formatPath } from './issue-messages.js';

/**
 * Checks a problem and returns either the parsed problem (every default filled in) or every
 * issue found. Never throws.
 *
 * @example
 * ```ts
 * const result = validateProblem(JSON.parse(readFileSync('problem.json', 'utf8')));
 * if (result.ok) console.log(result.problem.settings.weights.travelMinute); // defaults filled in
 * else for (const issue of result.issues) console.log(issue.path, issue.message);
 * ```
 */
export function validateProblem(input: unknown): ValidationResult {
  // The common case, a valid problem, in one quick pass; zod reads anything else, and its
  // issues are the only ones reported.
  const fast = problemFastParse()?.(input) ?? NOT_PLAINLY_VALID;
  const parsed =
    fast === NOT_PLAINLY_VALID
      ? problemSchema.safeParse(input, { reportInput: true })
      : { success: true as const, data: fast as Problem };
  const issues: ValidationIssue[] = parsed.success
    ? []
    : describeIssues(parsed.error.issues, problemSchema, input);
  // The cross-field checks read the raw input defensively, so a file with a missing field still
  // gets its unknown ids and backwards windows reported in the same pass. One push an issue: a
  // large file can hold more issues than a spread call takes arguments.
  for (const issue of crossFieldIssues(input)) issues.push(issue);
  const unique = dedupe(issues);
  if (unique.length > 0 || !parsed.success) return { ok: false, issues: unique };
  return { ok: true, problem: parsed.data };
}

let fastParse: FastParse | null | undefined;

/**
 * The fast parse of {@link problemSchema}, built on first use; null (zod alone) should the schema
 * use a kind it does not understand, which tests/fast-parse.test.ts would report.
 */
export function problemFastParse(): FastParse | null {
  if (fastParse === undefined) {
    try {
      fastParse = compileFastParse(problemSchema);
    } catch (error) {
      if (!(error instanceof UnsupportedSchemaError)) throw error;
      fastParse = null;
    }
  }
  return fastParse;
}

/**
 * Parses and validates a problem (a JS object, e.g. from `JSON.parse`).
 * @throws {ProblemValidationError} listing every issue when the input is not valid.
 * @example
 * ```ts
 * try {
 *   parseProblem({ horizon: { start: '2026-03-23' }, carers: [], clients: [], packages: [] });
 * } catch (error) {
 *   if (!(error instanceof ProblemValidationError)) throw error;
 *   for (const issue of error.issues) console.log(issue.path, issue.message); // $.horizon.end ...
 * }
 * ```
 */
export function parseProblem(input: unknown): Problem {
  const result = validateProblem(input);
  if (!result.ok) throw new ProblemValidationError(result.issues);
  return result.problem;
}

function dedupe(issues: ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
