/**
 * A travel matrix cut down to a subset of locations, as plain typed arrays, so it can cross into
 * a worker thread and be used there without the provider (an OSRM client cannot be cloned).
 */
import type { Location, TransportMode } from '../model/schema.js';
import { TRANSPORT_MODES } from '../model/schema.js';
import type { TravelMatrix } from '../geo/travel-matrix.js';
import type { TravelSource } from '../model/roster.js';

/** Minutes and metres per mode over `locations`, row-major. */
export interface TravelSlice {
  readonly locations: readonly Location[];
  readonly minutes: Partial<Record<TransportMode, Float64Array>>;
  readonly metres: Partial<Record<TransportMode, Float64Array>>;
  /** Where the figures came from, so a roster made on the slice still names its source. */
  readonly source?: TravelSource;
}

const key = (location: Location) => `${location.lat},${location.lon}`;

/** Cuts `travel` (over its own locations) down to `locations`, for the modes given. */
export function sliceTravel(
  travel: TravelMatrix,
  locations: readonly Location[],
  modes: readonly TransportMode[],
): TravelSlice {
  const indexOf = new Map(travel.locations.map((location, index) => [key(location), index]));
  const global = locations.map((location) => {
    const index = indexOf.get(key(location));
    if (index === undefined) {
      throw new RangeError(`location ${key(location)} is not in the travel matrix`);
    }
    return index;
  });
  const n = locations.length;
  const minutes: Partial<Record<TransportMode, Float64Array>> = {};
  const metres: Partial<Record<TransportMode, Float64Array>> = {};
  for (const mode of modes) {
    const m = new Float64Array(n * n);
    const d = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        m[i * n + j] = travel.minutes(global[i]!, global[j]!, mode);
        d[i * n + j] = travel.metres(global[i]!, global[j]!, mode);
      }
    }
    minutes[mode] = m;
    metres[mode] = d;
  }
  const source = travel.source;
  return source === undefined
    ? { locations, minutes, metres }
    : { locations, minutes, metres, source: { kind: source.kind, id: source.id } };
}

/** A travel matrix reading a slice. */
export function travelFromSlice(slice: TravelSlice): TravelMatrix {
  const n = slice.locations.length;
  const table = (tables: Partial<Record<TransportMode, Float64Array>>, mode: TransportMode) => {
    const found = tables[mode];
    if (!found) {
      const known = TRANSPORT_MODES.filter((m) => tables[m]).join(', ');
      throw new RangeError(`no travel figures for mode "${mode}" (have: ${known})`);
    }
    return found;
  };
  return {
    locations: slice.locations,
    ...(slice.source === undefined ? {} : { source: slice.source }),
    minutes: (from, to, mode) => table(slice.minutes, mode)[from * n + to]!,
    metres: (from, to, mode) => table(slice.metres, mode)[from * n + to]!,
  };
}
