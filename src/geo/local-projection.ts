/**
 * A flat local projection for clustering and nearest-shape tests. Across a council (tens of
 * kilometres) an equirectangular projection around the mean latitude distorts distances by well
 * under 1 %, and it keeps the k-means arithmetic in plain metres.
 */
import type { Location } from '../model/schema.js';

const EARTH_RADIUS_M = 6_371_008.8;
const RADIANS = Math.PI / 180;

/** Projects WGS84 points to and from metres on a plane tangent at a reference point. */
export class LocalProjection {
  private readonly metresPerDegreeLat = EARTH_RADIUS_M * RADIANS;
  private readonly metresPerDegreeLon: number;

  /** @param origin - The point that maps to (0, 0); its latitude sets the east-west scale. */
  constructor(readonly origin: Location) {
    // Clamp so a point at a pole still gives a usable (if distorted) scale, never zero.
    this.metresPerDegreeLon =
      this.metresPerDegreeLat * Math.max(1e-6, Math.cos(origin.lat * RADIANS));
  }

  /** A projection centred on the mean of `locations` (the origin if there are none). */
  static around(locations: readonly Location[]): LocalProjection {
    return new LocalProjection(meanLocation(locations) ?? { lat: 0, lon: 0 });
  }

  /** Metres east of the origin. */
  x(location: Location): number {
    return (location.lon - this.origin.lon) * this.metresPerDegreeLon;
  }

  /** Metres north of the origin. */
  y(location: Location): number {
    return (location.lat - this.origin.lat) * this.metresPerDegreeLat;
  }

  /** The WGS84 point `x` metres east and `y` metres north of the origin. */
  unproject(x: number, y: number): Location {
    return {
      lat: this.origin.lat + y / this.metresPerDegreeLat,
      lon: this.origin.lon + x / this.metresPerDegreeLon,
    };
  }
}

/** Arithmetic mean of the coordinates, or `undefined` for no points. */
export function meanLocation(locations: readonly Location[]): Location | undefined {
  if (locations.length === 0) return undefined;
  let lat = 0;
  let lon = 0;
  for (const location of locations) {
    lat += location.lat;
    lon += location.lon;
  }
  return { lat: lat / locations.length, lon: lon / locations.length };
}
