import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Location } from '../src/model/schema.js';
import { givenTravelMatrix, readMatrixFile, writeMatrixFile } from '../src/geo/given-matrix.js';
import { straightLineTravelMatrix } from '../src/geo/straight-line.js';
import { TravelProviderError } from '../src/geo/travel-provider-error.js';

const locations: Location[] = [
  { lat: 51.5, lon: -0.12 },
  { lat: 51.51, lon: -0.1 },
  { lat: 51.52, lon: -0.11 },
];

const minutes = [
  [0, 4.2, 7],
  [5, 0, 3],
  [8, 2.5, 0],
];

const metres = [
  [0, 1200, 2100.5],
  [1300, 0, 900],
  [2200, 800, 0],
];

function issuesOf(data: unknown, at: readonly Location[] = locations): string[] {
  try {
    givenTravelMatrix(at, data);
  } catch (error) {
    expect(error).toBeInstanceOf(TravelProviderError);
    const travelError = error as TravelProviderError;
    expect(travelError.code).toBe('InvalidMatrix');
    for (const issue of travelError.issues) {
      expect(travelError.message).toContain(`${issue.path}: ${issue.message}`);
    }
    return travelError.issues.map((issue) => `${issue.path}: ${issue.message}`);
  }
  throw new Error('expected givenTravelMatrix to reject the data');
}

describe('givenTravelMatrix', () => {
  it('applies a single matrix to every mode, rounding minutes up', () => {
    const matrix = givenTravelMatrix(locations, { minutes, metres });
    for (const mode of ['car', 'walk', 'bike', 'public'] as const) {
      expect(matrix.minutes(0, 1, mode)).toBe(5); // 4.2 rounds up
      expect(matrix.minutes(2, 1, mode)).toBe(3);
      expect(matrix.minutes(1, 0, mode)).toBe(5);
      expect(matrix.metres(0, 2, mode)).toBe(2100.5);
    }
    expect(matrix.minutes(1, 1, 'car')).toBe(0);
    expect(() => matrix.minutes(0, 3, 'car')).toThrow(RangeError);
  });

  it('keeps per-mode matrices apart and refuses a mode it was not given', () => {
    const walk = minutes.map((row) => row.map((value) => value * 4));
    const matrix = givenTravelMatrix(locations, { minutes: { car: minutes, walk } });
    expect(matrix.minutes(0, 2, 'car')).toBe(7);
    expect(matrix.minutes(0, 2, 'walk')).toBe(28);
    expect(matrix.metres(0, 2, 'car')).toBeNaN();
    expect(matrix.modes).toEqual(['car', 'walk']);
    expect(() => matrix.minutes(0, 2, 'bike')).toThrow(
      "no figures for transport mode 'bike'; it covers 'car', 'walk'",
    );
  });

  it('ignores the diagonal: a location to itself is always 0', () => {
    const matrix = givenTravelMatrix(locations, {
      minutes: minutes.map((row, r) => row.map((value, c) => (r === c ? 9 : value))),
    });
    expect(matrix.minutes(2, 2, 'car')).toBe(0);
  });

  it.each([
    ['a non-object', [[0]], '$: must be an object with "minutes" and optionally "metres"'],
    [
      'missing minutes',
      { metres },
      '$.minutes: is required: a matrix, or an object of matrices by mode',
    ],
    [
      'an unknown field',
      { minutes, speed: 30 },
      '$.speed: unknown field; allowed: "minutes", "metres"',
    ],
    [
      'too few rows',
      { minutes: minutes.slice(0, 2) },
      '$.minutes: must be an array of 3 rows, one per location; got 2 rows',
    ],
    [
      'a short row',
      { minutes: [minutes[0], [5, 0], minutes[2]] },
      '$.minutes[1]: must be an array of 3 numbers, one per location; got 2 numbers',
    ],
    [
      'a negative minutes value',
      { minutes: [minutes[0], [5, 0, -3], minutes[2]] },
      '$.minutes[1][2]: must be a number of minutes from 0 to 2147483647; got -3',
    ],
    [
      'a string',
      { minutes: { car: [minutes[0], minutes[1], [8, '2', 0]] } },
      '$.minutes.car[2][1]: must be a number of minutes from 0 to 2147483647; got "2"',
    ],
    [
      'a null',
      { minutes, metres: [metres[0], [null, 0, 900], metres[2]] },
      '$.metres[1][0]: must be a number of metres, 0 or more; got null',
    ],
    [
      'an unknown mode',
      { minutes: { car: minutes, boat: minutes } },
      '$.minutes.boat: unknown transport mode; allowed: car, walk, bike, public',
    ],
    [
      'metres for a mode without minutes',
      { minutes: { car: minutes }, metres: { walk: metres } },
      `$.metres.walk: has no matching "minutes" for mode 'walk'`,
    ],
    [
      'a matrix that is neither rows nor modes',
      { minutes: 12 },
      '$.minutes: must be a matrix (3 rows of 3 numbers) or an object of such matrices keyed by transport mode (car, walk, bike, public)',
    ],
  ])('reports %s with its path', (_, data, issue) => {
    expect(issuesOf(data)).toEqual([issue]);
  });

  it('reports every issue at once, and caps a hopeless matrix', () => {
    expect(issuesOf({ minutes: [minutes[0], [5, 0, -3], [Infinity, 1, 0]], extra: true })).toEqual([
      '$.extra: unknown field; allowed: "minutes", "metres"',
      '$.minutes[1][2]: must be a number of minutes from 0 to 2147483647; got -3',
      '$.minutes[2][0]: must be a number of minutes from 0 to 2147483647; got Infinity',
    ]);
    const many = Array.from({ length: 10 }, (_, index) => ({ lat: index, lon: index }));
    const negative = many.map(() => many.map(() => -1));
    try {
      givenTravelMatrix(many, { minutes: negative });
      expect.unreachable();
    } catch (error) {
      const travelError = error as TravelProviderError;
      expect(travelError.message).toContain('(100 issues)');
      expect(travelError.message).toContain('... and 80 more');
      expect(travelError.issues).toHaveLength(50);
    }
  });
});

