/**
 * The `care-roster` command line: solve, check, explain, neighbourhoods, schema. Each command
 * parses its input, calls the library and formats the answer; no rule lives here.
 * Exit codes: 0 success, 1 the checker found violations, 2 bad input.
 */
import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { problemJsonSchema } from './model/json-schema.js';
import { expandProblem } from './model/expand.js';
import { straightLineTravelMatrix } from './geo/straight-line.js';
import { checkRoster } from './constraints/check-roster.js';
import type { Violation } from './constraints/rules.js';
import { solveExpanded } from './solver/solve.js';
import { summariseRoster } from './report/summary.js';
import { explainRoster } from './constraints/explain.js';
import { buildNeighbourhoods } from './geo/neighbourhoods.js';
import { neighbourhoodsToGeoJSON } from './geo/neighbourhood-geojson.js';
import { allocateCarers } from './geo/allocation.js';
import { solveByNeighbourhood } from './solver/parallel/solve-by-neighbourhood.js';
import {
  EXIT_BAD_INPUT,
  EXIT_VIOLATIONS,
  InputError,
  loadProblem,
  loadRoster,
  positiveNumber,
  wholeNumber,
} from './cli/input.js';
import { registerReplan } from './cli/replan.js';
import { registerCapacity } from './cli/capacity.js';

function reportViolations(violations: readonly Violation[]): void {
  const shown = violations.slice(0, 50);
  for (const violation of shown) {
    const who = [violation.carerId, violation.visitKey].filter(Boolean).join(' ');
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
  byNeighbourhood?: boolean;
  threads?: number;
  targetPeople?: number;
}

async function solveCommand(problemPath: string, options: SolveCommandOptions): Promise<number> {
  const started = Date.now();
  const problem = loadProblem(problemPath);
  const expanded = expandProblem(problem);
  const travel = straightLineTravelMatrix(expanded.locations, problem.settings.travel);
  const budget = {
    seed: options.seed,
    timeLimitMs: options.timeLimit === undefined ? undefined : options.timeLimit * 1000,
    maxIterations: options.iterations,
  };
  const roster = options.byNeighbourhood
    ? await solveByNeighbourhood(problem, {
        ...budget,
        travel,
        threads: options.threads,
        targetPeople: options.targetPeople,
      })
    : solveExpanded(expanded, travel, budget, started);
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

function explainCommand(problemPath: string, rosterPath: string, json: boolean): number {
  const problem = loadProblem(problemPath);
  const explanation = explainRoster(problem, loadRoster(rosterPath));
  if (json) {
    process.stdout.write(`${JSON.stringify(explanation, null, 2)}\n`);
    return 0;
  }
  const lines = [`Total cost: ${explanation.total.toFixed(1)}`, 'By rule:'];
  for (const { rule, cost } of explanation.byRule) {
    if (cost !== 0) lines.push(`  ${rule.padEnd(26)} ${cost.toFixed(1).padStart(14)}`);
  }
  const top = (shares: Record<string, { total: number }>, title: string) => {
    const worst = Object.entries(shares)
      .sort(([, a], [, b]) => b.total - a.total)
      .slice(0, 5);
    lines.push(
      `${title}:`,
      ...worst.map(([id, share]) => `  ${id.padEnd(26)} ${share.total.toFixed(1).padStart(14)}`),
    );
  };
  top(explanation.byCarer, 'Costliest carers');
  top(explanation.byClient, 'Costliest clients');
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

interface NeighbourhoodCommandOptions {
  output?: string;
  target?: number;
  balanceBy: 'people' | 'care-hours';
  seed: number;
}

function neighbourhoodsCommand(problemPath: string, options: NeighbourhoodCommandOptions): number {
  const problem = loadProblem(problemPath);
  const built = buildNeighbourhoods(problem, {
    targetPeople: options.target,
    balanceBy: options.balanceBy,
    seed: options.seed,
  });
  const allocation = allocateCarers(problem, built);
  const json = `${JSON.stringify(neighbourhoodsToGeoJSON(allocation.neighbourhoods, problem), null, 2)}\n`;
  if (options.output) writeFileSync(options.output, json);
  else process.stdout.write(json);
  for (const area of allocation.areas) {
    process.stderr.write(
      `${area.areaId}: demand ${area.demandHours.toFixed(0)} h/week, ${area.carers} carers, ` +
        `${area.allocatedHours.toFixed(0)} h/week` +
        (area.shortfallHours > 0 ? `, SHORT by ${area.shortfallHours.toFixed(0)} h` : '') +
        '\n',
    );
  }
  return 0;
}

function checkCommand(problemPath: string, rosterPath: string): number {
  const problem = loadProblem(problemPath);
  const roster = loadRoster(rosterPath);
  const violations = checkRoster(problem, roster);
  const visits = roster.routes.reduce((sum, route) => sum + route.stops.length, 0);
  process.stderr.write(
    `Checked ${roster.routes.length} shifts, ${visits} carer-visits, ` +
      `${roster.unplaced.length} unplaced: ${violations.length} violation(s)\n`,
  );
  reportViolations(violations);
  return violations.length > 0 ? EXIT_VIOLATIONS : 0;
}

/** Runs the CLI with `argv` (as in process.argv) and resolves to the exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
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
    .option('--by-neighbourhood', 'solve neighbourhood by neighbourhood on worker threads')
    .option('--threads <n>', 'worker threads with --by-neighbourhood (default: cores)', wholeNumber)
    .option('--target-people <n>', 'people per neighbourhood (default 200)', positiveNumber)
    .action(async (problemPath: string, options: SolveCommandOptions) => {
      exitCode = await solveCommand(problemPath, options);
    });

  program
    .command('explain')
    .description("break a roster's cost down by rule, carer and client")
    .argument('<problem.json>', 'the problem')
    .argument('<roster.json>', 'the roster')
    .option('--json', 'print the whole breakdown as JSON')
    .action((problemPath: string, rosterPath: string, options: { json?: boolean }) => {
      exitCode = explainCommand(problemPath, rosterPath, options.json ?? false);
    });

  program
    .command('neighbourhoods')
    .description('group clients into neighbourhoods, allocate carers, write GeoJSON')
    .argument('<problem.json>', 'the problem')
    .option('-o, --output <areas.geojson>', 'write the GeoJSON here (default: stdout)')
    .option('--target <people>', 'people per neighbourhood (default 200)', positiveNumber)
    .option('--balance-by <what>', 'people or care-hours', 'people')
    .option('--seed <n>', 'seed of the clustering', wholeNumber, 1)
    .action((problemPath: string, options: NeighbourhoodCommandOptions) => {
      if (options.balanceBy !== 'people' && options.balanceBy !== 'care-hours') {
        throw new InputError(
          `--balance-by must be "people" or "care-hours", not "${String(options.balanceBy)}"`,
        );
      }
      exitCode = neighbourhoodsCommand(problemPath, options);
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

  registerReplan(program, (code) => (exitCode = code));
  registerCapacity(program, (code) => (exitCode = code));
  try {
    await program.parseAsync([...argv]);
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
