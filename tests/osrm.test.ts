/**
 * The OSRM provider against a local stand-in server that replays answers recorded from a real
 * osrm-routed (fixtures/osrm), or computes block answers from the recorded 12×12 table. Every
 * request goes to 127.0.0.1.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Location } from '../src/model/schema.js';
import type { OsrmOptions } from '../src/geo/osrm.js';
import { osrmTravelMatrix, TravelProviderError } from '../src/geo/osrm.js';
import type { Handler, LoopbackServer as TestServer, Table } from './support/osrm-stand-in.js';
import {
  OSRM_POINTS,
  RECORDED_TABLE,
  sendJson,
  startLoopbackServer,
  tableAnswer,
} from './support/osrm-stand-in.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'osrm');

interface Recorded {
  readonly status: number;
  readonly body: string;
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
const full = JSON.parse(await readFixture('table-12-duration-distance')) as Record<string, unknown>;
const FAR: Location = { lon: 0, lat: 0 };

async function readFixture(name: string): Promise<string> {
  return readFile(join(FIXTURES, `${name}.json`), 'utf8');
}

const servers: TestServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A loopback server closed after the test. */
async function startServer(handler: Handler): Promise<TestServer> {
  const started = await startLoopbackServer(handler);
  servers.push(started);
  return started;
}

/** Answers a request only if it is exactly one that was recorded. */
const replay: Handler = (request, response) => {
  const recorded = fixtures.get(request.url ?? '');
  if (recorded === undefined) sendJson(response, 404, `no fixture for ${request.url}`);
  else sendJson(response, recorded.status, recorded.body);
};

/** Like {@link replay}, after rewriting the path (to answer other profiles with car data). */
function replayAs(rewrite: (url: string) => string): Handler {
  return (request, response) => {
    request.url = rewrite(request.url ?? '');
    replay(request, response);
  };
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
  for (let from = 0; from < OSRM_POINTS.length; from++) {
    for (let to = 0; to < OSRM_POINTS.length; to++) {
      const seconds = RECORDED_TABLE.durations[from]![to]!;
      expect(matrix.minutes(from, to, mode)).toBe(from === to ? 0 : Math.ceil(seconds / 60));
      expect(matrix.metres(from, to, mode)).toBe(RECORDED_TABLE.distances[from]?.[to]);
    }
  }
}

describe('osrmTravelMatrix on recorded answers', () => {
  it('reads the 12-point table in one request, minutes rounded up', async () => {
    const server = await startServer(replay);
    const matrix = await osrmTravelMatrix(OSRM_POINTS, carOnly(server));
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
    const matrix = await osrmTravelMatrix(
      OSRM_POINTS,
      carOnly(server, { snapRadiusMetres: 35000 }),
    );
    expect(server.requests[0]).toContain('&radiuses=35000;35000;');
    expectFullTable(matrix);
  });

  it('shares one set of requests between modes with the same profile', async () => {
    const server = await startServer(replayAs((url) => url.replace('/foot/', '/car/')));
    const matrix = await osrmTravelMatrix(OSRM_POINTS, {
      baseUrl: `${server.baseUrl}/`,
      profiles: { car: 'car', public: 'car', walk: { baseUrl: server.baseUrl, profile: 'foot' } },
    });
    expect(server.requests.map((url) => url.split('/')[3])).toEqual(['car', 'foot']);
    expectFullTable(matrix, 'public');
    expect(matrix.minutes(0, 8, 'walk')).toBe(4);
  });

  it('needs no request for fewer than two locations', async () => {
    const server = await startServer(replay);
    const matrix = await osrmTravelMatrix(OSRM_POINTS.slice(0, 1), carOnly(server));
    expect(server.requests).toEqual([]);
    expect(matrix.minutes(0, 0, 'car')).toBe(0);
  });
});

