/**
 * The engine's travel figures for the places a compile covers: a table of every pair when there
 * are few enough places, figures read from the provider when asked for otherwise.
 */
import type { TransportMode } from '../model/schema.js';
import type { TravelMatrix } from '../geo/travel-matrix.js';
import { checkDeadline, DEADLINE_CHECK_EVERY } from './compile-deadline.js';
import {
  ComputedTravel,
  DenseTravel,
  ScaledTravel,
  type TravelTable,
} from './engine/travel-table.js';

/**
 * Most places whose travel is tabulated. A table reads fastest, but it takes `8 n^2` bytes a
 * profile: 72 MB at 3,000 places, 1.5 GB for the 13,653 places of a county's week, which
 * took most of a minute to fill. Above this the engine asks the provider for each figure (a
 * few nanoseconds a pair for the straight-line estimate).
 */
export const TABULATE_PLACES = 3_000;

/** Travel times and costs by profile. */
export interface CompiledTravel {
  readonly time: readonly TravelTable[];
  readonly cost: readonly TravelTable[];
}

/**
 * Travel between the compile's places (`placeOf[i]` is the provider's index of place `i`), one
 * profile per mode, the cost being the time times `minuteCost`.
 *
 * @example
 * ```ts
 * const travel = compileTravel(straightLine, [4, 9], ['car'], 1);
 * travel.time[0]!.at(0, 1); // straightLine.minutes(4, 9, 'car')
 * ```
 */
export function compileTravel(
  travel: TravelMatrix,
  placeOf: readonly number[],
  modes: readonly TransportMode[],
  minuteCost: number,
  deadline?: number,
): CompiledTravel {
  const n = Math.max(1, placeOf.length);
  if (n > TABULATE_PLACES) {
    const place = Int32Array.from(placeOf);
    const time = modes.map(
      (mode): TravelTable =>
        travel.over?.(placeOf, mode) ??
        new ComputedTravel((from, to) => travel.minutes(place[from]!, place[to]!, mode)),
    );
    const cost = minuteCost === 1 ? time : time.map((table) => new ScaledTravel(table, minuteCost));
    return { time, cost };
  }
  const tables = modes.map(() => new Float64Array(n * n));
  // Row by row, every mode at once: a provider with a bulk form shares each pair's work
  // between the modes.
  for (let from = 0; from < placeOf.length; from++) {
    if ((from & (DEADLINE_CHECK_EVERY - 1)) === 0) checkDeadline(deadline);
    const offset = from * n;
    const a = placeOf[from]!;
    if (travel.minutesRow) {
      travel.minutesRow(a, placeOf, modes, tables, offset);
      continue;
    }
    modes.forEach((mode, m) => {
      const row = tables[m]!;
      placeOf.forEach((b, to) => {
        row[offset + to] = travel.minutes(a, b, mode);
      });
    });
  }
  const time = tables.map((matrix) => new DenseTravel(matrix, n));
  const cost =
    minuteCost === 1
      ? time
      : tables.map(
          (matrix) =>
            new DenseTravel(
              matrix.map((minutes) => minutes * minuteCost),
              n,
            ),
        );
  return { time, cost };
}
