/**
 * The binary matrix file: a travel matrix written once (e.g. from road times computed
 * elsewhere) and read back fast, refusing a file made for other locations.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Location, TransportMode } from '../model/schema.js';
import { TRANSPORT_MODES } from '../model/schema.js';
import type { DenseTravelMatrix, ModeFigures } from './dense-matrix.js';
import { MAX_MINUTES, denseTravelMatrix, describeLocation } from './dense-matrix.js';
import type { TravelMatrix } from './travel-matrix.js';
import { TravelProviderError } from './travel-provider-error.js';

const MAGIC = 'CRMX';
const VERSION = 1;
const FIXED_HEADER_BYTES = 12;
const METRES_FLAG = 1;
/** Mode codes in the file; append only, never renumber, or old files change meaning. */
const MODE_CODES: readonly TransportMode[] = ['car', 'walk', 'bike', 'public'];
/** Coordinates may round-trip through JSON or another language; 1e-7 degrees is about 1 cm. */
const COORDINATE_TOLERANCE = 1e-7;

/**
 * Writes `matrix` as a binary matrix file. The layout, version 1, all numbers little-endian:
 *
 * | offset     | size     | content                                                          |
 * | ---------- | -------- | ---------------------------------------------------------------- |
 * | 0          | 4        | magic `CRMX` (ASCII)                                             |
 * | 4          | 1        | format version, 1                                                |
 * | 5          | 1        | bytes per minutes cell: 2 (Uint16) or 4 (Uint32)                 |
 * | 6          | 1        | number of modes m, 1 to 4                                        |
 * | 7          | 1        | reserved, 0                                                      |
 * | 8          | 4        | number of locations n, Uint32                                    |
 * | 12         | 2m       | per mode: mode code (0 car, 1 walk, 2 bike, 3 public), flags     |
 * |            |          | (bit 0 set: a metres table follows that mode's minutes)          |
 * | 12+2m      | 0-7      | zero padding to a multiple of 8                                  |
 * | H          | 16n      | per location: latitude then longitude, Float64                   |
 * | H+16n      | ...      | per mode, in header order: n² minutes cells, row-major (cell     |
 * |            |          | `from * n + to`), then, if flagged, n² Float32 metres, row-major |
 *
 * Cells hold whole minutes: a matrix to the second (the straight-line estimate) is rounded up
 * to the minute as it is written. Uint16 minutes are used when every value fits (up to 45 days), halving the file. The
 * coordinates let {@link readMatrixFile} refuse a file built for other locations.
 *
 * @param modes the modes to write; by default the matrix's own `modes` when it has them
 *   (every provider in this folder does), else all four.
 * @throws {TravelProviderError} code `InvalidMatrix` if a minutes value is negative or not a
 *   number; file system errors are passed through.
 *
 * @example
 * ```ts
 * const { locations } = expandProblem(problem);
 * // e.g. road times from elsewhere: 10 minutes between any two places
 * const minutes = locations.map((_, i) => locations.map((_, j) => (i === j ? 0 : 10)));
 * await writeMatrixFile('road.crmx', givenTravelMatrix(locations, { minutes: { car: minutes } }));
 * const travel = await readMatrixFile('road.crmx', locations); // the same figures, read fast
 * ```
 */
export async function writeMatrixFile(
  path: string,
  matrix: TravelMatrix,
  modes: readonly TransportMode[] = 'modes' in matrix
    ? (matrix as DenseTravelMatrix).modes
    : TRANSPORT_MODES,
): Promise<void> {
  await writeFile(path, encodeMatrix(matrix, modes));
}

