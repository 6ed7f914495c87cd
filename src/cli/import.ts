/**
 * `care-roster import carers.csv clients.csv packages.csv -o problem.json`: a problem file from
 * three spreadsheets. The horizon and time zone, which the files do not hold, are options; the
 * problem's `settings` may come from a JSON file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { importCsv } from '../io/csv-import.js';
import { issueLocation } from '../io/csv-table.js';
import { InputError, readJson } from './input.js';

interface ImportCommandOptions {
  readonly output?: string;
  readonly start: string;
  readonly end: string;
  readonly timeZone?: string;
  readonly name?: string;
  readonly settings?: string;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${code ?? ''})`,
    );
  }
}

function importCommand(
  carersPath: string,
  clientsPath: string,
  packagesPath: string,
  options: ImportCommandOptions,
): number {
  const result = importCsv(
    {
      carers: readText(carersPath),
      clients: readText(clientsPath),
      packages: readText(packagesPath),
    },
    {
      horizon: { start: options.start, end: options.end },
      timeZone: options.timeZone,
      name: options.name,
      settings: options.settings === undefined ? undefined : readJson(options.settings),
      fileNames: { carers: carersPath, clients: clientsPath, packages: packagesPath },
    },
  );
  if (!result.ok) {
    throw new InputError(
      `${result.issues.length} problem(s) with the CSV input`,
      result.issues.map((issue) => ({
        path: issueLocation(issue),
        message:
          issue.path !== undefined && issue.file !== undefined
            ? `${issue.message} (${issue.path})`
            : issue.message,
      })),
    );
  }
  const json = `${JSON.stringify(result.problem, null, 2)}\n`;
  if (options.output) writeFileSync(options.output, json);
  else process.stdout.write(json);
  const { carers, clients, packages } = result.problem;
  process.stderr.write(
    `Imported ${carers.length} carers, ${clients.length} clients, ${packages.length} packages` +
      (options.output ? ` into ${options.output}\n` : '\n'),
  );
  return 0;
}

/** Registers `care-roster import` on `program`; `setExitCode` receives the command's exit code. */
export function registerImportCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('import')
    .description('make a problem file from carers, clients and packages CSV files')
    .argument('<carers.csv>', 'one row a carer')
    .argument('<clients.csv>', 'one row a client')
    .argument('<packages.csv>', 'one row a visit pattern of a care package')
    .requiredOption('--start <YYYY-MM-DD>', 'first day of the roster')
    .requiredOption('--end <YYYY-MM-DD>', 'last day of the roster (inclusive)')
    .option(
      '--time-zone <zone>',
      'IANA time zone of the times in the files (default Europe/London)',
    )
    .option('--name <name>', "the problem's name")
    .option(
      '--settings <settings.json>',
      "the problem's settings object (weights, working time, travel)",
    )
    .option('-o, --output <problem.json>', 'write the problem here (default: stdout)')
    .action((carers: string, clients: string, packages: string, options: ImportCommandOptions) => {
      setExitCode(importCommand(carers, clients, packages, options));
    });
}
