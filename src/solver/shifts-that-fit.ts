/**
 * The inner loops of compiling which shifts a visit's tasks may take: for one visit (or one
 * role of it) against the shifts of its date that start early enough, the shifts with room for
 * it alone. On a county's week they look at 640 million pairs, so they take plain typed arrays.
 */
import type { TravelTable } from './engine/travel-table.js';

/** One date's shifts by earliest start, their figures side by side. */
export interface DateShifts {
  readonly earliest: Float64Array;
  readonly latestEnd: Float64Array;
  /** Where the shift starts and ends (compile's places), and its profile and carer. */
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly profile: Int32Array;
  readonly worker: Int32Array;
  /** The shift's bit in the rows of tasks of its date. */
  readonly bit: Int32Array;
}

/** One visit (or role) to fit, and where its tasks' rows are. */
export interface VisitToFit {
  readonly windowStart: number;
  /** Latest start, lateness included. */
  readonly latest: number;
  readonly duration: number;
  /** The shifts (a prefix of the date's, by earliest start) that start by `latest`. */
  readonly reach: number;
  /** The first word of each task's row, for `tasks` tasks from `firstTask`. */
  readonly firstTask: number;
  readonly tasks: number;
}

/**
 * Reads into `lead[i]` and `back[i]`, for the shifts `i` in `from .. to - 1`, the travel from
 * each shift's start to `place` and from `place` to its end. A symmetric table gives the way
 * back as the way there when a shift ends where it starts (most shifts start and end at home).
 */
export function readShiftTravel(
  shifts: DateShifts,
  place: number,
  from: number,
  to: number,
  travel: readonly TravelTable[],
  lead: Float64Array,
  back: Float64Array,
): void {
  const { start: home, end, profile } = shifts;
  for (let i = from; i < to; i++) {
    const table = travel[profile[i]!]!;
    const there = table.at(home[i]!, place);
    lead[i] = there;
    back[i] = table.symmetric === true && end[i] === home[i] ? there : table.at(place, end[i]!);
  }
}

/**
 * Sets in `allowed` the bit of each shift with room for `visit` alone: from home inside its
 * window, `duration` there, and home again before the shift ends, on the figures of `travel`
 * (the same as `shiftCanHost` reads), which {@link readShiftTravel} has put in `lead` and
 * `back` for the first `visit.reach` shifts. `person` and `skills` hold, per carer, 1 when the
 * rules about the client and the qualifications allow them, 0 when not.
 *
 * The tests are combined without branching: on a county's week which of them fails is a coin
 * toss, and a mispredicted branch a test cost more than the tests.
 */
export function markShiftsThatFit(
  shifts: DateShifts,
  visit: VisitToFit,
  person: Uint8Array,
  skills: Uint8Array,
  lead: Float64Array,
  back: Float64Array,
  rowStart: Int32Array,
  allowed: Uint32Array,
): void {
  const { earliest, latestEnd, worker: workerOf, bit: bitOf } = shifts;
  const { windowStart, latest, duration, reach, firstTask, tasks } = visit;
  // Travel is never negative: a shift ending before the visit could end has no room.
  const soonest = windowStart + duration;
  for (let i = 0; i < reach; i++) {
    const worker = workerOf[i]!;
    const shiftEnd = latestEnd[i]!;
    const begin = Math.max(windowStart, earliest[i]! + lead[i]!);
    const fits =
      person[worker]! &
      skills[worker]! &
      (shiftEnd >= soonest ? 1 : 0) &
      (begin <= latest ? 1 : 0) &
      (begin + duration + back[i]! <= shiftEnd ? 1 : 0);
    const bit = bitOf[i]!;
    const mask = fits << (bit & 31);
    const word = bit >>> 5;
    for (let k = firstTask; k < firstTask + tasks; k++) {
      const at = rowStart[k]! + word;
      allowed[at] = allowed[at]! | mask;
    }
  }
}
