/**
 * Expansion of a validated problem into dated visits, dated availability (shifts) and a list of
 * distinct locations. The checker and the solver both start from this, so both see the same
 * visits at the same instants.
 */
import type {
  AvailabilityException,
  CarePackage,
  Carer,
  Client,
  Location,
  Priority,
  Problem,
  TransportMode,
  VisitPattern,
  Weekday,
  WeeklyWindow,
} from './schema.js';
import type { VisitIdentity } from './roster.js';
import { LocalClock, clockToMinutes, horizonDates } from './time.js';
import { WEEKDAYS } from './schema.js';
import { patternKey, visitKey } from './visit-key.js';
import type { DatedRole } from './roles.js';
import { datedRoles } from './roles.js';

/** One dated instance of a visit pattern. Times are minutes from the horizon start. */
export interface Visit {
  /** The dated visit's key, `packageId/patternId/YYYY-MM-DD` escaped (see {@link visitKey}). */
  readonly id: string;
  readonly packageId: string;
  readonly patternId: string;
  /** The recurring visit's key, `packageId/patternId` escaped (see {@link patternKey}). */
  readonly patternKey: string;
  readonly clientId: string;
  /** Local date of the visit. */
  readonly date: string;
  /** Earliest start. */
  readonly windowStart: number;
  /** Latest start inside the window. */
  readonly windowEnd: number;
  /** Minutes past `windowEnd` the visit may still start, at a cost (0 for time-critical). */
  readonly maxLateness: number;
  readonly duration: number;
  readonly carersNeeded: 1 | 2;
  readonly qualifications: readonly string[];
  /**
   * What each carer must hold and how long each stays, one role per carer needed, when the
   * visit states roles; undefined when its carers are alike (see {@link DatedRole}).
   */
  readonly roles?: readonly DatedRole[];
  readonly priority: Priority;
  /** Index into {@link ExpandedProblem.locations}. */
  readonly location: number;
}

/**
 * One stretch of a carer's availability on one date: a shift starts and ends at the carer's
 * home and every minute of it, travel included, lies inside the availability window.
 */
export interface Shift {
  readonly carerId: string;
  /** Local date the shift starts on. */
  readonly date: string;
  /** Minutes from the horizon start. */
  readonly start: number;
  readonly end: number;
}

/** Two dated visits linked by a start gap and done by different carers. */
export interface DatedVisitLink {
  readonly first: string;
  readonly second: string;
  readonly minGap: number;
  readonly maxGap: number;
}

/**
 * One carer after expansion: everything the checker and the solver read per carer, in one
 * record, so that a reader looks the carer up once.
 */
export interface ExpandedCarer {
  readonly carer: Carer;
  /** Index into {@link ExpandedProblem.locations} where shifts start: start location, or home. */
  readonly startPlace: number;
  /** Index into {@link ExpandedProblem.locations} where shifts end: end location, or home. */
  readonly endPlace: number;
  readonly transport: TransportMode;
  /** Shifts in time order (none for a carer with no availability in the horizon). */
  readonly shifts: readonly Shift[];
  /** Preferred working hours as dated intervals (empty when none given). */
  readonly preferredHours: readonly Interval[];
}

/** A problem with its visits, shifts and locations laid out in minutes and indices. */
export interface ExpandedProblem {
  readonly problem: Problem;
  readonly clock: LocalClock;
  /** Every date of the horizon in order. */
  readonly dates: readonly string[];
  /** Minutes from the horizon start to the end of its last day. */
  readonly horizonEnd: number;
  /** Distinct locations; carers' homes and clients share indices when they coincide. */
  readonly locations: readonly Location[];
  readonly carers: ReadonlyMap<string, Carer>;
  /** Each carer's places, transport, shifts and preferred hours (see {@link expandedCarer}). */
  readonly expandedCarers: ReadonlyMap<string, ExpandedCarer>;
  readonly clients: ReadonlyMap<string, Client>;
  readonly visits: readonly Visit[];
  readonly visitsById: ReadonlyMap<string, Visit>;
  /** Linked visit pairs, one per date on which both visits of a package link occur. */
  readonly links: readonly DatedVisitLink[];
}

