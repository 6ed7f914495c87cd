/**
 * The `care-roster` command line: solve a problem file, check a roster, print the JSON Schema.
 * Exit codes: 0 success, 1 the checker found violations, 2 bad input.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { validateProblem } from './model/validate.js';
import type { ValidationIssue } from './model/validate.js';
import { validateRoster } from './model/roster-schema.js';
import { problemJsonSchema } from './model/json-schema.js';
import { expandProblem } from './model/expand.js';
import type { Problem } from './model/schema.js';
import { straightLineTravelMatrix } from './geo/straight-line.js';
import { checkRoster } from './constraints/check-roster.js';
import type { Violation } from './constraints/rules.js';
import { solveExpanded } from './solver/solve.js';
import { summariseRoster } from './report/summary.js';

const EXIT_VIOLATIONS = 1;
const EXIT_BAD_INPUT = 2;

/** Bad input: reported on stderr as a list, never as a stack trace. */
class InputError extends Error {
  constructor(
    message: string,
    readonly issues: readonly ValidationIssue[] = [],
  ) {
    super(message);
  }
}

function readJson(path: string): unknown {
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

function loadProblem(path: string): Problem {
  const result = validateProblem(readJson(path));
  if (!result.ok) {
    throw new InputError(
      `${path}: ${result.issues.length} problem(s) with the input`,
      result.issues,
    );
  }
  return result.problem;
}

function positiveNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) {
    throw new InvalidArgumentError('must be a positive number');
  }
  return number;
}

function wholeNumber(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) {
    throw new InvalidArgumentError('must be a whole number, 0 or more');
  }
  return number;
}

function reportViolations(violations: readonly Violation[]): void {
  const shown = violations.slice(0, 50);
  for (const violation of shown) {
    const who = [violation.carerId, violation.visitId].filter(Boolean).join(' ');
    process.stderr.write(`  [${violation.rule}] ${who ? `${who}: ` : ''}${violation.message}\n`);
  }
  if (violations.length > shown.length) {
    process.stderr.write(`  ... and ${violations.length - shown.length} more\n`);
  }
}

interface SolveCommandOptions {
  output?: string;
  seed: number;
  timeLimit?: number;
  iterations?: number;
}

function solveCommand(problemPath: string, options: SolveCommandOptions): number {
  const problem = loadProblem(problemPath);
  const expanded = expandProblem(problem);
  const travel = straightLineTravelMatrix(expanded.locations, problem.settings.travel);
  const roster = solveExpanded(expanded, travel, {
    seed: options.seed,
    timeLimitMs: options.timeLimit === undefined ? undefined : options.timeLimit * 1000,
    maxIterations: options.iterations,
  });
  const json = `${JSON.stringify(roster, null, 2)}\n`;
  if (options.output) writeFileSync(options.output, json);
  else process.stdout.write(json);
  process.stderr.write(`${summariseRoster(roster)}\n`);
  const violations = checkRoster(problem, roster, { travel, expanded });
  process.stderr.write(`Checker: ${violations.length} violation(s)\n`);
  if (options.output) process.stderr.write(`Roster written to ${options.output}\n`);
  reportViolations(violations);
  return violations.length > 0 ? EXIT_VIOLATIONS : 0;
}

function checkCommand(problemPath: string, rosterPath: string): number {
  const problem = loadProblem(problemPath);
  const parsed = validateRoster(readJson(rosterPath));
  if (!parsed.ok) {
    throw new InputError(`${rosterPath}: not a roster`, parsed.issues);
  }
  const violations = checkRoster(problem, parsed.roster);
  const visits = parsed.roster.routes.reduce((sum, route) => sum + route.stops.length, 0);
  process.stderr.write(
    `Checked ${parsed.roster.routes.length} shifts, ${visits} carer-visits, ` +
      `${parsed.roster.unplaced.length} unplaced: ${violations.length} violation(s)\n`,
  );
  reportViolations(violations);
  return violations.length > 0 ? EXIT_VIOLATIONS : 0;
}

/** Runs the CLI with `argv` (as in process.argv) and returns the exit code. */
export function runCli(argv: readonly string[]): number {
  let exitCode = 0;
  const program = new Command()
    .name('care-roster')
    .description(
      'Home-care rosters that meet every hard rule, minimise travel and keep continuity.',
    )
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  program
    .command('solve')
    .description('build a roster for a problem file')
    .argument('<problem.json>', 'the problem (see `care-roster schema`)')
    .option('-o, --output <roster.json>', 'write the roster here (default: stdout)')
    .option('--seed <n>', 'seed of the search', wholeNumber, 1)
    .option('--time-limit <seconds>', 'search time budget (default 10 s)', positiveNumber)
    .option('--iterations <n>', 'iteration budget instead of a time budget', wholeNumber)
    .action((problemPath: string, options: SolveCommandOptions) => {
      exitCode = solveCommand(problemPath, options);
    });

  program
    .command('check')
    .description('check a roster against every hard rule of its problem')
    .argument('<problem.json>', 'the problem')
    .argument('<roster.json>', 'the roster to check')
    .action((problemPath: string, rosterPath: string) => {
      exitCode = checkCommand(problemPath, rosterPath);
    });

  program
    .command('schema')
    .description('print the JSON Schema of problem files')
    .action(() => {
      process.stdout.write(`${JSON.stringify(problemJsonSchema(), null, 2)}\n`);
    });

  try {
    program.parse([...argv]);
  } catch (error) {
    return handleError(error);
  }
  return exitCode;
}

function handleError(error: unknown): number {
  const commanderCode = (error as { code?: string }).code;
  if (commanderCode === 'commander.helpDisplayed' || commanderCode === 'commander.version') {
    return 0;
  }
  if (commanderCode === 'commander.help') return 0;
  if (commanderCode?.startsWith('commander.')) return EXIT_BAD_INPUT;
  if (error instanceof InputError) {
    process.stderr.write(`error: ${error.message}\n`);
    for (const issue of error.issues) process.stderr.write(`  ${issue.path}: ${issue.message}\n`);
    return EXIT_BAD_INPUT;
  }
  throw error;
}
