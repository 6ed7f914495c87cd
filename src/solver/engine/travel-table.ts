/**
 * Travel between the engine's locations, for one profile: either a table of every pair, or
 * figures worked out when asked for.
 *
 * A table of every pair is the fastest to read and is what small problems use; a county's week
 * has too many places for one (13,653 places: 1.5 GB a profile), so there the compiler hands the
 * engine a function instead. The search reads both through {@link TravelTable.at}.
 */

/** Travel time or cost from one location to another, in the instance's unit. */
export interface TravelTable {
  /**
   * The figure from location `from` to location `to` (both `0 .. nLocations - 1`).
   *
   * @example
   * ```ts
   * const table = denseTravel(Float64Array.from([0, 5, 7, 0]));
   * table.at(0, 1); // 5
   * ```
   */
  at(from: number, to: number): number;
  /** True when `at(a, b)` is always `at(b, a)`, to the bit. */
  readonly symmetric?: boolean;
}

/** A table of every pair, row-major (from, to). */
export class DenseTravel implements TravelTable {
  constructor(
    /** `n * n` figures, row `from`, column `to`. */
    readonly values: Float64Array,
    /** Number of locations. */
    readonly n: number,
  ) {}

  at(from: number, to: number): number {
    return this.values[from * this.n + to]!;
  }
}

/** Figures worked out on each call, for problems with too many places for a table. */
export class ComputedTravel implements TravelTable {
  constructor(
    /** The figure from `from` to `to`; it must be the same on every call. */
    private readonly figure: (from: number, to: number) => number,
  ) {}

  at(from: number, to: number): number {
    return this.figure(from, to);
  }
}

/** Another table's figures times a factor: travel costs as minutes times a price. */
export class ScaledTravel implements TravelTable {
  constructor(
    private readonly table: TravelTable,
    private readonly factor: number,
  ) {}

  get symmetric(): boolean {
    return this.table.symmetric === true;
  }

  at(from: number, to: number): number {
    return this.table.at(from, to) * this.factor;
  }
}

/**
 * A table of every pair from a row-major square matrix, as hand-built instances (the Solomon
 * benchmark, tests) give their distances.
 *
 * @example
 * ```ts
 * const matrix = Float64Array.from([0, 5, 7, 0]); // two locations
 * const instance = { nLocations: 2, travelTime: [denseTravel(matrix)], ... };
 * ```
 */
export function denseTravel(values: Float64Array): DenseTravel {
  const n = Math.round(Math.sqrt(values.length));
  if (n * n !== values.length) {
    throw new RangeError(`a travel table needs a square number of figures, not ${values.length}`);
  }
  return new DenseTravel(values, n);
}
