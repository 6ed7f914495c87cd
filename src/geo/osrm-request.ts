/**
 * One request of OSRM's Table API: the resolved settings, the block of the matrix it asks for,
 * its path and query, and how it is named in messages.
 */
import type { Location, TransportMode } from '../model/schema.js';

export interface ResolvedServer {
  readonly baseUrl: string;
  readonly profile: string;
  readonly modes: TransportMode[];
}

export interface Settings {
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
export interface Block {
  readonly sources: readonly number[];
  readonly destinations: readonly number[];
  readonly coordinates: readonly number[];
  /** Sources and destinations are both every coordinate, so no `sources=`/`destinations=`. */
  readonly square: boolean;
}

/** Everything one block request needs to know. */
export interface RequestContext {
  readonly locations: readonly Location[];
  readonly settings: Settings;
  readonly server: ResolvedServer;
  readonly block: Block;
  readonly url: string;
  readonly signal: AbortSignal;
}

/** Path and query of one block, in the parameter order osrm-routed's own clients use. */
export function tablePath(
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

/** `profile 'car' at http://host:5000, sources 0-99 × destinations 100-199`. */
export function describeRequest(context: RequestContext): string {
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
