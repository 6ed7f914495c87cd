/**
 * Road travel times and distances from an OSRM server's Table API
 * (`GET {baseUrl}/table/v1/{profile}/{lon,lat;...}`), fetched with the platform's `fetch`.
 *
 * Large matrices are split into source × destination blocks fetched a few at a time, failed
 * requests are retried with exponential backoff when retrying can help (5xx, 429, network), and
 * every figure is checked before it is trusted: a location OSRM snapped to a far-away road, a
 * pair with no route and a garbled body all fail loudly, naming the caller's location index,
 * because a silently wrong matrix produces a roster carers cannot follow.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Location, TransportMode } from '../model/schema.js';
import { TRANSPORT_MODES } from '../model/schema.js';
import type { TravelSource } from '../model/roster.js';
import type { DenseTravelMatrix, ModeFigures } from './dense-matrix.js';
import { denseTravelMatrix, describeLocation } from './dense-matrix.js';
import { TravelProviderError } from './travel-provider-error.js';

export { TravelProviderError } from './travel-provider-error.js';

/** An OSRM server of its own for one transport mode (osrm-routed serves one profile per process). */
export interface OsrmServer {
  /** Server root, e.g. `http://127.0.0.1:5001`; a path prefix is kept. */
  readonly baseUrl: string;
  /** Profile segment of the URL, e.g. `foot`. */
  readonly profile: string;
}

/** A profile name on the shared `baseUrl`, or a server of its own. */
export type OsrmModeProfile = string | OsrmServer;

/** Options of {@link osrmTravelMatrix}. Only `baseUrl` (or a server per mode) is required. */
export interface OsrmOptions {
  /** Root of the OSRM server used by every mode given as a plain profile name. */
  readonly baseUrl?: string;
  /**
   * Which profile answers for each transport mode; modes left out get no figures, and asking
   * the matrix for them throws. Modes that resolve to the same server and profile share one
   * set of requests. Note that osrm-routed answers with its one dataset whatever the profile
   * name, so real walking times need a foot-profile server given as `{ baseUrl, profile }`.
   * Default {@link DEFAULT_OSRM_PROFILES}.
   */
  readonly profiles?: Readonly<Partial<Record<TransportMode, OsrmModeProfile>>>;
  /**
   * Most sources, and most destinations, in one request (default 100). Larger matrices are
   * fetched as blocks of at most this many sources × this many destinations. osrm-routed
   * refuses a table whose sources × destinations exceed `--max-table-size` squared (default
   * 100), so keep this at or below that setting.
   */
  readonly blockSize?: number;
  /** Most requests in flight at once (default 4). */
  readonly concurrency?: number;
  /** Time allowed for one request, body included, in milliseconds (default 30 000). */
  readonly timeoutMs?: number;
  /** Further attempts after a 5xx, 429 or network failure (default 3). 4xx is never retried. */
  readonly retries?: number;
  /** Wait before the first retry in milliseconds; doubles at each retry (default 500). */
  readonly retryDelayMs?: number;
  /** Cancels every request; the promise then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /**
   * Greatest distance in metres allowed between a location and the road OSRM snaps it to
   * (default 500). OSRM happily snaps a mistyped coordinate to a road kilometres away, so
   * without this check a wrong address yields believable but wrong travel times. `Infinity`
   * disables the check.
   */
  readonly maxSnapMetres?: number;
  /**
   * Search radius in metres sent to OSRM as `radiuses` for every coordinate. Without it OSRM
   * searches without limit; with it a point off the map fails with OSRM's `NoSegment`.
   */
  readonly snapRadiusMetres?: number;
  /**
   * Directory for an on-disk cache of OSRM answers, one file per block, keyed by a hash of the
   * server, profile and coordinates (to 6 decimals). Created if missing. Clear it when the
   * server's map data changes.
   */
  readonly cacheDir?: string;
}

/** Profiles used when {@link OsrmOptions.profiles} is not given. */
export const DEFAULT_OSRM_PROFILES: Readonly<Record<TransportMode, string>> = {
  car: 'car',
  walk: 'foot',
  bike: 'bike',
  public: 'car',
};

