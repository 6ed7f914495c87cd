/**
 * The in-memory form shared by the road-travel providers (OSRM, a given matrix, a matrix file):
 * one row-major n×n table of whole minutes per transport mode, and optionally one of metres.
 */
import { createHash } from 'node:crypto';
import type { Location, TransportMode } from '../model/schema.js';
import { TRANSPORT_MODES } from '../model/schema.js';
import type { TravelSource } from '../model/roster.js';
import type { TravelMatrix } from './travel-matrix.js';
import { TravelProviderError } from './travel-provider-error.js';

/** Largest minutes value a matrix holds: the figures are stored as 32-bit signed integers. */
export const MAX_MINUTES = 2 ** 31 - 1;

/** The figures for one transport mode, row-major: cell `from * n + to`. */
export interface ModeFigures {
  /** Whole minutes, already rounded up. */
  readonly minutes: Int32Array;
  /** Metres, or `undefined` when the source gave no distances. */
  readonly metres: Float64Array | undefined;
}

/**
 * A {@link TravelMatrix} backed by typed arrays, which also says which modes it covers so it can
 * be saved with `writeMatrixFile`.
 */
export interface DenseTravelMatrix extends TravelMatrix {
  /** The transport modes with figures, in a stable order. */
  readonly modes: readonly TransportMode[];
  /** The raw figures of one mode, or `undefined` when the matrix has none for it. */
  figures(mode: TransportMode): ModeFigures | undefined;
}

/** `location 3 (lat 43.7296, lon 7.41337)`: how every provider error names a location. */
export function describeLocation(locations: readonly Location[], index: number): string {
  const location = locations[index];
  return location === undefined
    ? `location ${index}`
    : `location ${index} (lat ${location.lat}, lon ${location.lon})`;
}

/**
 * Wraps per-mode tables as a {@link DenseTravelMatrix}. Asking for a mode without figures throws
 * rather than falling back to another mode: a walker timed at car speed would be rostered onto
 * visits they cannot reach. `metres()` is `NaN` for a mode whose source gave no distances, so a
 * distance KPI shows up as unknown instead of as a wrong zero.
 *
 * @example
 * ```ts
 * const locations = [
 *   { lat: 53.8, lon: -1.55 },
 *   { lat: 53.81, lon: -1.56 },
 * ];
 * const travel = denseTravelMatrix(
 *   locations,
 *   new Map([['car', { minutes: Int32Array.from([0, 6, 7, 0]), metres: undefined }]]),
 * );
 * travel.minutes(1, 0, 'car'); // 7 (row-major: from * n + to)
 * ```
 */
export function denseTravelMatrix(
  locations: readonly Location[],
  figuresByMode: ReadonlyMap<TransportMode, ModeFigures>,
  source?: TravelSource,
): DenseTravelMatrix {
  let described = source;
  const n = locations.length;
  const modes = [...figuresByMode.keys()];
  const figuresFor = (mode: TransportMode): ModeFigures => {
    const figures = figuresByMode.get(mode);
    if (figures === undefined) {
      throw new TravelProviderError(
        'UnknownMode',
        `This travel matrix has no figures for transport mode '${mode}'; ` +
          `it covers ${modes.map((m) => `'${m}'`).join(', ') || 'no mode'}.`,
      );
    }
    return figures;
  };
  const cell = (from: number, to: number): number => {
    if (!(
      Number.isInteger(from) &&
      Number.isInteger(to) &&
      from >= 0 &&
      from < n &&
      to >= 0 &&
      to < n
    )) {
      throw new RangeError(`Location index out of range: ${from} -> ${to} (matrix has ${n})`);
    }
    return from * n + to;
  };
  return {
    locations,
    modes,
    // Hashing a county's matrix takes a moment, so it is done once, and only when asked for.
    get source(): TravelSource {
      described ??= { kind: 'matrix', id: hashFigures(locations, figuresByMode) };
      return described;
    },
    figures: (mode) => figuresByMode.get(mode),
    minutes: (from, to, mode) => {
      const index = cell(from, to);
      return from === to ? 0 : figuresFor(mode).minutes[index]!;
    },
    metres: (from, to, mode) => {
      const index = cell(from, to);
      const metres = figuresFor(mode).metres;
      if (metres === undefined) return Number.NaN;
      return from === to ? 0 : metres[index]!;
    },
  };
}

/**
 * `sha256:` and the hex SHA-256 of the locations and every mode's figures, so the same matrix
 * has the same id whether it was given as JSON, read from a binary file or built in code.
 */
function hashFigures(
  locations: readonly Location[],
  figuresByMode: ReadonlyMap<TransportMode, ModeFigures>,
): string {
  const hash = createHash('sha256');
  hash.update(Float64Array.from(locations.flatMap((location) => [location.lat, location.lon])));
  for (const mode of TRANSPORT_MODES) {
    const figures = figuresByMode.get(mode);
    if (figures === undefined) continue;
    hash.update(mode);
    hash.update(figures.minutes);
    hash.update(figures.metres === undefined ? 'no metres' : Float32Array.from(figures.metres));
  }
  return `sha256:${hash.digest('hex')}`;
}
