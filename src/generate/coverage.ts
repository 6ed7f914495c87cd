/**
 * Static cover checks: could enough carers do a visit, ignoring travel and their other visits?
 * The generator uses them to keep its rare combinations (insulin, a required language, a
 * refusal) satisfiable, so the visits left unplaced are the ones it means to leave unplaced.
 */
import type { Qualification, Weekday } from '../model/schema.js';
import type { DraftPattern } from './packages.js';

/** Carers to spare beyond those a visit needs: one carer on leave should not strand it. */
export const SPARE_CARERS = 1;

/** A date of the horizon with its weekday. */
export interface HorizonDate {
  readonly date: string;
  readonly weekday: Weekday;
}

/** A weekly window in minutes after midnight. */
export interface MinuteWindow {
  readonly days: readonly Weekday[];
  readonly from: number;
  readonly to: number;
}

/** What the checks need to know of a carer. */
export interface CoverCarer {
  readonly windows: readonly MinuteWindow[];
  readonly qualifications: readonly Qualification[];
}

/** True when the carer holds every one of `skills`, unexpired on `date`. */
export function qualifiedOn(carer: CoverCarer, skills: readonly string[], date: string): boolean {
  return skills.every((name) =>
    carer.qualifications.some(
      (q) => q.name === name && (q.expires === undefined || q.expires >= date),
    ),
  );
}

/** True when one of the carer's windows that day fits the visit, start inside its window. */
export function availableFor(carer: CoverCarer, pattern: DraftPattern, weekday: Weekday): boolean {
  return carer.windows.some(
    (w) =>
      w.days.includes(weekday) &&
      w.from <= pattern.to &&
      Math.max(w.from, pattern.from) + pattern.duration <= w.to,
  );
}

/** Horizon dates on which the pattern has a visit. */
export function datesOf(pattern: DraftPattern, dates: readonly HorizonDate[]): HorizonDate[] {
  return dates.filter(({ weekday }) => pattern.days.includes(weekday));
}

/**
 * How many more carers accepted by `accept` the visit on `date` would need to be covered with
 * {@link SPARE_CARERS} to spare; 0 when it already is.
 */
export function shortfall<C extends CoverCarer>(
  carers: readonly C[],
  pattern: DraftPattern,
  date: HorizonDate,
  accept: (carer: C) => boolean = () => true,
): number {
  const wanted = pattern.carersNeeded + SPARE_CARERS;
  let found = 0;
  for (const carer of carers) {
    if (
      accept(carer) &&
      qualifiedOn(carer, pattern.qualifications, date.date) &&
      availableFor(carer, pattern, date.weekday) &&
      ++found >= wanted
    ) {
      return 0;
    }
  }
  return wanted - found;
}
