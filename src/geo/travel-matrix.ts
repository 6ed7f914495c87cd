import type { Location, TransportMode } from '../model/schema.js';
import type { TravelSource } from '../model/roster.js';

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
   * Travel time in minutes from `from` to `to` for a carer using `mode`, not necessarily whole:
   * the straight-line estimate gives whole seconds (`7 + 5 / 60`), road matrices whole minutes.
   * Providers round up, so a roster built on these figures is never optimistic.
   */
  minutes(from: number, to: number, mode: TransportMode): number;
  /**
   * Optional bulk form of {@link minutes}, for a compiler that tabulates many pairs: the minutes
   * from `from` to each of `to`, for each of `modes`, written to `out[m][offset + j]`. It must
   * give exactly the figures of `minutes`; a provider implements it when it can share work
   * between the pairs or modes of a row (the straight-line estimate works out each distance
   * once for every mode).
   */
  minutesRow?(
    from: number,
    to: readonly number[],
    modes: readonly TransportMode[],
    out: readonly Float64Array[],
    offset: number,
  ): void;
  /**
   * Optional: {@link minutes} for one mode between some of the places, read a pair at a time,
   * for a caller that reads many pairs (the solver of a problem with too many places for a
   * table). In `at(i, j)`, `i` and `j` index `places`; it must give exactly the figures of
   * `minutes(places[i], places[j], mode)`.
   */
  over?(places: readonly number[], mode: TransportMode): { at(from: number, to: number): number };
  /** Travel distance in metres from `from` to `to` for `mode`. */
  metres(from: number, to: number, mode: TransportMode): number;
  /**
   * Where the figures come from. The solver copies it into the roster (`roster.travelSource`)
   * so a later check can tell it is using other figures. Every provider of care-roster sets it;
   * a matrix of your own may leave it out, and its rosters then record no source.
   */
  readonly source?: TravelSource;
}
