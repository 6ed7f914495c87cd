/**
 * `care-roster report`: the roster as one self-contained HTML page (figures, map, timelines,
 * tables) that opens offline.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import type { FeatureCollection } from 'geojson';
import { parseIsoDate } from '../model/time.js';
import { renderReport } from '../report/html/render.js';
import { readCommissioning } from '../report/html/commissioning-input.js';
import type { CommissioningInput } from '../report/html/commissioning-input.js';
import { NeighbourhoodGeoJSONError } from '../geo/neighbourhood-geojson.js';
import { InputError, positiveNumber, readJson } from './input.js';
import type { TravelCommandOptions } from './travel-options.js';
import { addTravelOptions } from './travel-options.js';
import { loadRosterInput } from './roster-input.js';

interface ReportCommandOptions extends TravelCommandOptions {
  output: string;
  neighbourhoods?: string;
  commissioning?: string;
  day?: string;
  title?: string;
  targetPeople?: number;
}

function readCommissioningFile(path: string): CommissioningInput {
  const read = readCommissioning(readJson(path));
  if (!read.ok) {
    throw new InputError(
      `${path}: not a commissioning comparison (the JSON of compareCommissioningModels)`,
      read.issues,
    );
  }
  return read.comparison;
}

async function reportCommand(
  problemPath: string,
  rosterPath: string,
  options: ReportCommandOptions,
): Promise<number> {
  const { problem, roster, travel } = await loadRosterInput(problemPath, rosterPath, options);
  const { start, end } = problem.horizon;
  if (options.day !== undefined && (options.day < start || options.day > end)) {
    throw new InputError(`--day ${options.day} is outside the roster's horizon ${start} to ${end}`);
  }
  const commissioning =
    options.commissioning === undefined ? undefined : readCommissioningFile(options.commissioning);
  const neighbourhoods =
    options.neighbourhoods === undefined
      ? undefined
      : (readJson(options.neighbourhoods) as FeatureCollection);
  let html: string;
  try {
    html = renderReport(problem, roster, {
      neighbourhoods,
      commissioning,
      day: options.day,
      title: options.title,
      targetPeople: options.targetPeople,
      travel,
    });
  } catch (error) {
    if (error instanceof NeighbourhoodGeoJSONError) {
      const where = error.featureIndex === undefined ? '' : ` ($.features[${error.featureIndex}])`;
      throw new InputError(`${options.neighbourhoods}${where}: ${error.message}`);
    }
    throw error;
  }
  mkdirSync(dirname(options.output), { recursive: true });
  writeFileSync(options.output, html);
  process.stderr.write(
    `Report written to ${options.output} (${(Buffer.byteLength(html) / 1024).toFixed(0)} KiB)\n`,
  );
  return 0;
}

function date(value: string): string {
  if (!parseIsoDate(value)) throw new InvalidArgumentError('must be a calendar date YYYY-MM-DD');
  return value;
}

/** Registers `report` on the CLI; `setExitCode` receives the command's exit code. */
export function registerReportCommand(program: Command, setExitCode: (code: number) => void): void {
  addTravelOptions(program.command('report'))
    .description('write the roster as one self-contained HTML page that opens offline')
    .argument('<problem.json>', 'the problem')
    .argument('<roster.json>', 'the roster')
    .requiredOption('-o, --output <report.html>', 'write the page here')
    .option('--neighbourhoods <areas.geojson>', "the council's neighbourhood polygons (GeoJSON)")
    .option(
      '--commissioning <comparison.json>',
      'a commissioning comparison to show (the JSON of compareCommissioningModels)',
    )
    .option('--day <YYYY-MM-DD>', 'the day shown first (default: the first with a shift)', date)
    .option(
      '--target-people <n>',
      'people per built neighbourhood, without --neighbourhoods (default 200)',
      positiveNumber,
    )
    .option('--title <text>', "page title (default: the problem's name)")
    .action(async (problemPath: string, rosterPath: string, options: ReportCommandOptions) => {
      setExitCode(await reportCommand(problemPath, rosterPath, options));
    });
}
