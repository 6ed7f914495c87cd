/**
 * The travel options every command that reads or makes a roster shares: `--osrm URL` (with
 * `--osrm-profile`) for road times from an OSRM server, `--matrix FILE` for a matrix of one's
 * own, the straight-line estimate otherwise; and the note `check` prints when a roster was made
 * on other travel times than those it is checked against.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { ExpandedProblem } from '../model/expand.js';
import type { TransportMode } from '../model/schema.js';
import { TRANSPORT_MODES } from '../model/schema.js';
import type { Roster, TravelSource } from '../model/roster.js';
import type { TravelMatrix } from '../geo/travel-matrix.js';
import { straightLineTravelMatrix } from '../geo/straight-line.js';
import type { OsrmModeProfile } from '../geo/osrm.js';
import { DEFAULT_OSRM_PROFILES, osrmTravelMatrix } from '../geo/osrm.js';
import { givenTravelMatrix } from '../geo/given-matrix.js';
import { readMatrixFile } from '../geo/matrix-file.js';
import { TravelProviderError } from '../geo/travel-provider-error.js';
import { InputError } from './input.js';

/** The options {@link addTravelOptions} adds, as commander parses them. */
export interface TravelCommandOptions {
  readonly osrm?: string;
  readonly osrmProfile?: string;
  readonly matrix?: string;
}

/** First bytes of a binary matrix file (see `writeMatrixFile`); anything else is read as JSON. */
const BINARY_MAGIC = 'CRMX';

/**
 * Adds `--osrm`, `--osrm-profile` and `--matrix` to a command.
 *
 * @example
 * ```ts
 * addTravelOptions(program.command('report').argument('<problem.json>')).action(...);
 * ```
 */
export function addTravelOptions(command: Command): Command {
  return command
    .option('--osrm <url>', 'road times from this OSRM server (e.g. http://127.0.0.1:5000)')
    .option(
      '--osrm-profile <mode=profile,...>',
      'OSRM profile per transport mode, e.g. car=driving,walk=foot (a profile may be a URL of ' +
        'its own server: walk=http://127.0.0.1:5001/foot); default car=car,walk=foot,bike=bike,public=car',
    )
    .option(
      '--matrix <file>',
      'travel times from a matrix file: JSON { minutes, metres } or a binary matrix file',
    );
}

/**
 * The travel matrix the options ask for, over `expanded.locations`: OSRM, a given matrix, or
 * the straight-line estimate of the problem's settings.
 *
 * @throws {InputError} on conflicting or malformed options, an unreadable or invalid matrix
 *   file, or an OSRM failure, each with what was wrong.
 * @example
 * ```ts
 * const travel = await travelFromOptions(options, expandProblem(problem));
 * ```
 */
export async function travelFromOptions(
  options: TravelCommandOptions,
  expanded: ExpandedProblem,
): Promise<TravelMatrix> {
  if (options.osrm !== undefined && options.matrix !== undefined) {
    throw new InputError('--osrm and --matrix cannot be used together; choose one travel source');
  }
  if (options.osrmProfile !== undefined && options.osrm === undefined) {
    throw new InputError('--osrm-profile needs --osrm <url>');
  }
  try {
    if (options.osrm !== undefined) return await osrmFromOptions(options.osrm, options, expanded);
    if (options.matrix !== undefined) return await matrixFromFile(options.matrix, expanded);
  } catch (error) {
    if (error instanceof TravelProviderError) {
      const where = options.matrix === undefined ? `OSRM ${options.osrm}` : options.matrix;
      const issues = (error.issues ?? []).map((issue) => ({
        path: issue.path,
        message: issue.message,
      }));
      // The issues are listed one a line below, so the message keeps only its first line.
      throw new InputError(`${where}: ${error.message.split('\n')[0]}`, issues);
    }
    throw error;
  }
  return straightLineTravelMatrix(expanded.locations, expanded.problem.settings.travel);
}

/** Transport modes the problem's carers use: the only ones a matrix needs. */
function modesUsed(expanded: ExpandedProblem): TransportMode[] {
  const used = new Set(expanded.problem.carers.map((carer) => carer.transport));
  return TRANSPORT_MODES.filter((mode) => used.has(mode));
}