const DEFAULTS = {
  blockSize: 100,
  concurrency: 4,
  timeoutMs: 30_000,
  retries: 3,
  retryDelayMs: 500,
  maxSnapMetres: 500,
} as const;

/** Unreachable pairs listed in one error message; the rest are counted. */
const MAX_PAIRS_LISTED = 5;

interface ResolvedServer {
  readonly baseUrl: string;
  readonly profile: string;
  readonly modes: TransportMode[];
}

interface Settings {
  readonly servers: readonly ResolvedServer[];
  readonly blockSize: number;
  readonly concurrency: number;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly retryDelayMs: number;
  readonly maxSnapMetres: number;
  readonly snapRadiusMetres: number | undefined;
  readonly cacheDir: string | undefined;
}

/**
 * One request's worth of the matrix. `sources` and `destinations` are caller location indices;
 * `coordinates` is what is sent, so OSRM's "coordinate N" is `coordinates[N]`.
 */
interface Block {
  readonly sources: readonly number[];
  readonly destinations: readonly number[];
  readonly coordinates: readonly number[];
  /** Sources and destinations are both every coordinate, so no `sources=`/`destinations=`. */
  readonly square: boolean;
}

interface Waypoint {
  readonly distance: number | undefined;
  readonly location: readonly [number, number] | undefined;
}

interface OsrmTable {
  readonly durations: readonly (readonly (number | null)[])[];
  readonly distances: readonly (readonly (number | null)[])[];
  readonly sources: readonly Waypoint[];
  readonly destinations: readonly Waypoint[];
}

interface OsrmErrorBody {
  readonly code: string;
  readonly message: string;
}

type DecodedBody =
  | { readonly kind: 'table'; readonly table: OsrmTable }
  | { readonly kind: 'osrmError'; readonly error: OsrmErrorBody }
  | { readonly kind: 'malformed'; readonly reason: string };

/** Everything one block request needs to know. */
interface RequestContext {
  readonly locations: readonly Location[];
  readonly settings: Settings;
  readonly server: ResolvedServer;
  readonly block: Block;
  readonly url: string;
  readonly signal: AbortSignal;
}

/**
 * Builds a road travel matrix for `locations` from an OSRM server, one set of figures
 * per configured transport mode. Durations arrive in seconds and are rounded up to whole
 * minutes (0 from a location to itself); distances are in metres.
 *
 * @throws {TravelProviderError} on any server, network, timeout, shape, snapping or
 *   reachability problem, naming the caller's location index where one is to blame.
 * @throws the `signal`'s reason when aborted.
 * @example
 * ```ts
 * const expanded = expandProblem(problem);
 * const travel = await osrmTravelMatrix(expanded.locations, {
 *   baseUrl: 'http://127.0.0.1:5000',
 *   profiles: { car: 'driving', walk: 'foot' }, // only the modes the carers use are fetched
 * });
 * const roster = solveExpanded(expanded, travel, { seed: 1, timeLimitMs: 10_000 });
 * ```
 */
export async function osrmTravelMatrix(
  locations: readonly Location[],
  options: OsrmOptions,
): Promise<DenseTravelMatrix> {
  const settings = resolveSettings(options);
  checkLocations(locations);
  options.signal?.throwIfAborted();
  const n = locations.length;
  const blocks = planBlocks(n, settings.blockSize);
  const stop = new AbortController();
  const signal =
    options.signal === undefined ? stop.signal : AbortSignal.any([options.signal, stop.signal]);
  const figuresByMode = new Map<TransportMode, ModeFigures>();
  const tasks: (() => Promise<void>)[] = [];
  for (const server of settings.servers) {
    const figures = { minutes: new Int32Array(n * n), metres: new Float64Array(n * n) };
    for (const mode of server.modes) figuresByMode.set(mode, figures);
    for (const block of blocks) {
      const url = server.baseUrl + tablePath(server.profile, block, locations, settings);
      const context = { locations, settings, server, block, url, signal };
      tasks.push(async () => storeBlock(await loadTable(context), context, figures));
    }
  }
  await runBounded(tasks, settings.concurrency, stop);
  return denseTravelMatrix(locations, figuresByMode, osrmSource(settings.servers));
}

