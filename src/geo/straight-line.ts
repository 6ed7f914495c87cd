import type { Location, TransportMode } from '../model/schema.js';
import { TRANSPORT_MODES } from '../model/schema.js';
import type { TravelSource } from '../model/roster.js';
import type { TravelMatrix } from './travel-matrix.js';
import { ChordMinutes, unitVectors } from './chord-seconds.js';

const EARTH_RADIUS_M = 6_371_008.8;

/** Above this many locations the estimate is computed on demand instead of tabulated. */
const DENSE_LIMIT = 1_500;

/**
 * Great-circle distance in metres between two WGS84 points.
 *
 * @example
 * ```ts
 * haversineMetres({ lat: 53.8, lon: -1.55 }, { lat: 53.81, lon: -1.55 }); // about 1112
 * ```
 */
export function haversineMetres(a: Location, b: Location): number {
  const toRad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * toRad;
  const dLon = (b.lon - a.lon) * toRad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * toRad) * Math.cos(b.lat * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * {@link haversineMetres} with the cosines of both latitudes given, operation for operation the
 * same, so that a row of distances from one place computes each cosine once.
 */
function greatCircle(a: Location, b: Location, cosA: number, cosB: number, toRad: number): number {
  const dLat = (b.lat - a.lat) * toRad;
  const dLon = (b.lon - a.lon) * toRad;
  const h = Math.sin(dLat / 2) ** 2 + cosA * cosB * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Parameters of the straight-line estimate. */
export interface StraightLineOptions {
  /** Road distance over straight-line distance (1.3 is typical of UK towns). */
  readonly detourFactor: number;
  /** Average door-to-door speed per transport mode, km/h. */
  readonly speedKmh: Readonly<Record<TransportMode, number>>;
}

/**
 * The embedded travel estimate: haversine distance times a detour factor, at a speed per
 * transport mode, rounded up to the whole second and given in minutes (7 min 5 s is `7 + 5 / 60`).
 * Needs no server; accurate enough to roster a compact neighbourhood, and the default when no
 * road matrix is given. Rounding each trip up to the second rather than to the minute keeps a
 * shift's travel within a few seconds of the estimate instead of half a minute a trip dearer.
 *
 * With `onDemand`, each distance is worked out the first time it is asked for and kept: the
 * same figures, for a caller that reads only a few of the pairs (a replan of a few routes).
 *
 * @example
 * ```ts
 * const { locations } = expandProblem(problem);
 * const travel = straightLineTravelMatrix(locations, problem.settings.travel);
 * console.log(travel.minutes(0, 1, 'car'), 'min by car,', travel.metres(0, 1, 'car'), 'm');
 * ```
 */
export function straightLineTravelMatrix(
  locations: readonly Location[],
  options: StraightLineOptions,
  { onDemand = false }: { readonly onDemand?: boolean } = {},
): TravelMatrix {
  const n = locations.length;
  const source = straightLineSource(options);
  const metresPerSecond = new Map<TransportMode, number>(
    TRANSPORT_MODES.map((mode) => [mode, (options.speedKmh[mode] * 1000) / 3600]),
  );
  const minutesOf = (metres: number, mode: TransportMode): number =>
    Math.ceil(metres / metresPerSecond.get(mode)!) / 60;
  const road = (from: number, to: number): number =>
    from === to ? 0 : haversineMetres(locations[from]!, locations[to]!) * options.detourFactor;
  // A dense table pays for itself on small problems; a county's would not fit in memory, so
  // there every figure is computed when asked for, from the chord between the two places
  // (`chord-seconds.ts`: the haversine's figures at a few nanoseconds a pair).
  if (n > DENSE_LIMIT) {
    const toRad = Math.PI / 180;
    // The cosine of each latitude once, as haversineMetres computes it: the same figures.
    const cosLat = Float64Array.from(locations, (location) => Math.cos(location.lat * toRad));
    const exactSeconds = (from: number, to: number, perSecond: number): number => {
      const metres =
        greatCircle(locations[from]!, locations[to]!, cosLat[from]!, cosLat[to]!, toRad) *
        options.detourFactor;
      return Math.ceil(metres / perSecond);
    };
    const over = (places: readonly number[], mode: TransportMode): ChordMinutes => {
      const perSecond = metresPerSecond.get(mode)!;
      const picked = places.map((place) => locations[place]!);
      return new ChordMinutes(
        unitVectors(
          picked.map((location) => location.lat),
          picked.map((location) => location.lon),
        ),
        (EARTH_RADIUS_M * options.detourFactor) / perSecond,
        (from, to) => exactSeconds(places[from]!, places[to]!, perSecond),
      );
    };
    const everywhere = Array.from({ length: n }, (_, place) => place);
    const byMode = new Map(TRANSPORT_MODES.map((mode) => [mode, over(everywhere, mode)]));
    return {
      locations,
      source,
      minutes: (from, to, mode) => byMode.get(mode)!.at(from, to),
      over,
      minutesRow: (from, to, modes, out, offset) => {
        const perMode = modes.map((mode) => byMode.get(mode)!);
        to.forEach((target, j) => {
          perMode.forEach((minutes, m) => {
            out[m]![offset + j] = minutes.at(from, target);
          });
        });
      },
      metres: (from, to) => road(from, to),
    };
  }
  if (onDemand) {
    const known = new Float64Array(n * n).fill(Number.NaN);
    const distance = (from: number, to: number): number => {
      const k = from * n + to;
      let found = known[k]!;
      if (Number.isNaN(found)) {
        found = road(from, to);
        known[k] = found;
        known[to * n + from] = found;
      }
      return found;
    };
    return {
      locations,
      source,
      minutes: (from, to, mode) => minutesOf(distance(from, to), mode),
      metres: distance,
    };
  }
  const metres = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const distance = road(i, j);
      metres[i * n + j] = distance;
      metres[j * n + i] = distance;
    }
  }
  const minutesByMode = new Map<TransportMode, Float64Array>();
  for (const mode of TRANSPORT_MODES) {
    const minutes = new Float64Array(n * n);
    for (let k = 0; k < n * n; k++) minutes[k] = minutesOf(metres[k]!, mode);
    minutesByMode.set(mode, minutes);
  }
  return {
    locations,
    source,
    minutes: (from, to, mode) => minutesByMode.get(mode)![from * n + to]!,
    minutesRow: (from, to, modes, out, offset) => {
      modes.forEach((mode, m) => {
        const table = minutesByMode.get(mode)!;
        const row = out[m]!;
        to.forEach((target, j) => {
          row[offset + j] = table[from * n + target]!;
        });
      });
    },
    metres: (from, to) => metres[from * n + to]!,
  };
}

/**
 * The straight-line estimate's source: its settings written out, so two rosters made with the
 * same settings have the same id, e.g. `detour 1.3; km/h car 30, walk 4.8, bike 14, public 15`.
 */
export function straightLineSource(options: StraightLineOptions): TravelSource {
  const speeds = TRANSPORT_MODES.map((mode) => `${mode} ${options.speedKmh[mode]}`).join(', ');
  return { kind: 'straight-line', id: `detour ${options.detourFactor}; km/h ${speeds}` };
}