async function osrmFromOptions(
  baseUrl: string,
  options: TravelCommandOptions,
  expanded: ExpandedProblem,
): Promise<TravelMatrix> {
  const given = options.osrmProfile === undefined ? undefined : parseProfiles(options.osrmProfile);
  const profiles: Partial<Record<TransportMode, OsrmModeProfile>> = {};
  const missing: TransportMode[] = [];
  for (const mode of modesUsed(expanded)) {
    const profile = given === undefined ? DEFAULT_OSRM_PROFILES[mode] : given.get(mode);
    if (profile === undefined) missing.push(mode);
    else profiles[mode] = profile;
  }
  if (missing.length > 0) {
    throw new InputError(
      `--osrm-profile gives no profile for ${missing.join(', ')}, which carers of this problem ` +
        `use; add e.g. ${missing.map((mode) => `${mode}=${DEFAULT_OSRM_PROFILES[mode]}`).join(',')}`,
    );
  }
  return osrmTravelMatrix(expanded.locations, { baseUrl, profiles });
}

/** `car=driving,walk=http://host:5001/foot` as a profile (or a server of its own) per mode. */
function parseProfiles(text: string): Map<TransportMode, OsrmModeProfile> {
  const profiles = new Map<TransportMode, OsrmModeProfile>();
  const problems: string[] = [];
  for (const entry of text.split(',').map((part) => part.trim())) {
    const [mode, value, ...rest] = entry.split('=');
    if (!(TRANSPORT_MODES as readonly string[]).includes(mode ?? '')) {
      problems.push(`"${entry}": the mode must be one of ${TRANSPORT_MODES.join(', ')}`);
    } else if (value === undefined || value === '' || rest.length > 0) {
      problems.push(`"${entry}": write mode=profile, e.g. car=driving`);
    } else if (profiles.has(mode as TransportMode)) {
      problems.push(`"${entry}": ${mode} is given twice`);
    } else {
      profiles.set(mode as TransportMode, serverOrProfile(value));
    }
  }
  if (problems.length > 0) {
    throw new InputError(`--osrm-profile ${text}: ${problems.join('; ')}`);
  }
  return profiles;
}

/** A URL names a server of its own, its last path segment the profile. */
function serverOrProfile(value: string): OsrmModeProfile {
  if (!value.includes('://')) return value;
  const cut = value.replace(/\/+$/, '').lastIndexOf('/');
  const baseUrl = value.slice(0, cut);
  const profile = value.slice(cut + 1).replace(/\/+$/, '');
  if (!baseUrl.includes('://') || baseUrl.endsWith('/') || profile === '') {
    throw new InputError(`--osrm-profile: "${value}" must be a server URL ending in the profile`);
  }
  return { baseUrl, profile };
}

async function matrixFromFile(path: string, expanded: ExpandedProblem): Promise<TravelMatrix> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${code ?? ''})`,
    );
  }
  if (bytes.subarray(0, BINARY_MAGIC.length).toString('latin1') === BINARY_MAGIC) {
    return readMatrixFile(path, expanded.locations);
  }
  let data: unknown;
  try {
    data = JSON.parse(bytes.toString('utf8')) as unknown;
  } catch (error) {
    throw new InputError(
      `${path}: neither a binary matrix file nor valid JSON (${(error as Error).message})`,
    );
  }
  return givenTravelMatrix(expanded.locations, data);
}

/** How a travel source is named in messages. */
function describeSource(source: TravelSource | undefined): string {
  return source === undefined ? 'an unknown travel source' : `${source.kind} (${source.id})`;
}

/**
 * What to tell the user when `roster` was made on other travel times than `travel`, or
 * `undefined` when they are the same (or the roster does not say).
 *
 * @example
 * ```ts
 * const note = travelSourceNote(roster, travel);
 * if (note) process.stderr.write(`${note}\n`);
 * ```
 */
export function travelSourceNote(roster: Roster, travel: TravelMatrix): string | undefined {
  const made = roster.travelSource;
  if (made === undefined) return undefined;
  const used = travel.source;
  if (used !== undefined && used.kind === made.kind && used.id === made.id) return undefined;
  const hint =
    made.kind === 'osrm'
      ? `pass --osrm with the same server and profiles`
      : made.kind === 'matrix'
        ? 'pass --matrix with the matrix it was made on'
        : 'check without --osrm/--matrix, with the same travel settings in the problem';
  return (
    `warning: the roster was made on ${describeSource(made)} travel times but is checked ` +
    `against ${describeSource(used)}; travel-time violations below may be false and real ones ` +
    `missed. To check it on its own travel times, ${hint}.`
  );
}