/**
 * The source of an OSRM matrix: each mode's server and profile as one URL, in a fixed mode
 * order, e.g. `car=http://127.0.0.1:5000/driving; walk=http://127.0.0.1:5001/foot`.
 */
function osrmSource(servers: readonly ResolvedServer[]): TravelSource {
  const byMode = new Map(
    servers.flatMap((server) =>
      server.modes.map((mode) => [mode, `${server.baseUrl}/${server.profile}`] as const),
    ),
  );
  const id = TRANSPORT_MODES.flatMap((mode) => {
    const url = byMode.get(mode);
    return url === undefined ? [] : [`${mode}=${url}`];
  }).join('; ');
  return { kind: 'osrm', id };
}

function resolveSettings(options: OsrmOptions): Settings {
  const settings: Settings = {
    servers: resolveServers(options),
    blockSize: options.blockSize ?? DEFAULTS.blockSize,
    concurrency: options.concurrency ?? DEFAULTS.concurrency,
    timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
    retries: options.retries ?? DEFAULTS.retries,
    retryDelayMs: options.retryDelayMs ?? DEFAULTS.retryDelayMs,
    maxSnapMetres: options.maxSnapMetres ?? DEFAULTS.maxSnapMetres,
    snapRadiusMetres: options.snapRadiusMetres,
    cacheDir: options.cacheDir,
  };
  const problems = [
    wholeAtLeast('blockSize', settings.blockSize, 1),
    wholeAtLeast('concurrency', settings.concurrency, 1),
    wholeAtLeast('retries', settings.retries, 0),
    positive('timeoutMs', settings.timeoutMs),
    atLeastZero('retryDelayMs', settings.retryDelayMs),
    atLeastZero('maxSnapMetres', settings.maxSnapMetres),
    settings.snapRadiusMetres === undefined
      ? undefined
      : positive('snapRadiusMetres', settings.snapRadiusMetres),
  ].filter((problem) => problem !== undefined);
  if (problems.length > 0) {
    throw new TravelProviderError(
      'InvalidOptions',
      `Invalid OSRM options: ${problems.join('; ')}.`,
    );
  }
  return settings;
}

function wholeAtLeast(name: string, value: number, min: number): string | undefined {
  return Number.isInteger(value) && value >= min
    ? undefined
    : `${name} must be a whole number of at least ${min}, got ${value}`;
}

function positive(name: string, value: number): string | undefined {
  return value > 0 && Number.isFinite(value)
    ? undefined
    : `${name} must be a positive number, got ${value}`;
}

function atLeastZero(name: string, value: number): string | undefined {
  return value >= 0 ? undefined : `${name} must be 0 or more, got ${value}`;
}

/** Groups modes by server and profile, so modes that share a profile share its requests. */
function resolveServers(options: OsrmOptions): ResolvedServer[] {
  const servers = new Map<string, ResolvedServer>();
  const profiles = options.profiles ?? DEFAULT_OSRM_PROFILES;
  for (const [mode, entry] of Object.entries(profiles) as [TransportMode, OsrmModeProfile][]) {
    const server = typeof entry === 'string' ? { baseUrl: options.baseUrl, profile: entry } : entry;
    if (server.baseUrl === undefined || server.baseUrl === '') {
      throw new TravelProviderError(
        'InvalidOptions',
        `Invalid OSRM options: mode '${mode}' uses profile '${server.profile}' but no baseUrl ` +
          `is given; set baseUrl, or give the mode its own { baseUrl, profile }.`,
      );
    }
    const baseUrl = server.baseUrl.replace(/\/+$/, '');
    const key = `${baseUrl} ${server.profile}`;
    const shared = servers.get(key) ?? { baseUrl, profile: server.profile, modes: [] };
    shared.modes.push(mode);
    servers.set(key, shared);
  }
  if (servers.size === 0) {
    throw new TravelProviderError('InvalidOptions', 'Invalid OSRM options: profiles is empty.');
  }
  return [...servers.values()];
}

