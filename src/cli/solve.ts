/**
 * `care-roster solve`: solve a problem file on a worker thread, so that the process stays
 * responsive: a progress line, and on Ctrl-C or SIGTERM the best roster so far is written out.
 */
import type { Command } from 'commander';
import { expandProblem } from '../model/expand.js';
import type { Roster } from '../model/roster.js';
import { checkRoster } from '../constraints/check-roster.js';
import { solveAsync } from '../solver/solve-async.js';
import { solveByNeighbourhood } from '../solver/parallel/solve-by-neighbourhood.js';
import { summariseRoster } from '../report/summary.js';
import {
  EXIT_VIOLATIONS,
  checkOutputPath,
  isFile,
  loadProblem,
  positiveNumber,
  wholeNumber,
  writeOutput,
} from './input.js';
import type { TravelCommandOptions } from './travel-options.js';
import { addTravelOptions, travelFromOptions } from './travel-options.js';
import { catchInterrupts, signalExitCode } from './interrupt.js';
import { startProgressLine } from './progress.js';
import { reportViolations } from './report-violations.js';

/** The solve command's options, as commander parses them. */
export interface SolveCommandOptions extends TravelCommandOptions {
  output?: string;
  seed: number;
  timeLimit?: number;
  iterations?: number;
  byNeighbourhood?: boolean;
  threads?: number;
  targetPeople?: number;
  progress?: boolean;
}

/** Violations solve lists on stderr; the rest are counted (`check` lists them all). */
const MAX_VIOLATIONS_SHOWN = 50;

const toStderr = (text: string) => void process.stderr.write(text);

/** Adds `solve` to `program`; `done` receives the exit code. */
export function addSolveCommand(program: Command, done: (code: number) => void): void {
  addTravelOptions(program.command('solve'))
    .description('build a roster for a problem file')
    .argument('<problem.json>', 'the problem (see `care-roster schema`)')
    .option('-o, --output <roster.json>', 'write the roster here (default: stdout)')
    .option('--seed <n>', 'seed of the search', wholeNumber, 1)
    .option('--time-limit <seconds>', 'search time budget (default 10 s)', positiveNumber)
    .option(
      '--iterations <n>',
      'iteration budget instead of a time budget (with --by-neighbourhood: for each neighbourhood, so the roster is the same whatever the thread count)',
      wholeNumber,
    )
    .option('--by-neighbourhood', 'solve neighbourhood by neighbourhood on worker threads')
    .option('--threads <n>', 'worker threads with --by-neighbourhood (default: cores)', wholeNumber)
    .option('--target-people <n>', 'people per neighbourhood (default 200)', positiveNumber)
    .option('--progress', 'print a progress line on stderr every second (default: on a terminal)')
    .action(async (problemPath: string, options: SolveCommandOptions) => {
      done(await solveCommand(problemPath, options));
    });
}

/** Solves, writes the roster, summarises and checks it; resolves to the exit code. */
export async function solveCommand(
  problemPath: string,
  options: SolveCommandOptions,
): Promise<number> {
  const started = Date.now();
  checkOutputPath(options.output);
  const problem = loadProblem(problemPath);
  const expanded = expandProblem(problem);
  const travel = await travelFromOptions(options, expanded);
  // The time limit bounds the whole command: what loading took comes off the solver's share.
  const timeLimitMs =
    options.timeLimit === undefined
      ? undefined
      : Math.max(1, options.timeLimit * 1000 - (Date.now() - started));
  const progress =
    options.progress || process.stderr.isTTY === true ? startProgressLine(started) : undefined;
  const onProgress = progress?.onProgress;
  const interrupts = catchInterrupts();
  let roster: Roster;
  try {
    const budget = {
      seed: options.seed,
      timeLimitMs,
      maxIterations: options.iterations,
      signal: interrupts.signal,
    };
    roster = options.byNeighbourhood
      ? await solveByNeighbourhood(problem, {
          ...budget,
          travel,
          threads: options.threads,
          targetPeople: options.targetPeople,
          onProgress,
        })
      : await solveAsync(problem, { ...budget, travel, onProgress });
    writeOutput(options.output, `${JSON.stringify(roster, null, 2)}\n`);
  } finally {
    progress?.stop();
    interrupts.dispose();
  }
  const interrupted = interrupts.received();
  if (interrupted !== undefined) {
    process.stderr.write(
      `interrupted: wrote the best roster found so far to ${isFile(options.output) ? options.output : 'stdout'}\n`,
    );
  }
  process.stderr.write(`${summariseRoster(roster)}\n`);
  const violations = checkRoster(problem, roster, { travel, expanded });
  process.stderr.write(`Checker: ${violations.length} violation(s)\n`);
  if (isFile(options.output)) process.stderr.write(`Roster written to ${options.output}\n`);
  reportViolations(toStderr, violations, MAX_VIOLATIONS_SHOWN);
  if (interrupted !== undefined) return signalExitCode(interrupted);
  return violations.length > 0 ? EXIT_VIOLATIONS : 0;
}
