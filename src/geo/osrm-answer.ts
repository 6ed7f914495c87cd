/**
 * OSRM's answer to one block request, decoded and checked before it is trusted: its table,
 * OSRM's own error (its "coordinate N" translated back to the caller's location index), or
 * garbage with the reason; snapping and reachability checked cell by cell.
 */
import type { ModeFigures } from './dense-matrix.js';
import { describeLocation } from './dense-matrix.js';
import { TravelProviderError } from './travel-provider-error.js';
import type { Block, RequestContext } from './osrm-request.js';
import { describeRequest } from './osrm-request.js';

/** Unreachable pairs listed in one error message; the rest are counted. */
const MAX_PAIRS_LISTED = 5;

interface Waypoint {
  readonly distance: number | undefined;
  readonly location: readonly [number, number] | undefined;
}

export interface OsrmTable {
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

/**
 * OSRM's own error, with the coordinate it blames ("coordinate N", an index into this request)
 * translated back to the caller's location index and position.
 */
export function osrmError(
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
export function decodeBody(body: string, block: Block): DecodedBody {
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
export function storeBlock(table: OsrmTable, context: RequestContext, figures: ModeFigures): void {
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
    const index = indices[slot]!;
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

export function excerpt(body: string): string {
  const text = body.length > 120 ? `${body.slice(0, 120)}...` : body;
  return text === '' ? '(empty)' : JSON.stringify(text);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