/**
 * The expanded record of carer `carerId`. Throws when the problem has no such carer: callers
 * pass ids that come from the problem itself (a shift's carer, a checked route's carer), so an
 * unknown one is a bug, not bad input.
 *
 * @example
 * ```ts
 * const expanded = expandProblem(problem);
 * const { startPlace, transport, shifts } = expandedCarer(expanded, 'ann');
 * ```
 */
export function expandedCarer(expanded: ExpandedProblem, carerId: string): ExpandedCarer {
  const record = expanded.expandedCarers.get(carerId);
  if (record === undefined) {
    throw new Error(`unknown carer "${carerId}": not one of the problem's carers`);
  }
  return record;
}

/**
 * Builds the dated view of a validated problem.
 *
 * @example
 * ```ts
 * const expanded = expandProblem(parseProblem(JSON.parse(readFileSync('problem.json', 'utf8'))));
 * for (const visit of expanded.visits.slice(0, 3)) console.log(visit.id, visit.windowStart);
 * ```
 */
export function expandProblem(problem: Problem): ExpandedProblem {
  // LocalClock remembers the instants it resolves, so a week of repeated times is cheap.
  const clock = new LocalClock(problem.timeZone, problem.horizon.start);
  const dates = horizonDates(problem.horizon.start, problem.horizon.end);
  const lastDate = dates.at(-1)?.date ?? problem.horizon.start;
  const horizonEnd = dates.length === 0 ? 0 : clock.toMinutes(lastDate, '24:00');

  const locations: Location[] = [];
  // A place is its coordinates (equal numbers, 0 and -0 alike). Looked up by latitude first,
  // which almost always tells places apart, and by both only for one sharing an earlier place's
  // latitude: writing every pair out as a text key showed at a county's 18k homes and clients.
  const byLatitude = new Map<number, number>();
  const byBoth = new Map<string, number>();
  const add = (location: Location): number => {
    locations.push({ lat: location.lat, lon: location.lon });
    return locations.length - 1;
  };
  const indexOf = (location: Location): number => {
    const first = byLatitude.get(location.lat);
    if (first === undefined) {
      const index = add(location);
      byLatitude.set(location.lat, index);
      return index;
    }
    if (locations[first]!.lon === location.lon) return first;
    const key = `${location.lat},${location.lon}`;
    let index = byBoth.get(key);
    if (index === undefined) byBoth.set(key, (index = add(location)));
    return index;
  };

  const carers = new Map(problem.carers.map((carer) => [carer.id, carer]));
  const clients = new Map(problem.clients.map((client) => [client.id, client]));
  // Every start before every end, then clients: location indices keep this order.
  const startPlaces = problem.carers.map((carer) => indexOf(carer.startLocation ?? carer.home));
  const endPlaces = problem.carers.map((carer) => indexOf(carer.endLocation ?? carer.home));
  const clientLocation = new Map(
    problem.clients.map((client) => [client.id, indexOf(client.location)]),
  );

  const visits = datedVisits(problem, clock, dates, clientLocation);
  let byKey: Map<string, Visit> | undefined;
  const links: DatedVisitLink[] = [];
  for (const carePackage of problem.packages) {
    if (carePackage.links.length === 0 || !clientLocation.has(carePackage.client)) continue;
    const patterns = new Map(carePackage.visits.map((pattern) => [pattern.id, pattern]));
    // A link holds on each date both its visits happen: as the loop above made them.
    const occurs = (id: string, date: string, weekday: Weekday) => {
      const pattern = patterns.get(id);
      return (
        pattern !== undefined && pattern.days.includes(weekday) && patternOccurs(pattern, date)
      );
    };
    for (const link of carePackage.links) {
      for (const { date, weekday } of dates) {
        if (occurs(link.first, date, weekday) && occurs(link.second, date, weekday)) {
          links.push({
            first: visitKey(carePackage.id, link.first, date),
            second: visitKey(carePackage.id, link.second, date),
            minGap: link.minGapMinutes,
            maxGap: link.maxGapMinutes,
          });
        }
      }
    }
  }
  const expandedCarers = new Map(
    problem.carers.map((carer, index): [string, ExpandedCarer] => [
      carer.id,
      {
        carer,
        startPlace: startPlaces[index]!,
        endPlace: endPlaces[index]!,
        transport: carer.transport,
        shifts: expandAvailability(carer, clock, dates),
        preferredHours: datedAvailability(
          carer.id,
          carer.preferences.preferredHours,
          [],
          clock,
          dates,
        ).map(({ start, end }) => ({ start, end })),
      },
    ]),
  );

  return {
    problem,
    clock,
    dates: dates.map((entry) => entry.date),
    horizonEnd,
    locations,
    carers,
    expandedCarers,
    clients,
    visits,
    // Built when first read: a stopped solve's answer and the engine never look a visit up by
    // key, and at 166k visits hashing every key costs a tenth of a second.
    get visitsById() {
      byKey ??= new Map(visits.map((visit) => [visit.id, visit]));
      return byKey;
    },
    links,
  };
}