function encodeMatrix(matrix: TravelMatrix, modes: readonly TransportMode[]): Uint8Array {
  const { locations } = matrix;
  const n = locations.length;
  const tables = modes.map((mode) => ({
    mode,
    minutes: collectMinutes(matrix, mode),
    metres: hasMetres(matrix, mode) ? collectMetres(matrix, mode) : undefined,
  }));
  const cellBytes = tables.every((table) => table.minutes.every((value) => value <= 0xffff))
    ? 2
    : 4;
  const dataStart = coordinatesOffset(modes.length);
  const tableBytes = tables.reduce(
    (sum, table) => sum + n * n * cellBytes + (table.metres === undefined ? 0 : n * n * 4),
    0,
  );
  const bytes = new Uint8Array(dataStart + 16 * n + tableBytes);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint8(4, VERSION);
  view.setUint8(5, cellBytes);
  view.setUint8(6, modes.length);
  view.setUint32(8, n, true);
  tables.forEach((table, k) => {
    view.setUint8(FIXED_HEADER_BYTES + 2 * k, MODE_CODES.indexOf(table.mode));
    view.setUint8(FIXED_HEADER_BYTES + 2 * k + 1, table.metres === undefined ? 0 : METRES_FLAG);
  });
  let offset = dataStart;
  for (const location of locations) {
    view.setFloat64(offset, location.lat, true);
    view.setFloat64(offset + 8, location.lon, true);
    offset += 16;
  }
  for (const table of tables) {
    for (const value of table.minutes) {
      if (cellBytes === 2) view.setUint16(offset, value, true);
      else view.setUint32(offset, value, true);
      offset += cellBytes;
    }
    for (const value of table.metres ?? []) {
      view.setFloat32(offset, value, true);
      offset += 4;
    }
  }
  return bytes;
}

/** Header bytes before the coordinates: fixed part, mode entries, padding to 8. */
function coordinatesOffset(modeCount: number): number {
  return Math.ceil((FIXED_HEADER_BYTES + 2 * modeCount) / 8) * 8;
}

function collectMinutes(matrix: TravelMatrix, mode: TransportMode): Int32Array {
  const n = matrix.locations.length;
  const minutes = new Int32Array(n * n);
  for (let from = 0; from < n; from++) {
    for (let to = 0; to < n; to++) {
      const value = Math.ceil(matrix.minutes(from, to, mode));
      if (!(value >= 0 && value <= MAX_MINUTES)) {
        throw new TravelProviderError(
          'InvalidMatrix',
          `Cannot write the matrix file: minutes from ${from} to ${to} for '${mode}' is ` +
            `${value}; allowed: 0 to ${MAX_MINUTES}.`,
        );
      }
      minutes[from * n + to] = value;
    }
  }
  return minutes;
}

function collectMetres(matrix: TravelMatrix, mode: TransportMode): Float64Array {
  const n = matrix.locations.length;
  const metres = new Float64Array(n * n);
  for (let from = 0; from < n; from++) {
    for (let to = 0; to < n; to++) metres[from * n + to] = matrix.metres(from, to, mode);
  }
  return metres;
}

/** Only the dense providers can say a mode has no distances; any other matrix is assumed to. */
function hasMetres(matrix: TravelMatrix, mode: TransportMode): boolean {
  return 'figures' in matrix
    ? (matrix as DenseTravelMatrix).figures(mode)?.metres !== undefined
    : true;
}

/**
 * Reads a file written by {@link writeMatrixFile} as a {@link DenseTravelMatrix} for
 * `locations`, which must be the locations the file was written for, in the same order.
 *
 * @throws {TravelProviderError} code `InvalidMatrixFile` when the file is not a matrix file,
 *   has an unsupported version, is truncated or has trailing bytes, or holds a different
 *   number of locations or different coordinates. File system errors are passed through.
 *
 * @example
 * ```ts
 * const { locations } = expandProblem(problem);
 * await writeMatrixFile('travel.crmx', straightLineTravelMatrix(locations, problem.settings.travel));
 * const travel = await readMatrixFile('travel.crmx', locations);
 * const roster = solve(problem, { seed: 1, maxIterations: 200, travel });
 * ```
 */
