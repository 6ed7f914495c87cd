/**
 * `care-roster capacity problem.json roster.json package.json [--from DATE]`: whether a new
 * package fits the roster, from which date, with whom, and what else would have to move.
 * The package file holds a care package, or `{ "package": ..., "client": ... }` for a new client.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { findCapacity } from '../solver/capacity/find-capacity.js';
import { ChangesValidationError } from '../solver/replan/apply-changes.js';
import type { CarePackageInput, ClientInput } from '../model/schema.js';
import { InputError, loadProblem, loadRoster, readJson, wholeNumber } from './input.js';

interface CapacityCommandOptions {
  from?: string;
  output?: string;
  seed: number;
}

function capacityCommand(
  problemPath: string,
  rosterPath: string,
  packagePath: string,
  options: CapacityCommandOptions,
): number {
  const problem = loadProblem(problemPath);
  const roster = loadRoster(rosterPath);
  const raw = readJson(packagePath) as Record<string, unknown> | null;
  const wrapped = raw !== null && typeof raw === 'object' && 'package' in raw;
  const carePackage = (wrapped ? raw.package : raw) as CarePackageInput;
  const client = wrapped ? (raw.client as ClientInput | undefined) : undefined;
  let answer: ReturnType<typeof findCapacity>;
  try {
    answer = findCapacity(problem, roster, carePackage, {
      seed: options.seed,
      ...(options.from === undefined ? {} : { from: options.from }),
      ...(client === undefined ? {} : { client }),
    });
  } catch (error) {
    if (error instanceof ChangesValidationError) {
      // The package travels as the first change of a replan: name its paths in its own file.
      const issues = error.issues.map((issue) => ({
        path: issue.path
          .replace(/^\$\.changes\[0\]\.package/, '$')
          .replace(/^\$\.changes\[0\]\.client/, '$.client')
          .replace(/^\$\.changes\[0\]\.from/, '--from'),
        message: issue.message,
      }));
      throw new InputError(`${packagePath}: ${issues.length} problem(s) with the package`, issues);
    }
    throw error;
  }
  const { roster: proposed, problem: _changed, ...summary } = answer;
  if (options.output) {
    writeFileSync(options.output, `${JSON.stringify(proposed, null, 2)}\n`);
  }
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  const say = (line: string) => process.stderr.write(`${line}\n`);
  say(
    answer.fits
      ? `fits from ${answer.from}: ${answer.visits.length} visit(s), +${answer.addedTravelMinutes.toFixed(0)} travel minutes, ${answer.movedVisits} other visit(s) moved`
      : `does not fit from any date tried (${answer.tried.map((t) => `${t.from}: ${t.placed}/${t.visits}`).join(', ')})`,
  );
  return 0;
}

/** Registers `capacity` on the command line; `exit` receives the command's exit code. */
export function registerCapacity(program: Command, exit: (code: number) => void): void {
  program
    .command('capacity')
    .description('can the roster take a new package: from when, with whom, what would move')
    .argument('<problem.json>', 'the problem')
    .argument('<roster.json>', 'the roster as it stands')
    .argument('<package.json>', 'the care package (or { "package", "client" } for a new client)')
    .option('--from <date>', 'first date the package could start (YYYY-MM-DD)')
    .option('-o, --output <file>', 'write the roster with the package in here')
    .option('--seed <n>', 'random seed', wholeNumber, 1)
    .action(
      (
        problemPath: string,
        rosterPath: string,
        packagePath: string,
        options: CapacityCommandOptions,
      ) => {
        exit(capacityCommand(problemPath, rosterPath, packagePath, options));
      },
    );
}
