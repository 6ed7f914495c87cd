/**
 * The straight-line estimate's whole seconds without trigonometry, for callers that read many
 * pairs (a county's week reads hundreds of millions).
 *
 * The estimate is `ceil(haversine metres * detour / speed)`. The straight chord `c` between two
 * points of the unit sphere (three differences and a square root, from unit vectors worked out
 * once per place) gives the arc `2 asin(c / 2) = c + c^3 / 24 + 3 c^5 / 640 + ...`, every term
 * positive: it lies between `c + c^3 / 24` and `c + c^3 / 24 + c^5 / 200` for chords up to 0.2 of
 * the radius. When the seconds of both bounds agree, they are the estimate's seconds; only when
 * a whole second lies between them (about once in a million pairs over a county) is the
 * haversine worked out. So the figures are exactly those of the haversine, at a few nanoseconds
 * a pair. */

/**
 * Slack for rounding: each coordinate of a unit vector is off by at most a few units in the
 * last place (1e-16), so a chord by at most about 1e-15; the haversine itself is off by a few
 * parts in 1e16. Both slacks are a thousand times wider, and still far below a second of travel
 * (a chord of 1e-13 is 0.6 micrometres).
 */
const CHORD_SLACK = 1e-13;
const RELATIVE_SLACK = 1e-12;
/** Longest chord the series bounds are used for (0.2 of the radius: about 1,270 km). */
const LONGEST_CHORD = 0.2;

/** Unit vectors of places, three numbers a place. */
export function unitVectors(lat: ArrayLike<number>, lon: ArrayLike<number>): Float64Array {
  const toRad = Math.PI / 180;
  const out = new Float64Array(lat.length * 3);
  for (let i = 0; i < lat.length; i++) {
    const phi = lat[i]! * toRad;
    const lambda = lon[i]! * toRad;
    const c = Math.cos(phi);
    out[3 * i] = c * Math.cos(lambda);
    out[3 * i + 1] = c * Math.sin(lambda);
    out[3 * i + 2] = Math.sin(phi);
  }
  return out;
}

/**
 * Whole seconds of the estimate from `from` to `to`, or NaN when the bounds leave it open (the
 * caller then works out the haversine). `secondsPerRadian` is the sphere's radius times the
 * detour factor over the speed in metres a second.
 *
 * @example
 * ```ts
 * const unit = unitVectors([53.8, 53.81], [-1.55, -1.55]);
 * const perRadian = (6_371_008.8 * 1.3) / ((30 * 1000) / 3600);
 * chordSeconds(unit, 0, 1, perRadian); // 174: 1,112 m * 1.3 at 30 km/h, rounded up
 * ```
 */
export function chordSeconds(
  unit: Float64Array,
  from: number,
  to: number,
  secondsPerRadian: number,
): number {
  const dx = unit[3 * from]! - unit[3 * to]!;
  const dy = unit[3 * from + 1]! - unit[3 * to + 1]!;
  const dz = unit[3 * from + 2]! - unit[3 * to + 2]!;
  const c2 = dx * dx + dy * dy + dz * dz;
  const c = Math.sqrt(c2);
  if (c > LONGEST_CHORD) return Number.NaN;
  const low =
    Math.max(0, c - CHORD_SLACK) * (1 + c2 / 24) * secondsPerRadian * (1 - RELATIVE_SLACK);
  const high =
    (c + CHORD_SLACK) * (1 + c2 / 24 + (c2 * c2) / 200) * secondsPerRadian * (1 + RELATIVE_SLACK);
  const seconds = Math.ceil(low);
  return seconds === Math.ceil(high) ? seconds : Number.NaN;
}

/**
 * The estimate in minutes between some places, read one pair at a time: the form the solver
 * reads a county's travel in. Place `i` is the `i`-th of the places it was made for.
 */
export class ChordMinutes {
  /** The chord and the haversine are the same both ways. */
  readonly symmetric = true;

  constructor(
    /** {@link unitVectors} of the places. */
    private readonly unit: Float64Array,
    /** Seconds a radian: the sphere's radius times the detour factor over the speed. */
    private readonly secondsPerRadian: number,
    /** The haversine's whole seconds, for the pairs the chord leaves open. */
    private readonly exactSeconds: (from: number, to: number) => number,
  ) {}

  /**
   * Minutes from place `from` to place `to`.
   *
   * @example
   * ```ts
   * const minutes = new ChordMinutes(unitVectors([53.8, 53.81], [-1.55, -1.55]), 935_000, exact);
   * minutes.at(0, 1); // 174 / 60
   * ```
   */
  at(from: number, to: number): number {
    if (from === to) return 0;
    const seconds = chordSeconds(this.unit, from, to, this.secondsPerRadian);
    return (Number.isNaN(seconds) ? this.exactSeconds(from, to) : seconds) / 60;
  }
}
