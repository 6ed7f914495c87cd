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
import type { Location, TransportMode } from '../model/schema.js';
import { TRANSPORT_MODES } from '../model/schema.js';
import type { TravelSource } from '../model/roster.js';
import type { DenseTravelMatrix, ModeFigures } from './dense-matrix.js';
import { denseTravelMatrix, describeLocation } from './dense-matrix.js';
import { TravelProviderError } from './travel-provider-error.js';
import type { ResolvedServer, Settings, Block } from './osrm-request.js';
import { tablePath } from './osrm-request.js';
import { storeBlock } from './osrm-answer.js';
import { loadTable } from './osrm-fetch.js';

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
