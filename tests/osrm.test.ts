/**
 * The OSRM provider against a local stand-in server that replays answers recorded from a real
 * osrm-routed (fixtures/osrm), or computes block answers from the recorded 12×12 table. Every
 * request goes to 127.0.0.1.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Location } from '../src/model/schema.js';
import type { OsrmOptions } from '../src/geo/osrm.js';
import { osrmTravelMatrix, TravelProviderError } from '../src/geo/osrm.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'osrm');

interface Recorded {
  readonly status: number;
  readonly body: string;
}

interface Table {
  readonly durations: number[][];
  readonly distances: number[][];
  readonly sources: unknown[];
  readonly destinations: unknown[];
}

/** Every recorded answer, keyed by the request path and query exactly as sent. */
async function loadFixtures(): Promise<Map<string, Recorded>> {
  const fixtures = new Map<string, Recorded>();
  for (const file of await readdir(FIXTURES)) {
    if (!file.endsWith('.request.txt')) continue;
    const name = file.slice(0, -'.request.txt'.length);
    const request = (await readFile(join(FIXTURES, file), 'utf8')).trim();
    const status = Number((await readFile(join(FIXTURES, `${name}.status`), 'utf8')).trim());
    const body = await readFile(join(FIXTURES, `${name}.json`), 'utf8');
    fixtures.set(request, { status, body });
  }
  return fixtures;
}

const fixtures = await loadFixtures();
const fullTable = JSON.parse(await readFixture('table-12-duration-distance')) as Table;
const points: Location[] = (await readFile(join(FIXTURES, 'points.csv'), 'utf8'))
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [, lon, lat] = line.split(',');
    return { lon: Number(lon), lat: Number(lat) };
  });
const full = JSON.parse(await readFixture('table-12-duration-distance')) as Record<string, unknown>;
const FAR: Location = { lon: 0, lat: 0 };