/**
 * Every dated visit of the problem, in the order the solver and the checker read them: by
 * earliest start, then by key ({@link compareVisits}).
 *
 * Built without sorting the visits themselves (at a county's 166k visits that sort was a fifth
 * of expanding): the patterns are put in key order, each pattern's visits are made date by date,
 * and a stable count by earliest start then leaves the visits of one start in key order. That
 * holds because a key is its pattern's key, `/` and the date, and each escaped pattern key holds
 * exactly one `/`: of two different patterns' `key/`, neither is a prefix of the other, so their
 * visits' keys compare as those do whatever the dates; one pattern's compare by date.
 */
function datedVisits(
  problem: Problem,
  clock: LocalClock,
  dates: readonly { date: string; weekday: Weekday }[],
  clientLocation: ReadonlyMap<string, number>,
): Visit[] {
  const patterns: {
    carePackage: CarePackage;
    pattern: VisitPattern;
    key: string;
    prefix: string;
  }[] = [];
  for (const carePackage of problem.packages) {
    if (!clientLocation.has(carePackage.client)) continue;
    for (const pattern of carePackage.visits) {
      const key = patternKey(carePackage.id, pattern.id);
      patterns.push({ carePackage, pattern, key, prefix: `${key}/` });
    }
  }
  // Stable, so patterns with equal keys (never in a valid problem) keep the problem's order.
  patterns.sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0));
  const weekdayOfDate = dates.map(({ weekday }) => WEEKDAYS.indexOf(weekday));
  const made: Visit[] = [];
  for (const { carePackage, pattern, key, prefix } of patterns) {
    let days = 0;
    for (const day of pattern.days) days |= 1 << WEEKDAYS.indexOf(day);
    const location = clientLocation.get(carePackage.client)!;
    const plain = (pattern.overrides ?? []).length === 0;
    // Without overrides every date has the pattern's own window and length: read them once.
    const from = clockToMinutes(pattern.window.from);
    const to = clockToMinutes(pattern.window.to);
    const maxLateness = pattern.priority === 'time-critical' ? 0 : pattern.maxLatenessMinutes;
    // Most patterns run every week of the horizon and state no roles: nothing to ask per date.
    const bounded =
      pattern.from !== undefined || pattern.until !== undefined || pattern.skipDates !== undefined;
    for (let d = 0; d < dates.length; d++) {
      const date = dates[d]!.date;
      if ((days & (1 << weekdayOfDate[d]!)) === 0) continue;
      if (bounded && !patternOccurs(pattern, date)) continue;
      const dated = plain ? pattern : onDate(pattern, date);
      const roles =
        pattern.roles === undefined
          ? undefined
          : datedRoles(pattern.roles, pattern.qualifications, dated.durationMinutes);
      const windowStart = plain
        ? clock.minuteOfDayToMinutes(date, from)
        : clock.toMinutes(date, dated.window.from);
      const windowEnd = plain
        ? clock.minuteOfDayToMinutes(date, to)
        : clock.toMinutes(date, dated.window.to);
      const id = prefix + date;
      // Two literals rather than a spread of the roles: spreading made each visit a copy.
      made.push(
        roles === undefined
          ? {
              id,
              packageId: carePackage.id,
              patternId: pattern.id,
              patternKey: key,
              clientId: carePackage.client,
              date,
              windowStart,
              windowEnd,
              maxLateness,
              duration: dated.durationMinutes,
              carersNeeded: dated.carersNeeded,
              qualifications: pattern.qualifications,
              priority: pattern.priority,
              location,
            }
          : {
              id,
              packageId: carePackage.id,
              patternId: pattern.id,
              patternKey: key,
              clientId: carePackage.client,
              date,
              windowStart,
              windowEnd,
              maxLateness,
              duration: dated.durationMinutes,
              carersNeeded: dated.carersNeeded,
              qualifications: pattern.qualifications,
              roles,
              priority: pattern.priority,
              location,
            },
      );
    }
  }
  return byEarliestStart(made);
}

