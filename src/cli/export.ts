/**
 * `care-roster export`: writes a roster as CSV files, iCalendar files per carer and GeoJSON
 * routes. The library returns the files as strings; this command only decides where they go.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { checkRoster } from '../constraints/check-roster.js';
import type { ExportFile } from '../report/exports/export-file.js';
import { rosterCsvFiles } from '../report/exports/csv.js';
import { rosterCalendars } from '../report/exports/icalendar.js';
import { rosterGeoJSON } from '../report/exports/geojson.js';
import { EXIT_VIOLATIONS, InputError } from './input.js';
import type { TravelCommandOptions } from './travel-options.js';
import { addTravelOptions } from './travel-options.js';
import { loadRosterInput } from './roster-input.js';

interface ExportCommandOptions extends TravelCommandOptions {
  csv?: string;
  ics?: string;
  geojson?: string;
}

function writeFiles(directory: string, files: readonly ExportFile[]): void {
  try {
    mkdirSync(directory, { recursive: true });
    for (const file of files) writeFileSync(join(directory, file.fileName), file.content);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new InputError(`${directory}: cannot write the export there (${code})`);
  }
}

async function exportCommand(
  problemPath: string,
  rosterPath: string,
  options: ExportCommandOptions,
): Promise<number> {
  if (!options.csv && !options.ics && !options.geojson) {
    throw new InputError('nothing to export: give --csv DIR, --ics DIR and/or --geojson FILE');
  }
  if (problemPath === '-' && rosterPath === '-') {
    throw new InputError('only one of problem.json and roster.json can be read from stdin (-)');
  }
  const { problem, roster, expanded, travel } = await loadRosterInput(
    problemPath,
    rosterPath,
    options,
  );
  const written: string[] = [];
  if (options.csv) {
    writeFiles(options.csv, rosterCsvFiles(problem, roster, { expanded, travel }));
    written.push(`CSV in ${options.csv}`);
  }
  if (options.ics) {
    const calendars = rosterCalendars(problem, roster, { expanded });
    writeFiles(options.ics, calendars);
    written.push(`${calendars.length} calendars in ${options.ics}`);
  }
  if (options.geojson) {
    const json = `${JSON.stringify(rosterGeoJSON(problem, roster, { expanded }))}\n`;
    if (options.geojson === '-') process.stdout.write(json);
    else {
      try {
        writeFileSync(options.geojson, json);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? String(error);
        throw new InputError(`${options.geojson}: cannot write the GeoJSON there (${code})`);
      }
      written.push(`routes in ${options.geojson}`);
    }
  }
  if (written.length > 0) process.stderr.write(`Exported ${written.join(', ')}\n`);
  // An export of a roster that breaks its problem's rules is written, and said so.
  const violations = checkRoster(problem, roster, { expanded, travel });
  if (violations.length > 0) {
    process.stderr.write(
      `Warning: the checker finds ${violations.length} violation(s) in this roster ` +
        '(see `care-roster check`)\n',
    );
    return EXIT_VIOLATIONS;
  }
  return 0;
}

/** Registers `care-roster export` on `program`; `setExitCode` receives the command's exit code. */
export function registerExportCommand(program: Command, setExitCode: (code: number) => void): void {
  addTravelOptions(program.command('export'))
    .description('write a roster as CSV, iCalendar (one file per carer) and GeoJSON routes')
    .argument('<problem.json>', 'the problem (names, pay, time zone), or - for stdin')
    .argument('<roster.json>', 'the roster, or - for stdin')
    .option(
      '--csv <dir>',
      'write stops.csv, breaks.csv, unplaced.csv, carers.csv and clients.csv here',
    )
    .option('--ics <dir>', 'write one <carerId>.ics calendar per carer here')
    .option('--geojson <file>', 'write the routes as GeoJSON here (- for stdout)')
    .action(async (problemPath: string, rosterPath: string, options: ExportCommandOptions) => {
      setExitCode(await exportCommand(problemPath, rosterPath, options));
    });
}
