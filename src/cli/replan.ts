/**
 * `care-roster replan problem.json roster.json changes.json -o new.json [--diff FILE]`: the
 * roster after the changes, the diff printed as who must be told what, and the checker's verdict.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { checkRoster } from '../constraints/check-roster.js';
import { replan } from '../solver/replan/replan.js';
import { ChangesValidationError } from '../solver/replan/apply-changes.js';
import { ProblemValidationError } from '../model/validate.js';
import {
  EXIT_VIOLATIONS,
  InputError,
  loadProblem,
  loadRoster,
  positiveNumber,
  readJson,
  wholeNumber,
} from './input.js';

interface ReplanCommandOptions {
  output?: string;
  diff?: string;
  seed: number;
  timeLimit?: number;
  iterations?: number;
}

function replanCommand(
  problemPath: string,
  rosterPath: string,
  changesPath: string,
  options: ReplanCommandOptions,
): number {
  const problem = loadProblem(problemPath);
  const previous = loadRoster(rosterPath);
  const changes = readJson(changesPath);
  let result: ReturnType<typeof replan>;
  try {
    result = replan(problem, previous, changes, {
      seed: options.seed,
      timeLimitMs: options.timeLimit === undefined ? undefined : options.timeLimit * 1000,
      maxIterations: options.iterations,
    });
  } catch (error) {
    if (error instanceof ChangesValidationError) {
      throw new InputError(
        `${changesPath}: ${error.issues.length} problem(s) with the changes`,
        error.issues,
      );
    }
    if (error instanceof ProblemValidationError) {
      throw new InputError(`${changesPath}: the changed problem is not valid`, error.issues);
    }
    throw error;
  }
  const json = `${JSON.stringify(result.roster, null, 2)}\n`;
  if (options.output) writeFileSync(options.output, json);
  else process.stdout.write(json);
  if (options.diff) writeFileSync(options.diff, `${JSON.stringify(result.diff, null, 2)}\n`);
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const { diff } = result;
  say(
    `replanned: ${diff.visitsChanged} visit(s) changed, unplaced ${diff.unplacedBefore} -> ${diff.unplacedAfter}`,
  );
  for (const note of result.notes) say(`  note: ${note.message}`);
  for (const message of diff.messages) say(`  ${message}`);
  const violations = checkRoster(result.problem, result.roster);
  if (violations.length > 0) {
    say(`checker: ${violations.length} violation(s)`);
    for (const violation of violations.slice(0, 20)) {
      say(`  [${violation.rule}] ${violation.message}`);
    }
    return EXIT_VIOLATIONS;
  }
  say('checker: every hard rule holds');
  return 0;
}

/** Registers `replan` on the command line; `exit` receives the command's exit code. */
export function registerReplan(program: Command, exit: (code: number) => void): void {
  program
    .command('replan')
    .description('change a live roster: sickness, delays, cancellations, new packages, pins')
    .argument('<problem.json>', 'the problem the roster was made for')
    .argument('<roster.json>', 'the roster as it stands')
    .argument('<changes.json>', 'what happened (see schema/changes.schema.json)')
    .option('-o, --output <file>', 'write the new roster here (default: stdout)')
    .option('--diff <file>', 'write what changed, and who must be told, as JSON')
    .option('--seed <n>', 'random seed', wholeNumber, 1)
    .option('--time-limit <seconds>', 'time budget of the whole replan', positiveNumber)
    .option('--iterations <n>', 'iteration budget (deterministic)', wholeNumber)
    .action(
      (
        problemPath: string,
        rosterPath: string,
        changesPath: string,
        options: ReplanCommandOptions,
      ) => {
        exit(replanCommand(problemPath, rosterPath, changesPath, options));
      },
    );
}