/** A NaN or infinite coordinate would be sent as text OSRM cannot parse; catch it here. */
function checkLocations(locations: readonly Location[]): void {
  locations.forEach((location, index) => {
    if (!Number.isFinite(location.lat) || !Number.isFinite(location.lon)) {
      throw new TravelProviderError(
        'InvalidLocation',
        `${describeLocation(locations, index)} is not a finite latitude and longitude.`,
        { location: index },
      );
    }
  });
}

/**
 * Splits the matrix into blocks of at most `size` sources × `size` destinations. A matrix that
 * fits is one plain request; a one-location diagonal block needs none (its only cell is 0).
 */
function planBlocks(n: number, size: number): Block[] {
  const all = Array.from({ length: n }, (_, index) => index);
  if (n <= 1) return [];
  if (n <= size) return [{ sources: all, destinations: all, coordinates: all, square: true }];
  const chunks: number[][] = [];
  for (let start = 0; start < n; start += size) chunks.push(all.slice(start, start + size));
  return chunks.flatMap((sources) =>
    chunks.flatMap((destinations): Block[] => {
      if (sources !== destinations) {
        return [
          { sources, destinations, coordinates: [...sources, ...destinations], square: false },
        ];
      }
      return sources.length > 1
        ? [{ sources, destinations, coordinates: sources, square: true }]
        : [];
    }),
  );
}

/** Path and query of one block, in the parameter order osrm-routed's own clients use. */
function tablePath(
  profile: string,
  block: Block,
  locations: readonly Location[],
  settings: Settings,
): string {
  const coordinates = block.coordinates
    .map((index) => {
      const location = locations[index] as Location;
      return `${location.lon.toFixed(6)},${location.lat.toFixed(6)}`;
    })
    .join(';');
  const query: string[] = [];
  if (!block.square) {
    const split = block.sources.length;
    query.push(`sources=${block.sources.map((_, slot) => slot).join(';')}`);
    query.push(`destinations=${block.destinations.map((_, slot) => split + slot).join(';')}`);
  }
  query.push('annotations=duration,distance');
  if (settings.snapRadiusMetres !== undefined) {
    query.push(`radiuses=${block.coordinates.map(() => settings.snapRadiusMetres).join(';')}`);
  }
  return `/table/v1/${encodeURIComponent(profile)}/${coordinates}?${query.join('&')}`;
}

