/**
 * A loopback stand-in for osrm-routed that answers any Table API request over the 12 points of
 * fixtures/osrm from the recorded 12×12 table, the way the real server would. For tests that
 * need road times without a server.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Location } from '../../src/model/schema.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'osrm');

interface Table {
  readonly durations: number[][];
  readonly distances: number[][];
  readonly sources: unknown[];
  readonly destinations: unknown[];
}

const table = JSON.parse(
  readFileSync(join(FIXTURES, 'table-12-duration-distance.json'), 'utf8'),
) as Table;

/** The 12 recorded points, in the table's order. */
export const OSRM_POINTS: readonly Location[] = readFileSync(join(FIXTURES, 'points.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [, lon, lat] = line.split(',');
    return { lon: Number(lon), lat: Number(lat) };
  });

/** Recorded road duration in seconds between two of the points. */
export function recordedSeconds(from: number, to: number): number {
  return table.durations[from]?.[to] as number;
}

function answer(url: string): { status: number; body: string } {
  const parsed = new URL(url, 'http://127.0.0.1');
  const coordinates = decodeURIComponent(parsed.pathname.split('/')[4] ?? '').split(';');
  const ids = coordinates.map((coordinate) =>
    OSRM_POINTS.findIndex((p) => `${p.lon.toFixed(6)},${p.lat.toFixed(6)}` === coordinate),
  );
  const unknown = ids.indexOf(-1);
  if (unknown >= 0) {
    const message = `Could not find a matching segment for coordinate ${unknown}`;
    return { status: 400, body: JSON.stringify({ message, code: 'NoSegment' }) };
  }
  const slots = (name: string): number[] => {
    const value = parsed.searchParams.get(name);
    return value === null ? ids.map((_, slot) => slot) : value.split(';').map(Number);
  };
  const rows = slots('sources').map((slot) => ids[slot] as number);
  const columns = slots('destinations').map((slot) => ids[slot] as number);
  const pick = (matrix: number[][]): number[][] =>
    rows.map((row) => columns.map((column) => matrix[row]?.[column] as number));
  const body = {
    code: 'Ok',
    durations: pick(table.durations),
    distances: pick(table.distances),
    sources: rows.map((row) => table.sources[row]),
    destinations: columns.map((column) => table.destinations[column]),
  };
  return { status: 200, body: JSON.stringify(body) };
}

/** A running stand-in on 127.0.0.1. */
export interface OsrmStandIn {
  readonly baseUrl: string;
  /** Path and query of every request received, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

/** Starts a stand-in on a free loopback port. */
export async function startOsrmStandIn(): Promise<OsrmStandIn> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    const { status, body } = answer(request.url ?? '');
    response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
