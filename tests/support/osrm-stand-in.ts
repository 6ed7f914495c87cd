/**
 * A loopback stand-in for osrm-routed that answers any Table API request over the 12 points of
 * fixtures/osrm from the recorded 12×12 table, the way the real server would. For tests that
 * need road times without a server; `startLoopbackServer` runs any other answer on 127.0.0.1.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Location } from '../../src/model/schema.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'osrm');

/** The recorded Table API answer's fields these tests read. */
export interface Table {
  readonly durations: number[][];
  readonly distances: number[][];
  readonly sources: unknown[];
  readonly destinations: unknown[];
}

/** The recorded answer for all 12 points (durations in seconds, distances in metres). */
export const RECORDED_TABLE = JSON.parse(
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
  return RECORDED_TABLE.durations[from]?.[to] as number;
}

/**
 * What osrm-routed answers to a Table API request (path and query) over the recorded points,
 * `sources` and `destinations` included; a coordinate not among them gets OSRM's NoSegment.
 */
export function tableAnswer(url: string): { status: number; body: string } {
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
  const rows = slots('sources').map((slot) => ids[slot]!);
  const columns = slots('destinations').map((slot) => ids[slot]!);
  const pick = (matrix: number[][]): number[][] =>
    rows.map((row) => columns.map((column) => matrix[row]?.[column] as number));
  const body = {
    code: 'Ok',
    durations: pick(RECORDED_TABLE.durations),
    distances: pick(RECORDED_TABLE.distances),
    sources: rows.map((row) => RECORDED_TABLE.sources[row]),
    destinations: columns.map((column) => RECORDED_TABLE.destinations[column]),
  };
  return { status: 200, body: JSON.stringify(body) };
}

/** A server on 127.0.0.1. */
export interface LoopbackServer {
  readonly baseUrl: string;
  /** Path and query of every request received, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

/** A running OSRM stand-in. */
export type OsrmStandIn = LoopbackServer;

export type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** Answers with `body` as OSRM does: JSON, whatever the status. */
export function sendJson(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  response.end(body);
}

/** Starts the OSRM stand-in on a free loopback port. */
export function startOsrmStandIn(): Promise<OsrmStandIn> {
  return startLoopbackServer((request, response) => {
    const { status, body } = tableAnswer(request.url ?? '');
    sendJson(response, status, body);
  });
}

/** Starts a server that answers with `handler`, on a free loopback port. */
export async function startLoopbackServer(handler: Handler): Promise<LoopbackServer> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    handler(request, response);
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
