import type { Location, TransportMode } from '../model/schema.js';

/**
 * Travel times and distances between a fixed list of distinct locations.
 *
 * Indices refer to the `locations` array the matrix was built for. Every provider (the
 * straight-line estimate, OSRM, a user-supplied matrix) implements this interface, so the
 * checker and the solver never know where the figures came from.
 */
export interface TravelMatrix {
  /** The locations the matrix covers, in index order. */
  readonly locations: readonly Location[];
  /**
   * Travel time in whole minutes from `from` to `to` for a carer using `mode`.
   * Providers round up, so a roster built on these figures is never optimistic.
   */
  minutes(from: number, to: number, mode: TransportMode): number;
  /** Travel distance in metres from `from` to `to` for `mode`. */
  metres(from: number, to: number, mode: TransportMode): number;
}
