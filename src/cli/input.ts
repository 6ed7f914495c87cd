/**
 * What every command of the command line shares: reading input files into a problem or a roster
 * with errors a person can act on, option parsers, and the exit codes.
 */
import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import { validateProblem } from '../model/validate.js';
import type { ValidationIssue } from '../model/validate.js';
import { validateRoster } from '../model/roster-schema.js';
import type { Problem } from '../model/schema.js';
import type { Roster } from '../model/roster.js';

/** The checker found violations. */
export const EXIT_VIOLATIONS = 1;
/** Bad input: a file, an option or a value was wrong; every issue is listed. */
export const EXIT_BAD_INPUT = 2;

/** Bad input: reported on stderr as a list, never as a stack trace. */
export class InputError extends Error {
  constructor(
    message: string,
    readonly issues: readonly ValidationIssue[] = [],
  ) {
    super(message);
  }
}

export function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      code === 'ENOENT'
        ? `${path}: no such file`
        : `${path}: cannot read (${code ?? String(error)})`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputError(`${path}: not valid JSON (${(error as Error).message})`);
  }
}

export function loadProblem(path: string): Problem {
  const result = validateProblem(readJson(path));
  if (!result.ok) {
    throw new InputError(
      `${path}: ${result.issues.length} problem(s) with the input`,
      result.issues,
    );
  }
  return result.problem;
}

export function positiveNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) {
    throw new InvalidArgumentError('must be a positive number');
  }
  return number;
}

export function wholeNumber(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) {
    throw new InvalidArgumentError('must be a whole number, 0 or more');
  }
  return number;
}

/** Reads and validates a roster file, or throws an {@link InputError} listing every issue. */
export function loadRoster(path: string): Roster {
  const parsed = validateRoster(readJson(path));
  if (!parsed.ok) {
    throw new InputError(`${path}: not a roster (${parsed.issues.length} issue(s))`, parsed.issues);
  }
  return parsed.roster;
}
