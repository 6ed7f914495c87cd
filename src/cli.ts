/**
 * The `care-roster` command line. This file holds the program, its error handling and the small
 * commands (check, explain, neighbourhoods, schema); the others register from their own files
 * in `cli/`: solve, import, report, export, serve, worker, replan and capacity. Each command
 * parses its input, calls the library and formats the answer; no rule lives here.
 * Exit codes: see {@link EXIT_CODES_HELP}.
 */
import { Command } from 'commander';
import { version } from '../package.json';
import { ProblemValidationError } from './model/validate.js';
import { problemJsonSchema, rosterJsonSchema } from './model/json-schema.js';
import { checkRoster } from './constraints/check-roster.js';
import { explainRoster } from './constraints/explain.js';
import { buildNeighbourhoods } from './geo/neighbourhoods.js';
import { neighbourhoodsToGeoJSON } from './geo/neighbourhood-geojson.js';
import { allocateCarers } from './geo/allocation.js';
import {
  EXIT_BAD_INPUT,
  EXIT_INTERNAL_ERROR,
  EXIT_VIOLATIONS,
  InputError,
  STDIO,
  bufferStdin,
  checkOutputPath,
  clearStdin,
  loadProblem,
  positiveNumber,
  wholeNumber,
  writeOutput,
} from './cli/input.js';
import type { TravelCommandOptions } from './cli/travel-options.js';
import { addTravelOptions } from './cli/travel-options.js';
import { loadRosterInput } from './cli/roster-input.js';
import { registerImportCommand } from './cli/import.js';
import { registerReportCommand } from './cli/report.js';
import { registerExportCommand } from './cli/export.js';
import { registerWorkerCommand } from './cli/worker.js';
import { addSolveCommand } from './cli/solve.js';
import { registerServeCommand } from './cli/serve.js';
import { reportViolations } from './cli/report-violations.js';
import { registerReplan } from './cli/replan.js';
import { registerCapacity } from './cli/capacity.js';

/** Every exit code, as `--help` and the README list them. */
export const EXIT_CODES_HELP = `
Exit codes:
  0    success (solve and check: the checker found no violation)
  1    the checker found violations (listed)
  2    bad input: a file, an option or a value is wrong (each issue with its JSON path)
  3    internal error: one line on stderr; run with --debug for the stack
  130  interrupted by SIGINT: the best roster so far is written
  143  interrupted by SIGTERM: the best roster so far is written

Use - for a file to read it from stdin; -o - (or no -o) writes to stdout.
`;

const toStdout = (text: string) => void process.stdout.write(text);