/** The order of dated visits: by earliest start, then by key. */
function compareVisits(a: Visit, b: Visit): number {
  return a.windowStart - b.windowStart || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * `visits` (patterns in key order, each pattern's by date) stably counted into order of earliest
 * start, which is then the order of {@link compareVisits}.
 */
function byEarliestStart(visits: readonly Visit[]): Visit[] {
  if (visits.length === 0) return [];
  // The starts read once into a flat array: the passes below then walk it, not 166k objects.
  const starts = new Float64Array(visits.length);
  let lowest = Infinity;
  let highest = -Infinity;
  for (let index = 0; index < visits.length; index++) {
    const start = visits[index]!.windowStart;
    // Starts are whole minutes (the clock rounds them); anything else is sorted the slow way.
    if (!Number.isSafeInteger(start)) return [...visits].sort(compareVisits);
    starts[index] = start;
    if (start < lowest) lowest = start;
    if (start > highest) highest = start;
  }
  // Starts are whole minutes of a horizon of at most a year, so the count is small.
  const counts = new Int32Array(highest - lowest + 2);
  for (let index = 0; index < starts.length; index++) counts[starts[index]! - lowest + 1]!++;
  for (let minute = 1; minute < counts.length; minute++) counts[minute]! += counts[minute - 1]!;
  const sorted = new Array<Visit>(visits.length);
  for (let index = 0; index < starts.length; index++) {
    sorted[counts[starts[index]! - lowest]!++] = visits[index]!;
  }
  return sorted;
}

/** Whether a recurring visit happens on `date`, given its first and last dates and skips. */
function patternOccurs(pattern: VisitPattern, date: string): boolean {
  return (
    (pattern.from === undefined || date >= pattern.from) &&
    (pattern.until === undefined || date <= pattern.until) &&
    !(pattern.skipDates ?? []).includes(date)
  );
}

/** Window, length and team size of a recurring visit on `date`: the last override covering it. */
function onDate(
  pattern: VisitPattern,
  date: string,
): Pick<VisitPattern, 'window' | 'durationMinutes' | 'carersNeeded'> {
  let dated: Pick<VisitPattern, 'window' | 'durationMinutes' | 'carersNeeded'> = pattern;
  for (const override of pattern.overrides ?? []) {
    if (date < override.from || (override.until !== undefined && date > override.until)) continue;
    dated = {
      window: override.window ?? dated.window,
      durationMinutes: override.durationMinutes ?? dated.durationMinutes,
      carersNeeded: override.carersNeeded ?? dated.carersNeeded,
    };
  }
  return dated;
}

/** A stretch of time in minutes from the horizon start, end excluded. */
export interface Interval {
  start: number;
  end: number;
}

/**
 * A carer's dated availability: the weekly windows and extra windows of each date, merged where
 * they touch or overlap, minus every unavailable range.
 *
 * @example
 * ```ts
 * const clock = new LocalClock(problem.timeZone, '2026-03-23');
 * const monday = [{ date: '2026-03-23', weekday: 'mon' }];
 * for (const carer of problem.carers) console.log(carer.id, expandAvailability(carer, clock, monday));
 * ```
 */
export function expandAvailability(
  carer: Carer,
  clock: LocalClock,
  dates: readonly { date: string; weekday: string }[],
): Shift[] {
  return datedAvailability(carer.id, carer.availability, carer.exceptions, clock, dates);
}

/**
 * {@link expandAvailability} of weekly `windows` and `exceptions`, for the carer `carerId`.
 * Each window's times are read once, not once a date, and a date with one window and nothing
 * blocked takes it as it is: merging and subtracting made five arrays a carer-date, which at a
 * county's 4,655 carers showed in the time of a stopped solve's answer.
 */
function datedAvailability(
  carerId: string,
  windows: readonly WeeklyWindow[],
  exceptions: readonly AvailabilityException[],
  clock: LocalClock,
  dates: readonly { date: string; weekday: string }[],
): Shift[] {
  const blocked: Interval[] = [];
  for (const exception of exceptions) {
    if (exception.type === 'unavailable') {
      blocked.push({
        start: clock.localDateTimeToMinutes(exception.from, 'start'),
        end: clock.localDateTimeToMinutes(exception.to, 'end'),
      });
    }
  }
  const from = windows.map((window) => clockToMinutes(window.from));
  const to = windows.map((window) => clockToMinutes(window.to));
  const shifts: Shift[] = [];
  for (const { date, weekday } of dates) {
    const open: Interval[] = [];
    for (let w = 0; w < windows.length; w++) {
      if (windows[w]!.days.includes(weekday as never)) {
        open.push({
          start: clock.minuteOfDayToMinutes(date, from[w]!),
          end: clock.minuteOfDayToMinutes(date, to[w]!),
        });
      }
    }
    for (const exception of exceptions) {
      if (exception.type === 'available' && exception.date === date) {
        open.push({
          start: clock.toMinutes(date, exception.from),
          end: clock.toMinutes(date, exception.to),
        });
      }
    }
    if (open.length === 0) continue;
    if (open.length === 1 && blocked.length === 0) {
      const { start, end } = open[0]!;
      if (end > start) shifts.push({ carerId, date, start, end });
      continue;
    }
    for (const interval of subtract(merge(open), blocked)) {
      if (interval.end > interval.start) shifts.push({ carerId, date, ...interval });
    }
  }
  return shifts;
}

function merge(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged.at(-1);
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else merged.push({ ...interval });
  }
  return merged;
}

function subtract(intervals: Interval[], blocked: readonly Interval[]): Interval[] {
  let remaining = intervals;
  for (const block of blocked) {
    remaining = remaining.flatMap((interval) => {
      if (block.end <= interval.start || block.start >= interval.end) return [interval];
      const pieces: Interval[] = [];
      if (block.start > interval.start) pieces.push({ start: interval.start, end: block.start });
      if (block.end < interval.end) pieces.push({ start: block.end, end: interval.end });
      return pieces;
    });
  }
  return remaining;
}

/**
 * True when the carer holds `qualification` and it has not expired by `date`.
 *
 * @example
 * ```ts
 * for (const carer of problem.carers) {
 *   console.log(carer.id, holdsQualification(carer, 'medication', '2026-10-01'));
 * }
 * ```
 */
export function holdsQualification(carer: Carer, qualification: string, date: string): boolean {
  return carer.qualifications.some(
    (held) => held.name === qualification && (held.expires === undefined || held.expires >= date),
  );
}

/**
 * Monday (`YYYY-MM-DD`) of the ISO week containing `date`: the key of weekly hour limits.
 *
 * @example
 * ```ts
 * weekStartOf('2026-03-26'); // '2026-03-23', the Monday of that week
 * ```
 */
export function weekStartOf(date: string): string {
  let monday = mondayOf.get(date);
  if (monday === undefined) {
    const day = new Date(`${date}T00:00:00Z`);
    const offset = (day.getUTCDay() + 6) % 7;
    monday = new Date(day.getTime() - offset * 86_400_000).toISOString().slice(0, 10);
    if (mondayOf.size >= MONDAYS_KEPT) mondayOf.clear();
    mondayOf.set(date, monday);
  }
  return monday;
}

/**
 * Mondays already worked out, by date: the KPIs, the soft terms and the compiler ask for the
 * few dates of a horizon once per shift or visit, and building a `Date` each time showed in
 * profiles of a county's week.
 */
const mondayOf = new Map<string, string>();
/** Dates kept in {@link mondayOf} before it starts afresh: years of horizons, a bounded map. */
const MONDAYS_KEPT = 4_096;

/** The identity fields a roster entry carries for a dated visit. */
export function visitIdentity(visit: Visit): VisitIdentity {
  return {
    visitKey: visit.id,
    packageId: visit.packageId,
    visitId: visit.patternId,
    date: visit.date,
    clientId: visit.clientId,
  };
}