describe('osrmTravelMatrix block splitting', () => {
  it('the computing stand-in agrees with the recorded sources/destinations answer', async () => {
    const request = (
      await readFile(join(FIXTURES, 'table-sources-destinations.request.txt'), 'utf8')
    ).trim();
    const computed = JSON.parse(tableAnswer(request).body) as Table;
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
        const { status, body } = tableAnswer(request.url ?? '');
        sendJson(response, status, body);
      }, 10);
    });
    const matrix = await osrmTravelMatrix(
      OSRM_POINTS,
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
      const { status, body } = tableAnswer(request.url ?? '');
      sendJson(response, status, body);
    });
    const error = await failure(
      osrmTravelMatrix([...OSRM_POINTS, FAR], carOnly(server, { blockSize: 5, concurrency: 1 })),
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
    const locations = [FAR, OSRM_POINTS[0] as Location];
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
    ) as Recorded;
    const server = await startServer((_, response) =>
      sendJson(response, recorded.status, recorded.body),
    );
    const error = await failure(osrmTravelMatrix(OSRM_POINTS.slice(0, 2), carOnly(server)));
    expect(error.code).toBe('InvalidQuery');
    expect(error.message).toContain(
      'OSRM InvalidQuery: Query string malformed close to position 23',
    );
    expect(server.requests).toHaveLength(1);
  });

  it("passes OSRM's InvalidOptions through for a latitude out of range", async () => {
    const server = await startServer(replay);
    const locations = [{ lon: 7.41337, lat: 95 }, OSRM_POINTS[1] as Location];
    const error = await failure(osrmTravelMatrix(locations, carOnly(server)));
    expect(error.code).toBe('InvalidOptions');
    expect(error.message).toContain('Coordinates are invalid');
  });

  it('rejects a far point OSRM snapped without a radius', async () => {
    const server = await startServer(replay);
    const locations = [FAR, OSRM_POINTS[0] as Location];
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
      osrmTravelMatrix(OSRM_POINTS, carOnly(server, { timeoutMs: 150, retries: 3 })),
    );
    expect(error.code).toBe('Timeout');
    expect(error.message).toContain('did not answer within 150 ms');
    expect(server.requests).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('retries a 5xx and then succeeds', async () => {
    let calls = 0;
    const server = await startServer((request, response) => {
      if (++calls <= 2) sendJson(response, 503, 'busy');
      else replay(request, response);
    });
    const matrix = await osrmTravelMatrix(OSRM_POINTS, carOnly(server, { retries: 3 }));
    expect(server.requests).toHaveLength(3);
    expectFullTable(matrix);
  });

  it('gives up on a 5xx after the retries, with a clear error', async () => {
    const server = await startServer((_, response) => sendJson(response, 502, 'Bad Gateway'));
    const error = await failure(osrmTravelMatrix(OSRM_POINTS, carOnly(server, { retries: 2 })));
    expect(error.code).toBe('HttpStatus');
    expect(error.status).toBe(502);
    expect(error.message).toContain('OSRM answered HTTP 502 after 3 attempts');
    expect(error.message).toContain('"Bad Gateway"');
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry a 4xx', async () => {
    const server = await startServer((_, response) => sendJson(response, 404, 'Not Found'));
    const error = await failure(osrmTravelMatrix(OSRM_POINTS, carOnly(server, { retries: 3 })));
    expect(error.code).toBe('HttpStatus');
    expect(error.status).toBe(404);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a refused connection, then reports it', async () => {
    const closed = await startServer(never);
    await closed.close();
    const error = await failure(
      osrmTravelMatrix(OSRM_POINTS, {
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
        distances: RECORDED_TABLE.distances.map((row, r) => (r === 4 ? row.slice(1) : row)),
      }),
      '"distances"[4] must be an array of 12 cells',
    ],
    [
      'a cell that is not a number',
      JSON.stringify({
        ...full,
        durations: RECORDED_TABLE.durations.map((row, r) =>
          r === 2 ? ['x', ...row.slice(1)] : row,
        ),
      }),
      '"durations"[2][0] is "x", not a number >= 0',
    ],
    ['an empty body', '', 'it is not JSON'],
  ])('rejects %s', async (_, body, reason) => {
    const server = await startServer((__, response) => sendJson(response, 200, body));
    const error = await failure(osrmTravelMatrix(OSRM_POINTS, carOnly(server)));
    expect(error.code).toBe('MalformedResponse');
    expect(error.message).toContain(reason);
  });

  it('names the pair of a null cell (no route)', async () => {
    const durations = RECORDED_TABLE.durations.map((row) => [...row]) as (number | null)[][];
    (durations[3] as (number | null)[])[7] = null;
    const server = await startServer((_, response) =>
      sendJson(response, 200, JSON.stringify({ ...RECORDED_TABLE, code: 'Ok', durations })),
    );
    const error = await failure(osrmTravelMatrix(OSRM_POINTS, carOnly(server)));
    expect(error.code).toBe('Unreachable');
    expect(error.location).toBe(3);
    expect(error.message).toContain(
      'OSRM found no route from location 3 (lat 43.732, lon 7.421) to location 7 (lat 43.7437, lon 7.4316)',
    );
  });

  it('rejects inconsistent options before any request', async () => {
    const server = await startServer(replay);
    const bad = await failure(osrmTravelMatrix(OSRM_POINTS, carOnly(server, { blockSize: 0 })));
    expect(bad.code).toBe('InvalidOptions');
    expect(bad.message).toContain('blockSize must be a whole number of at least 1, got 0');
    const noUrl = await failure(osrmTravelMatrix(OSRM_POINTS, { profiles: { walk: 'foot' } }));
    expect(noUrl.message).toContain("mode 'walk' uses profile 'foot' but no baseUrl is given");
    const notFinite = await failure(
      osrmTravelMatrix([OSRM_POINTS[0] as Location, { lat: Number.NaN, lon: 7 }], carOnly(server)),
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
      await osrmTravelMatrix(OSRM_POINTS, options);
      expect(server.requests).toHaveLength(1);
      const files = await readdir(join(dir, 'cache'));
      expect(files).toHaveLength(1);

      expectFullTable(await osrmTravelMatrix(OSRM_POINTS, options));
      expect(server.requests).toHaveLength(1);

      // A damaged entry is a miss, not an error: the block is fetched again.
      await writeFile(join(dir, 'cache', files[0] as string), '{"code":"Ok","durat');
      expectFullTable(await osrmTravelMatrix(OSRM_POINTS, options));
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
      osrmTravelMatrix(OSRM_POINTS, carOnly(server, { signal: controller.signal })),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(server.requests).toHaveLength(1);
  });

  it('makes no request when the signal is already aborted', async () => {
    const server = await startServer(replay);
    const reason = new Error('user cancelled');
    await expect(
      osrmTravelMatrix(OSRM_POINTS, carOnly(server, { signal: AbortSignal.abort(reason) })),
    ).rejects.toBe(reason);
    expect(server.requests).toEqual([]);
  });
});