async function readFixture(name: string): Promise<string> {
  return readFile(join(FIXTURES, `${name}.json`), 'utf8');
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

interface TestServer {
  readonly baseUrl: string;
  /** Path and query of every request received, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

const servers: TestServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function startServer(handler: Handler): Promise<TestServer> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const started: TestServer = {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  servers.push(started);
  return started;
}

function send(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  response.end(body);
}

/** Answers a request only if it is exactly one that was recorded. */
const replay: Handler = (request, response) => {
  const recorded = fixtures.get(request.url ?? '');
  if (recorded === undefined) send(response, 404, `no fixture for ${request.url}`);
  else send(response, recorded.status, recorded.body);
};

/** Like {@link replay}, after rewriting the path (to answer other profiles with car data). */
function replayAs(rewrite: (url: string) => string): Handler {
  return (request, response) => {
    request.url = rewrite(request.url ?? '');
    replay(request, response);
  };
}

/**
 * Computes any table request over the 12 recorded points (with `sources`/`destinations`) from
 * the recorded full table, the way osrm-routed would. The point 0,0 gets OSRM's NoSegment.
 */
function computeTable(url: string): Recorded {
  const parsed = new URL(url, 'http://127.0.0.1');
  const text = decodeURIComponent(parsed.pathname.split('/')[4] ?? '');
  const coordinates = text.split(';');
  const far = coordinates.indexOf('0.000000,0.000000');
  if (far >= 0) {
    const message = `Could not find a matching segment for coordinate ${far}`;
    return { status: 400, body: JSON.stringify({ message, code: 'NoSegment' }) };
  }
  const ids = coordinates.map((coordinate) =>
    points.findIndex((p) => `${p.lon.toFixed(6)},${p.lat.toFixed(6)}` === coordinate),
  );
  const slots = (name: string): number[] => {
    const value = parsed.searchParams.get(name);
    return value === null ? ids.map((_, slot) => slot) : value.split(';').map(Number);
  };
  const rows = slots('sources').map((slot) => ids[slot]!);
  const columns = slots('destinations').map((slot) => ids[slot]!);
  const pick = (matrix: number[][]): number[][] =>
    rows.map((row) => columns.map((column) => matrix[row]![column]!));
  const body = {
    code: 'Ok',
    durations: pick(fullTable.durations),
    distances: pick(fullTable.distances),
    sources: rows.map((row) => fullTable.sources[row]),
    destinations: columns.map((column) => fullTable.destinations[column]),
  };
  return { status: 200, body: JSON.stringify(body) };
}

const never: Handler = () => {};

function carOnly(server: TestServer, extra: Partial<OsrmOptions> = {}): OsrmOptions {
  return { baseUrl: server.baseUrl, profiles: { car: 'car' }, retryDelayMs: 5, ...extra };
}

async function failure(promise: Promise<unknown>): Promise<TravelProviderError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(TravelProviderError);
  return error as TravelProviderError;
}

function expectFullTable(
  matrix: Awaited<ReturnType<typeof osrmTravelMatrix>>,
  mode: 'car' | 'public' = 'car',
): void {
  for (let from = 0; from < points.length; from++) {
    for (let to = 0; to < points.length; to++) {
      const seconds = fullTable.durations[from]![to]!;
      expect(matrix.minutes(from, to, mode)).toBe(from === to ? 0 : Math.ceil(seconds / 60));
      expect(matrix.metres(from, to, mode)).toBe(fullTable.distances[from]?.[to]);
    }
  }
}

describe('osrmTravelMatrix on recorded answers', () => {
  it('reads the 12-point table in one request, minutes rounded up', async () => {
    const server = await startServer(replay);
    const matrix = await osrmTravelMatrix(points, carOnly(server));
    expect(server.requests).toEqual([
      (await readFile(join(FIXTURES, 'table-12-duration-distance.request.txt'), 'utf8')).trim(),
    ]);
    expect(matrix.minutes(0, 8, 'car')).toBe(4); // 227.3 s
    expect(matrix.minutes(0, 3, 'car')).toBe(2); // 62 s: just over a minute is two
    expect(matrix.minutes(1, 0, 'car')).toBe(1); // 14.1 s
    expect(matrix.minutes(5, 5, 'car')).toBe(0);
    expect(matrix.metres(0, 8, 'car')).toBe(3425.7);
    expect(matrix.metres(8, 0, 'car')).toBe(3338.6); // one-way streets: not symmetric
    expectFullTable(matrix);
    expect(matrix.modes).toEqual(['car']);
    expect(() => matrix.minutes(0, 1, 'walk')).toThrow(/no figures for transport mode 'walk'/);
  });

  it('sends radiuses when snapRadiusMetres is set', async () => {
    const server = await startServer(replay);
    const matrix = await osrmTravelMatrix(points, carOnly(server, { snapRadiusMetres: 35000 }));
    expect(server.requests[0]).toContain('&radiuses=35000;35000;');
    expectFullTable(matrix);
  });

  it('shares one set of requests between modes with the same profile', async () => {
    const server = await startServer(replayAs((url) => url.replace('/foot/', '/car/')));
    const matrix = await osrmTravelMatrix(points, {
      baseUrl: `${server.baseUrl}/`,
      profiles: { car: 'car', public: 'car', walk: { baseUrl: server.baseUrl, profile: 'foot' } },
    });
    expect(server.requests.map((url) => url.split('/')[3])).toEqual(['car', 'foot']);
    expectFullTable(matrix, 'public');
    expect(matrix.minutes(0, 8, 'walk')).toBe(4);
  });

  it('needs no request for fewer than two locations', async () => {
    const server = await startServer(replay);
    const matrix = await osrmTravelMatrix(points.slice(0, 1), carOnly(server));
    expect(server.requests).toEqual([]);
    expect(matrix.minutes(0, 0, 'car')).toBe(0);
  });
});

describe('osrmTravelMatrix block splitting', () => {
  it('the computing stand-in agrees with the recorded sources/destinations answer', async () => {
    const request = (
      await readFile(join(FIXTURES, 'table-sources-destinations.request.txt'), 'utf8')
    ).trim();
    const computed = JSON.parse(computeTable(request).body) as Table;
    const recorded = JSON.parse(await readFixture('table-sources-destinations')) as Table;
    expect(computed.durations).toEqual(recorded.durations);
    expect(computed.distances).toEqual(recorded.distances);
  });

  it('assembles 5×5 blocks into the recorded full table, within the concurrency limit', async () => {
    let inFlight = 0;
    let mostInFlight = 0;
    const server = await startServer((request, response) => {
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      setTimeout(() => {
        inFlight--;
        const { status, body } = computeTable(request.url ?? '');
        send(response, status, body);
      }, 10);
    });
    const matrix = await osrmTravelMatrix(
      points,
      carOnly(server, { blockSize: 5, concurrency: 2 }),
    );
    expectFullTable(matrix);
    expect(server.requests).toHaveLength(9); // blocks 0-4, 5-9, 10-11 squared
    for (const url of server.requests) {
      const query = new URL(url, 'http://127.0.0.1').searchParams;
      expect((query.get('sources') ?? '0;1;2;3;4').split(';').length).toBeLessThanOrEqual(5);
      expect((query.get('destinations') ?? '0;1;2;3;4').split(';').length).toBeLessThanOrEqual(5);
    }
    expect(mostInFlight).toBe(2);
  });

  it("maps OSRM's 'coordinate N' in a block back to the caller's location index", async () => {
    const server = await startServer((request, response) => {
      const { status, body } = computeTable(request.url ?? '');
      send(response, status, body);
    });
    const error = await failure(
      osrmTravelMatrix([...points, FAR], carOnly(server, { blockSize: 5, concurrency: 1 })),
    );
    expect(error.code).toBe('NoSegment');
    expect(error.location).toBe(12);
    // Block sources 0-4 × destinations 10-12 sends 8 coordinates; the far point is the 8th.
    expect(error.message).toContain('coordinate 7');
    expect(error.message).toContain('Location 12 (lat 0, lon 0) is not near any road');
  });
});

describe('osrmTravelMatrix errors', () => {
  it('reports NoSegment naming the location off the map, without retrying', async () => {
    const server = await startServer(replay);
    const locations = [FAR, points[0]!];
    const error = await failure(
      osrmTravelMatrix(locations, carOnly(server, { snapRadiusMetres: 35000 })),
    );
    expect(error.code).toBe('NoSegment');
    expect(error.status).toBe(400);
    expect(error.location).toBe(0);
    expect(error.message).toContain('Could not find a matching segment for coordinate 0');
    expect(error.message).toContain('Location 0 (lat 0, lon 0)');
    expect(server.requests).toHaveLength(1);
  });

  it("passes OSRM's InvalidQuery through with its message", async () => {
    const recorded = fixtures.get(
      '/table/v1/car/7.413370,abc;7.415460,43.730770?annotations=duration,distance',
    )!;
    const server = await startServer((_, response) =>
      send(response, recorded.status, recorded.body),
    );
    const error = await failure(osrmTravelMatrix(points.slice(0, 2), carOnly(server)));
    expect(error.code).toBe('InvalidQuery');
    expect(error.message).toContain(
      'OSRM InvalidQuery: Query string malformed close to position 23',
    );
    expect(server.requests).toHaveLength(1);
  });

  it("passes OSRM's InvalidOptions through for a latitude out of range", async () => {
    const server = await startServer(replay);
    const locations = [{ lon: 7.41337, lat: 95 }, points[1]!];
    const error = await failure(osrmTravelMatrix(locations, carOnly(server)));
    expect(error.code).toBe('InvalidOptions');
    expect(error.message).toContain('Coordinates are invalid');
  });

  it('rejects a far point OSRM snapped without a radius', async () => {
    const server = await startServer(replay);
    const locations = [FAR, points[0]!];
    const error = await failure(osrmTravelMatrix(locations, carOnly(server)));
    expect(error.code).toBe('SnapDistance');
    expect(error.location).toBe(0);
    expect(error.message).toContain('Location 0 (lat 0, lon 0) is 4899738 m from the nearest road');
    expect(error.message).toContain('more than the 500 m allowed');
    const unchecked = await osrmTravelMatrix(
      locations,
      carOnly(server, { maxSnapMetres: Infinity }),
    );
    expect(unchecked.minutes(0, 1, 'car')).toBe(9); // 485.5 s
  });

  it('times out a server that never answers, without retrying', async () => {
    const server = await startServer(never);
    const started = Date.now();
    const error = await failure(
      osrmTravelMatrix(points, carOnly(server, { timeoutMs: 150, retries: 3 })),
    );
    expect(error.code).toBe('Timeout');
    expect(error.message).toContain('did not answer within 150 ms');
    expect(server.requests).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('retries a 5xx and then succeeds', async () => {
    let calls = 0;
    const server = await startServer((request, response) => {
      if (++calls <= 2) send(response, 503, 'busy');
      else replay(request, response);
    });
    const matrix = await osrmTravelMatrix(points, carOnly(server, { retries: 3 }));
    expect(server.requests).toHaveLength(3);
    expectFullTable(matrix);
  });

  it('gives up on a 5xx after the retries, with a clear error', async () => {
    const server = await startServer((_, response) => send(response, 502, 'Bad Gateway'));
    const error = await failure(osrmTravelMatrix(points, carOnly(server, { retries: 2 })));
    expect(error.code).toBe('HttpStatus');
    expect(error.status).toBe(502);
    expect(error.message).toContain('OSRM answered HTTP 502 after 3 attempts');
    expect(error.message).toContain('"Bad Gateway"');
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry a 4xx', async () => {
    const server = await startServer((_, response) => send(response, 404, 'Not Found'));
    const error = await failure(osrmTravelMatrix(points, carOnly(server, { retries: 3 })));
    expect(error.code).toBe('HttpStatus');
    expect(error.status).toBe(404);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a refused connection, then reports it', async () => {
    const closed = await startServer(never);
    await closed.close();
    const error = await failure(
      osrmTravelMatrix(points, {
        baseUrl: closed.baseUrl,
        profiles: { car: 'car' },
        retries: 1,
        retryDelayMs: 5,
      }),
    );
    expect(error.code).toBe('Network');
    expect(error.message).toContain(`Could not reach OSRM at ${closed.baseUrl} after 2 attempts`);
    expect(error.message).toContain('ECONNREFUSED');
  });

  it.each([
    ['a body that is not JSON', '<html>proxy error</html>', 'it is not JSON'],
    [
      'a table without durations',
      JSON.stringify({ ...full, durations: undefined }),
      '"durations" is missing',
    ],
    [
      'a row of the wrong length',
      JSON.stringify({
        ...full,
        distances: fullTable.distances.map((row, r) => (r === 4 ? row.slice(1) : row)),
      }),
      '"distances"[4] must be an array of 12 cells',
    ],
    [
      'a cell that is not a number',
      JSON.stringify({
        ...full,
        durations: fullTable.durations.map((row, r) => (r === 2 ? ['x', ...row.slice(1)] : row)),
      }),
      '"durations"[2][0] is "x", not a number >= 0',
    ],
    ['an empty body', '', 'it is not JSON'],
  ])('rejects %s', async (_, body, reason) => {
    const server = await startServer((__, response) => send(response, 200, body));
    const error = await failure(osrmTravelMatrix(points, carOnly(server)));
    expect(error.code).toBe('MalformedResponse');
    expect(error.message).toContain(reason);
  });

  it('names the pair of a null cell (no route)', async () => {
    const durations = fullTable.durations.map((row) => [...row]) as (number | null)[][];
    durations[3]![7] = null;
    const server = await startServer((_, response) =>
      send(response, 200, JSON.stringify({ ...fullTable, code: 'Ok', durations })),
    );
    const error = await failure(osrmTravelMatrix(points, carOnly(server)));
    expect(error.code).toBe('Unreachable');
    expect(error.location).toBe(3);
    expect(error.message).toContain(
      'OSRM found no route from location 3 (lat 43.732, lon 7.421) to location 7 (lat 43.7437, lon 7.4316)',
    );
  });

  it('rejects inconsistent options before any request', async () => {
    const server = await startServer(replay);
    const bad = await failure(osrmTravelMatrix(points, carOnly(server, { blockSize: 0 })));
    expect(bad.code).toBe('InvalidOptions');
    expect(bad.message).toContain('blockSize must be a whole number of at least 1, got 0');
    const noUrl = await failure(osrmTravelMatrix(points, { profiles: { walk: 'foot' } }));
    expect(noUrl.message).toContain("mode 'walk' uses profile 'foot' but no baseUrl is given");
    const notFinite = await failure(
      osrmTravelMatrix([points[0]!, { lat: Number.NaN, lon: 7 }], carOnly(server)),
    );
    expect(notFinite.code).toBe('InvalidLocation');
    expect(notFinite.location).toBe(1);
    expect(server.requests).toEqual([]);
  });
});

describe('osrmTravelMatrix cache and cancellation', () => {
  it('answers a second call from the disk cache without any request', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'care-roster-osrm-'));
    try {
      const server = await startServer(replay);
      const options = carOnly(server, { cacheDir: join(dir, 'cache') });
      await osrmTravelMatrix(points, options);
      expect(server.requests).toHaveLength(1);
      const files = await readdir(join(dir, 'cache'));
      expect(files).toHaveLength(1);

      expectFullTable(await osrmTravelMatrix(points, options));
      expect(server.requests).toHaveLength(1);

      // A damaged entry is a miss, not an error: the block is fetched again.
      await writeFile(join(dir, 'cache', files[0]!), '{"code":"Ok","durat');
      expectFullTable(await osrmTravelMatrix(points, options));
      expect(server.requests).toHaveLength(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects with the abort reason when the signal fires mid-request', async () => {
    const server = await startServer(never);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    await expect(
      osrmTravelMatrix(points, carOnly(server, { signal: controller.signal })),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(server.requests).toHaveLength(1);
  });

  it('makes no request when the signal is already aborted', async () => {
    const server = await startServer(replay);
    const reason = new Error('user cancelled');
    await expect(
      osrmTravelMatrix(points, carOnly(server, { signal: AbortSignal.abort(reason) })),
    ).rejects.toBe(reason);
    expect(server.requests).toEqual([]);
  });
});