export async function readMatrixFile(
  path: string,
  locations: readonly Location[],
): Promise<DenseTravelMatrix> {
  const bytes = await readFile(path);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (problem: string): never => {
    throw new TravelProviderError('InvalidMatrixFile', `Matrix file ${path} ${problem}.`);
  };
  const header = readHeader(view, locations.length, fail);
  checkCoordinates(view, header.dataStart, locations, fail);
  const n = locations.length;
  let offset = header.dataStart + 16 * n;
  const figures = new Map<TransportMode, ModeFigures>();
  for (const entry of header.modes) {
    const minutes = new Int32Array(n * n);
    for (let cell = 0; cell < n * n; cell++, offset += header.cellBytes) {
      const value =
        header.cellBytes === 2 ? view.getUint16(offset, true) : view.getUint32(offset, true);
      if (value > MAX_MINUTES) fail(`has a minutes value ${value} above ${MAX_MINUTES}`);
      minutes[cell] = value;
    }
    let metres: Float64Array | undefined;
    if (entry.hasMetres) {
      metres = new Float64Array(n * n);
      for (let cell = 0; cell < n * n; cell++, offset += 4)
        metres[cell] = view.getFloat32(offset, true);
    }
    figures.set(entry.mode, { minutes, metres });
  }
  return denseTravelMatrix(locations, figures);
}

interface MatrixFileHeader {
  readonly cellBytes: 2 | 4;
  readonly modes: readonly { readonly mode: TransportMode; readonly hasMetres: boolean }[];
  readonly dataStart: number;
}

/** Checks everything before the coordinates, and that the file is exactly as long as it says. */
function readHeader(
  view: DataView,
  expectedLocations: number,
  fail: (problem: string) => never,
): MatrixFileHeader {
  const magic = String.fromCharCode(
    ...Array.from({ length: Math.min(4, view.byteLength) }, (_, k) => view.getUint8(k)),
  );
  if (view.byteLength >= 4 && magic !== MAGIC) {
    fail('is not a care-roster matrix file (it does not start with "CRMX")');
  }
  if (view.byteLength < FIXED_HEADER_BYTES) {
    fail(
      `is truncated: ${view.byteLength} bytes, shorter than the ${FIXED_HEADER_BYTES}-byte header`,
    );
  }
  const version = view.getUint8(4);
  if (version !== VERSION)
    fail(`has format version ${version}; this care-roster reads version ${VERSION}`);
  const cellBytes = view.getUint8(5);
  if (cellBytes !== 2 && cellBytes !== 4) fail(`has an invalid minutes cell size ${cellBytes}`);
  const modeCount = view.getUint8(6);
  if (modeCount < 1 || modeCount > MODE_CODES.length)
    fail(`has an invalid mode count ${modeCount}`);
  const n = view.getUint32(8, true);
  if (n !== expectedLocations) {
    fail(`holds a matrix for ${n} locations, but ${expectedLocations} locations were given`);
  }
  const dataStart = coordinatesOffset(modeCount);
  if (view.byteLength < dataStart) fail(`is truncated inside its header`);
  const modes = Array.from({ length: modeCount }, (_, k) => {
    const code = view.getUint8(FIXED_HEADER_BYTES + 2 * k);
    const mode = MODE_CODES[code] ?? fail(`has an unknown transport mode code ${code}`);
    return { mode, hasMetres: (view.getUint8(FIXED_HEADER_BYTES + 2 * k + 1) & METRES_FLAG) !== 0 };
  });
  if (new Set(modes.map((entry) => entry.mode)).size !== modes.length)
    fail('repeats a transport mode');
  const expected =
    dataStart +
    16 * n +
    modes.reduce((sum, entry) => sum + n * n * (cellBytes + (entry.hasMetres ? 4 : 0)), 0);
  if (view.byteLength < expected) {
    fail(`is truncated: ${view.byteLength} bytes, but its header describes ${expected}`);
  }
  if (view.byteLength > expected) {
    fail(
      `has ${view.byteLength - expected} unexpected bytes after the ${expected} its header describes`,
    );
  }
  return { cellBytes, modes, dataStart };
}

/** A file for other locations with the same count would silently give wrong travel times. */
function checkCoordinates(
  view: DataView,
  offset: number,
  locations: readonly Location[],
  fail: (problem: string) => never,
): void {
  locations.forEach((location, index) => {
    const lat = view.getFloat64(offset + 16 * index, true);
    const lon = view.getFloat64(offset + 16 * index + 8, true);
    if (
      !(Math.abs(lat - location.lat) <= COORDINATE_TOLERANCE) ||
      !(Math.abs(lon - location.lon) <= COORDINATE_TOLERANCE)
    ) {
      fail(
        `was written for other locations: ${describeLocation(locations, index)} is at ` +
          `lat ${lat}, lon ${lon} in the file`,
      );
    }
  });
}