describe('matrix files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'care-roster-matrix-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips a per-mode matrix with and without metres', async () => {
    const walk = minutes.map((row) => row.map((value) => value * 4));
    const given = givenTravelMatrix(locations, {
      minutes: { car: minutes, walk },
      metres: { car: metres },
    });
    const file = join(dir, 'small.crmx');
    await writeMatrixFile(file, given);
    // Header 12 + 2 modes × 2 = 16 (a multiple of 8), 3 coordinates × 16, 2 × 9 Uint16 minutes, 9 Float32 metres.
    expect((await stat(file)).size).toBe(16 + 48 + 2 * 18 + 36);
    const read = await readMatrixFile(file, locations);
    expect(read.modes).toEqual(['car', 'walk']);
    for (let from = 0; from < 3; from++) {
      for (let to = 0; to < 3; to++) {
        expect(read.minutes(from, to, 'car')).toBe(given.minutes(from, to, 'car'));
        expect(read.minutes(from, to, 'walk')).toBe(given.minutes(from, to, 'walk'));
        expect(read.metres(from, to, 'car')).toBeCloseTo(given.metres(from, to, 'car'), 1);
      }
    }
    expect(read.metres(0, 1, 'walk')).toBeNaN();
    expect(() => read.minutes(0, 1, 'bike')).toThrow(TravelProviderError);
  });

  it('switches to 32-bit minutes when a value exceeds 65535', async () => {
    const long = minutes.map((row, r) =>
      row.map((value, c) => (r === 0 && c === 2 ? 70000 : value)),
    );
    const file = join(dir, 'long.crmx');
    await writeMatrixFile(file, givenTravelMatrix(locations, { minutes: { bike: long } }));
    expect((await readFile(file))[5]).toBe(4);
    const read = await readMatrixFile(file, locations);
    expect(read.minutes(0, 2, 'bike')).toBe(70000);
    expect(read.minutes(2, 1, 'bike')).toBe(3);
  });

  it('saves any TravelMatrix, for all four modes by default', async () => {
    const estimate = straightLineTravelMatrix(locations, {
      detourFactor: 1.3,
      speedKmh: { car: 30, walk: 5, bike: 15, public: 20 },
    });
    const file = join(dir, 'estimate.crmx');
    await writeMatrixFile(file, estimate);
    const read = await readMatrixFile(file, locations);
    expect(read.modes).toEqual(['car', 'walk', 'bike', 'public']);
    // The file keeps whole minutes, rounded up; the estimate itself is to the second.
    expect(read.minutes(0, 1, 'walk')).toBe(Math.ceil(estimate.minutes(0, 1, 'walk')));
    expect(read.metres(0, 1, 'walk')).toBeCloseTo(estimate.metres(0, 1, 'walk'), 0);
  });

  async function fileError(
    bytes: Uint8Array,
    at: readonly Location[] = locations,
  ): Promise<string> {
    const file = join(dir, 'damaged.crmx');
    await writeFile(file, bytes);
    const error = await readMatrixFile(file, at).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(TravelProviderError);
    expect((error as TravelProviderError).code).toBe('InvalidMatrixFile');
    return (error as TravelProviderError).message;
  }

  async function goodBytes(): Promise<Uint8Array> {
    const file = join(dir, 'good.crmx');
    await writeMatrixFile(file, givenTravelMatrix(locations, { minutes, metres }), ['car']);
    return new Uint8Array(await readFile(file));
  }

  it('refuses a truncated file', async () => {
    const bytes = await goodBytes();
    expect(await fileError(bytes.subarray(0, bytes.length - 3))).toMatch(
      new RegExp(
        `is truncated: ${bytes.length - 3} bytes, but its header describes ${bytes.length}`,
      ),
    );
    expect(await fileError(bytes.subarray(0, 6))).toContain(
      'is truncated: 6 bytes, shorter than the 12-byte header',
    );
  });

  it('refuses trailing bytes, another magic, another version', async () => {
    const bytes = await goodBytes();
    expect(await fileError(new Uint8Array([...bytes, 0, 0]))).toContain(
      'has 2 unexpected bytes after',
    );
    expect(await fileError(new TextEncoder().encode('{"minutes": [[0]]}'))).toContain(
      'is not a care-roster matrix file (it does not start with "CRMX")',
    );
    const future = bytes.slice();
    future[4] = 2;
    expect(await fileError(future)).toContain(
      'has format version 2; this care-roster reads version 1',
    );
  });

  it('refuses a file written for other locations', async () => {
    const bytes = await goodBytes();
    expect(await fileError(bytes, locations.slice(0, 2))).toContain(
      'holds a matrix for 3 locations, but 2 locations were given',
    );
    const moved = [locations[0], { lat: 51.6, lon: -0.1 }, locations[2]] as Location[];
    expect(await fileError(bytes, moved)).toContain(
      'was written for other locations: location 1 (lat 51.6, lon -0.1) is at lat 51.51, lon -0.1 in the file',
    );
  });
});