async function explainCommand(
  problemPath: string,
  rosterPath: string,
  options: TravelCommandOptions & { json?: boolean },
): Promise<number> {
  const { problem, roster, expanded, travel } = await loadRosterInput(
    problemPath,
    rosterPath,
    options,
  );
  const explanation = explainRoster(problem, roster, { expanded, travel });
  const json = options.json ?? false;
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
  checkOutputPath(options.output);
  const problem = loadProblem(problemPath);
  const built = buildNeighbourhoods(problem, {
    targetPeople: options.target,
    balanceBy: options.balanceBy,
    seed: options.seed,
  });
  const allocation = allocateCarers(problem, built);
  const json = `${JSON.stringify(neighbourhoodsToGeoJSON(allocation.neighbourhoods, problem), null, 2)}\n`;
  writeOutput(options.output, json);
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

async function checkCommand(
  problemPath: string,
  rosterPath: string,
  options: TravelCommandOptions,
): Promise<number> {
  const { problem, roster, expanded, travel } = await loadRosterInput(
    problemPath,
    rosterPath,
    options,
  );
  const violations = checkRoster(problem, roster, { travel, expanded });
  const visits = roster.routes.reduce((sum, route) => sum + route.stops.length, 0);
  const byRule = new Map<string, number>();
  for (const { rule } of violations) byRule.set(rule, (byRule.get(rule) ?? 0) + 1);
  toStdout(
    `Checked ${roster.routes.length} shifts, ${visits} carer-visits, ` +
      `${roster.unplaced.length} unplaced: ${violations.length} violation(s)\n`,
  );
  if (byRule.size > 0) {
    toStdout(`By rule: ${[...byRule].map(([rule, count]) => `${rule} ${count}`).join(', ')}\n`);
  }
  reportViolations(toStdout, violations);
  return violations.length > 0 ? EXIT_VIOLATIONS : 0;
}

/** Where the CLI reads `-` from; the process's stdin unless a caller (a test) gives another. */
export interface CliStreams {
  readonly stdin?: NodeJS.ReadableStream;
}

/**
 * Runs the CLI with `argv` (as in process.argv) and resolves to the exit code. Never rejects:
 * bad input ends as exit 2 and anything unexpected as exit 3, each reported on stderr.
 * @example
 * process.exitCode = await runCli(process.argv);
 */
export async function runCli(argv: readonly string[], streams: CliStreams = {}): Promise<number> {
  let exitCode = 0;
  const program = new Command()
    .name('care-roster')
    .description(
      'Home-care rosters that meet every hard rule, minimise travel and keep continuity.',
    )
    .version(version, '-V, --version', 'print the version')
    .option('--debug', 'print the stack of an internal error')
    .addHelpText('afterAll', EXIT_CODES_HELP)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => process.stdout.write(text),
      writeErr: (text) => process.stderr.write(text),
    })
    .hook('preAction', async (_program, command) => {
      const fromStdin = command.args.filter((arg) => arg === STDIO).length;
      if (fromStdin > 1) throw new InputError('only one input can be read from stdin (-)');
      if (fromStdin === 1) await bufferStdin(streams.stdin ?? process.stdin);
    });

  addSolveCommand(program, (code) => (exitCode = code));

  addTravelOptions(program.command('explain'))
    .description("break a roster's cost down by rule, carer and client")
    .argument('<problem.json>', 'the problem')
    .argument('<roster.json>', 'the roster')
    .option('--json', 'print the whole breakdown as JSON')
    .action(
      async (
        problemPath: string,
        rosterPath: string,
        options: TravelCommandOptions & { json?: boolean },
      ) => {
        exitCode = await explainCommand(problemPath, rosterPath, options);
      },
    );

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

  addTravelOptions(program.command('check'))
    .description('check a roster against every hard rule of its problem')
    .argument('<problem.json>', 'the problem')
    .argument('<roster.json>', 'the roster to check')
    .action(async (problemPath: string, rosterPath: string, options: TravelCommandOptions) => {
      exitCode = await checkCommand(problemPath, rosterPath, options);
    });

  registerImportCommand(program, (code) => (exitCode = code));
  registerReportCommand(program, (code) => (exitCode = code));
  registerExportCommand(program, (code) => (exitCode = code));
  registerServeCommand(program, (code) => (exitCode = code));
  registerWorkerCommand(program, (code) => (exitCode = code));

  program
    .command('schema')
    .description('print the JSON Schema of problem files (or, with --roster, of roster files)')
    .option('--roster', 'the schema of roster files')
    .action((options: { roster?: boolean }) => {
      const schema = options.roster ? rosterJsonSchema() : problemJsonSchema();
      process.stdout.write(`${JSON.stringify(schema, null, 2)}\n`);
    });

  registerReplan(program, (code) => (exitCode = code));
  registerCapacity(program, (code) => (exitCode = code));
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    return handleError(error, argv.includes('--debug'));
  } finally {
    clearStdin();
  }
  return exitCode;
}

function handleError(error: unknown, debug: boolean): number {
  const commanderCode = (error as { code?: string } | undefined)?.code;
  if (commanderCode === 'commander.helpDisplayed' || commanderCode === 'commander.version') {
    return 0;
  }
  if (commanderCode === 'commander.help') return 0;
  if (commanderCode?.startsWith('commander.')) return EXIT_BAD_INPUT;
  if (error instanceof InputError || error instanceof ProblemValidationError) {
    const headline = error instanceof InputError ? error.message : 'the problem is not valid';
    process.stderr.write(`error: ${headline}\n`);
    for (const issue of error.issues) process.stderr.write(`  ${issue.path}: ${issue.message}\n`);
    return EXIT_BAD_INPUT;
  }
  process.stderr.write(`${internalErrorReport(error, debug)}\n`);
  return EXIT_INTERNAL_ERROR;
}

/**
 * One line for an unexpected error (exit 3), or the stack with `--debug`. Also used by the
 * executable for errors outside a command (an uncaught exception or rejection).
 */
export function internalErrorReport(error: unknown, debug: boolean): string {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  if (debug && error instanceof Error && error.stack) return `internal error: ${error.stack}`;
  return `internal error: ${message} (run with --debug for the stack)`;
}