/** Runs the tasks with at most `limit` in flight; the first failure stops the rest. */
async function runBounded(
  tasks: readonly (() => Promise<void>)[],
  limit: number,
  stop: AbortController,
): Promise<void> {
  let next = 0;
  let failure: { readonly error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < tasks.length) {
      const task = tasks[next++] as () => Promise<void>;
      try {
        await task();
      } catch (error) {
        if (failure === undefined) {
          failure = { error };
          stop.abort(error);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  if (failure !== undefined) throw failure.error;
}

/** The block's table from the cache when possible, else from the server (then cached). */
async function loadTable(context: RequestContext): Promise<OsrmTable> {
  const { settings, url } = context;
  const cacheFile =
    settings.cacheDir === undefined
      ? undefined
      : join(settings.cacheDir, `${createHash('sha256').update(url).digest('hex')}.json`);
  if (cacheFile !== undefined) {
    const cached = await readCachedTable(cacheFile, context.block);
    if (cached !== undefined) return cached;
  }
  const body = await fetchWithRetries(context);
  const decoded = decodeBody(body, context.block);
  if (decoded.kind === 'osrmError') throw osrmError(decoded.error, 200, context);
  if (decoded.kind === 'malformed') {
    throw new TravelProviderError(
      'MalformedResponse',
      `OSRM sent a body that is not a valid table: ${decoded.reason} (${describeRequest(context)}). ` +
        `Body starts: ${excerpt(body)}`,
      { status: 200, url },
    );
  }
  if (cacheFile !== undefined) await writeCache(settings.cacheDir as string, cacheFile, body);
  return decoded.table;
}

/** A missing or damaged cache file is a miss: the block is simply fetched again. */
async function readCachedTable(file: string, block: Block): Promise<OsrmTable | undefined> {
  let body: string;
  try {
    body = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  const decoded = decodeBody(body, block);
  return decoded.kind === 'table' ? decoded.table : undefined;
}

/** Written to a temporary name and renamed, so a concurrent reader never sees half a file. */
async function writeCache(dir: string, file: string, body: string): Promise<void> {
  const temporary = `${file}.${randomUUID()}.tmp`;
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(temporary, body, 'utf8');
    await rename(temporary, file);
  } catch (error) {
    throw new TravelProviderError(
      'Cache',
      `Could not write the OSRM cache file ${file}: ${errorText(error)}. ` +
        `Check cacheDir is a writable directory, or leave it unset.`,
      { cause: error },
    );
  }
}

type Attempt =
  | { readonly kind: 'response'; readonly status: number; readonly body: string }
  | { readonly kind: 'network'; readonly error: unknown };

/** The body of a 200 answer, retrying 5xx, 429 and network failures with doubling waits. */
async function fetchWithRetries(context: RequestContext): Promise<string> {
  const { settings, signal } = context;
  for (let attempt = 0; ; attempt++) {
    const outcome = await attemptOnce(context);
    if (outcome.kind === 'response' && outcome.status === 200) return outcome.body;
    const retryable = outcome.kind === 'network' || outcome.status >= 500 || outcome.status === 429;
    if (!retryable || attempt >= settings.retries)
      throw failedAttemptError(outcome, attempt + 1, context);
    try {
      await sleep(settings.retryDelayMs * 2 ** attempt, undefined, { signal });
    } catch {
      throw signal.reason;
    }
  }
}

/**
 * One request under its own timeout. A timeout is not retried: a table that took the whole
 * allowance once will most likely do so again, and retrying would multiply the wait.
 */
async function attemptOnce(context: RequestContext): Promise<Attempt> {
  const timeout = AbortSignal.timeout(context.settings.timeoutMs);
  try {
    const response = await fetch(context.url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.any([context.signal, timeout]),
    });
    return { kind: 'response', status: response.status, body: await response.text() };
  } catch (error) {
    if (context.signal.aborted) throw context.signal.reason;
    if (timeout.aborted) {
      throw new TravelProviderError(
        'Timeout',
        `OSRM did not answer within ${context.settings.timeoutMs} ms (${describeRequest(context)}). ` +
          `Raise timeoutMs, or lower blockSize so each request is smaller.`,
        { url: context.url },
      );
    }
    return { kind: 'network', error };
  }
}

function failedAttemptError(outcome: Attempt, attempts: number, context: RequestContext): Error {
  const tries = attempts === 1 ? '' : ` after ${attempts} attempts`;
  if (outcome.kind === 'network') {
    return new TravelProviderError(
      'Network',
      `Could not reach OSRM at ${context.server.baseUrl}${tries}: ${errorText(outcome.error)} ` +
        `(${describeRequest(context)}).`,
      { url: context.url, cause: outcome.error },
    );
  }
  const decoded = decodeBody(outcome.body, context.block);
  if (decoded.kind === 'osrmError') return osrmError(decoded.error, outcome.status, context, tries);
  return new TravelProviderError(
    'HttpStatus',
    `OSRM answered HTTP ${outcome.status}${tries} (${describeRequest(context)}). ` +
      `Body starts: ${excerpt(outcome.body)}`,
    { status: outcome.status, url: context.url },
  );
}

/**
 * OSRM's own error, with the coordinate it blames ("coordinate N", an index into this request)
 * translated back to the caller's location index and position.
 */
function osrmError(
  error: OsrmErrorBody,
  status: number,
  context: RequestContext,
  tries = '',
): TravelProviderError {
  const slot = /\bcoordinate (\d+)/.exec(error.message)?.[1];
  const location = slot === undefined ? undefined : context.block.coordinates[Number(slot)];
  const blame =
    location === undefined
      ? ''
      : error.code === 'NoSegment'
        ? ` ${capitalise(describeLocation(context.locations, location))} is not near any road ` +
          `OSRM knows: check its coordinates, or that the server's map covers it.`
        : ` The coordinate is ${describeLocation(context.locations, location)}.`;
  const hint =
    error.code === 'TooBig' ? " Lower blockSize to at most the server's --max-table-size." : '';
  return new TravelProviderError(
    error.code,
    `OSRM ${error.code}: ${error.message}.${blame}${hint} (HTTP ${status}${tries}; ${describeRequest(context)})`,
    { status, url: context.url, ...(location === undefined ? {} : { location }) },
  );
}

/** Sorts a body into a table of the block's size, an OSRM error, or garbage with the reason. */
function decodeBody(body: string, block: Block): DecodedBody {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { kind: 'malformed', reason: 'it is not JSON' };
  }
  if (!isRecord(json)) return { kind: 'malformed', reason: 'it is not a JSON object' };
  if (typeof json.code === 'string' && json.code !== 'Ok') {
    const message = typeof json.message === 'string' ? json.message : 'no message';
    return { kind: 'osrmError', error: { code: json.code, message } };
  }
  if (json.code !== 'Ok') return { kind: 'malformed', reason: 'it has no "code": "Ok"' };
  const rows = block.sources.length;
  const columns = block.destinations.length;
  const reason =
    matrixProblem(json, 'durations', rows, columns) ??
    matrixProblem(json, 'distances', rows, columns) ??
    waypointsProblem(json, 'sources', rows) ??
    waypointsProblem(json, 'destinations', columns);
  if (reason !== undefined) return { kind: 'malformed', reason };
  return {
    kind: 'table',
    table: {
      durations: json.durations as OsrmTable['durations'],
      distances: json.distances as OsrmTable['distances'],
      sources: (json.sources as unknown[]).map(toWaypoint),
      destinations: (json.destinations as unknown[]).map(toWaypoint),
    },
  };
}

function matrixProblem(
  json: Record<string, unknown>,
  key: string,
  rows: number,
  columns: number,
): string | undefined {
  const matrix = json[key];
  if (matrix === undefined) return `"${key}" is missing`;
  if (!Array.isArray(matrix) || matrix.length !== rows) {
    return `"${key}" must be an array of ${rows} rows`;
  }
  for (const [r, row] of matrix.entries()) {
    if (!Array.isArray(row) || row.length !== columns) {
      return `"${key}"[${r}] must be an array of ${columns} cells`;
    }
    const c = row.findIndex(
      (cell) => cell !== null && !(typeof cell === 'number' && Number.isFinite(cell) && cell >= 0),
    );
    if (c >= 0) return `"${key}"[${r}][${c}] is ${JSON.stringify(row[c])}, not a number >= 0`;
  }
  return undefined;
}

function waypointsProblem(
  json: Record<string, unknown>,
  key: string,
  count: number,
): string | undefined {
  const waypoints = json[key];
  if (!Array.isArray(waypoints) || waypoints.length !== count) {
    return `"${key}" must be an array of ${count} waypoints`;
  }
  const bad = waypoints.findIndex(
    (waypoint) =>
      !isRecord(waypoint) ||
      (waypoint.distance !== undefined && typeof waypoint.distance !== 'number'),
  );
  return bad >= 0 ? `"${key}"[${bad}] is not a waypoint` : undefined;
}

function toWaypoint(waypoint: unknown): Waypoint {
  const record = waypoint as Record<string, unknown>;
  const location = record.location;
  return {
    distance: record.distance as number | undefined,
    location:
      Array.isArray(location) && location.length === 2 && location.every(Number.isFinite)
        ? (location as [number, number])
        : undefined,
  };
}

/** Checks the block's snapping and reachability, then copies its cells into the matrix. */
function storeBlock(table: OsrmTable, context: RequestContext, figures: ModeFigures): void {
  const { block } = context;
  checkSnapping(table.sources, block.sources, context);
  checkSnapping(table.destinations, block.destinations, context);
  const n = context.locations.length;
  const metres = figures.metres as Float64Array;
  const unreachable: [number, number][] = [];
  block.sources.forEach((from, r) => {
    block.destinations.forEach((to, c) => {
      if (from === to) return;
      const seconds = table.durations[r]?.[c] ?? null;
      const distance = table.distances[r]?.[c] ?? null;
      if (seconds === null || distance === null) {
        unreachable.push([from, to]);
        return;
      }
      figures.minutes[from * n + to] = Math.ceil(seconds / 60);
      metres[from * n + to] = distance;
    });
  });
  if (unreachable.length > 0) throw unreachableError(unreachable, context);
}

function checkSnapping(
  waypoints: readonly Waypoint[],
  indices: readonly number[],
  context: RequestContext,
): void {
  const limit = context.settings.maxSnapMetres;
  if (limit === Infinity) return;
  waypoints.forEach((waypoint, slot) => {
    const index = indices[slot] as number;
    if (waypoint.distance === undefined) {
      throw new TravelProviderError(
        'MalformedResponse',
        `OSRM gave no snapping distance for ${describeLocation(context.locations, index)}, so ` +
          `it cannot be checked (${describeRequest(context)}); set maxSnapMetres to Infinity ` +
          `to skip the check with this server.`,
        { url: context.url, location: index },
      );
    }
    if (waypoint.distance > limit) {
      const snapped =
        waypoint.location === undefined
          ? ''
          : ` (snapped to lat ${waypoint.location[1]}, lon ${waypoint.location[0]})`;
      throw new TravelProviderError(
        'SnapDistance',
        `${capitalise(describeLocation(context.locations, index))} is ` +
          `${Math.round(waypoint.distance)} m from the nearest road OSRM found${snapped}, more ` +
          `than the ${limit} m allowed: check its coordinates, or raise maxSnapMetres ` +
          `(${describeRequest(context)}).`,
        { url: context.url, location: index },
      );
    }
  });
}

function unreachableError(
  pairs: readonly [number, number][],
  context: RequestContext,
): TravelProviderError {
  const listed = pairs
    .slice(0, MAX_PAIRS_LISTED)
    .map(
      ([from, to]) =>
        `from ${describeLocation(context.locations, from)} to ${describeLocation(context.locations, to)}`,
    );
  const more =
    pairs.length > MAX_PAIRS_LISTED ? `; and ${pairs.length - MAX_PAIRS_LISTED} more` : '';
  return new TravelProviderError(
    'Unreachable',
    `OSRM found no route ${listed.join('; ')}${more} (${describeRequest(context)}). ` +
      `A location may be on a road cut off from the rest of the map.`,
    { url: context.url, location: (pairs[0] as [number, number])[0] },
  );
}

/** `profile 'car' at http://host:5000, sources 0-99 × destinations 100-199`. */
function describeRequest(context: RequestContext): string {
  const { block, server, locations } = context;
  const scope =
    block.sources.length === locations.length
      ? `all ${locations.length} locations`
      : `sources ${indexRange(block.sources)} × destinations ${indexRange(block.destinations)}`;
  return `profile '${server.profile}' at ${server.baseUrl}, ${scope}`;
}

function indexRange(indices: readonly number[]): string {
  const first = indices[0];
  const last = indices[indices.length - 1];
  return first === last ? `${first}` : `${first}-${last}`;
}

function excerpt(body: string): string {
  const text = body.length > 120 ? `${body.slice(0, 120)}...` : body;
  return text === '' ? '(empty)' : JSON.stringify(text);
}

/** Node's fetch hides the useful part ("ECONNREFUSED ...") in `cause`. */
function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
