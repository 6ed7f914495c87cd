/**
 * Rounds that settle the rules across a carer's days after a search: the daily rest (e.g. 11
 * hours between the end of one working day and the start of the next) and the most working days
 * in a row. Solve, find what breaks them, narrow the shifts so that it cannot happen again (split
 * the night between two shifts at the boundary the solution chose; close the lightest day of a
 * run that is too long), and solve again. Each round settles at least one night or day for good,
 * so the rounds end; a last round narrows every night and run still at risk.
 *
 * The engine now keeps both rules move by move (`engine/days.ts`), so `solve` no longer runs
 * these rounds; the replan still calls them as a last guard, which finds nothing to narrow.
 */
import type { ExpandedProblem } from '../model/expand.js';
import { expandedCarer } from '../model/expand.js';
import { daysBetween } from '../model/time.js';
import type { TravelMatrix } from '../geo/travel-matrix.js';
import type { EngineInstance, EngineSolution } from './engine/instance.js';
import type { CompiledProblem } from './compile.js';

/** Two shifts of one carer on consecutive days whose windows leave less than the rest. */
export interface RestPair {
  readonly earlier: number;
  readonly later: number;
}

/** Shift pairs of each carer that could break the rest rule, given their windows. */
export function restPairsAtRisk(expanded: ExpandedProblem, compiled: CompiledProblem): RestPair[] {
  const rest = expanded.problem.settings.workingTime.minRestHours * 60;
  if (rest <= 0) return [];
  const byCarer = new Map<string, number[]>();
  compiled.routeShift.forEach((shift, r) => {
    byCarer.set(shift.carerId, [...(byCarer.get(shift.carerId) ?? []), r]);
  });
  const pairs: RestPair[] = [];
  for (const routes of byCarer.values()) {
    for (const earlier of routes) {
      for (const later of routes) {
        const a = compiled.routeShift[earlier];
        const b = compiled.routeShift[later];
        if (!a || !b || daysBetween(a.date, b.date) !== 1) continue;
        if (b.start - a.end < rest) pairs.push({ earlier, later });
      }
    }
  }
  return pairs;
}

/** When each used route leaves its start and reaches its end, as the roster will show them. */
export function routeSpans(
  expanded: ExpandedProblem,
  travel: TravelMatrix,
  compiled: CompiledProblem,
  solution: EngineSolution,
): { start: number; end: number }[] {
  return solution.routes.map((tasks, r) => {
    const shift = compiled.routeShift[r];
    const first = tasks[0];
    const last = tasks.at(-1);
    if (!shift || first === undefined || last === undefined) return { start: NaN, end: NaN };
    const {
      startPlace: from,
      endPlace: to,
      transport: mode,
    } = expandedCarer(expanded, shift.carerId);
    const firstVisit = compiled.taskVisit[first];
    const lastVisit = compiled.taskVisit[last];
    if (!firstVisit || !lastVisit) return { start: NaN, end: NaN };
    return {
      start: solution.taskStart[first]! - travel.minutes(from, firstVisit.location, mode),
      end:
        solution.taskStart[last]! +
        lastVisit.duration +
        travel.minutes(lastVisit.location, to, mode),
    };
  });
}

/** The pairs the solution breaks: both shifts worked with too little rest between them. */
export function brokenRestPairs(
  pairs: readonly RestPair[],
  spans: readonly { start: number; end: number }[],
  rest: number,
): RestPair[] {
  return pairs.filter(({ earlier, later }) => {
    const a = spans[earlier];
    const b = spans[later];
    return a && b && !Number.isNaN(a.end) && !Number.isNaN(b.start) && b.start - a.end < rest;
  });
}

/**
 * Where to split the night of a broken pair: keep whichever of the two shifts loses fewer visit
 * minutes whole, and move the other's visits that no longer fit.
 */
export function restBoundary(
  compiled: CompiledProblem,
  solution: EngineSolution,
  { earlier, later }: RestPair,
  spans: readonly { start: number; end: number }[],
  rest: number,
): number {
  const a = spans[earlier]!;
  const b = spans[later]!;
  const minutesOf = (route: number, keep: (start: number, end: number) => boolean) =>
    (solution.routes[route] ?? []).reduce((sum, task) => {
      const start = solution.taskStart[task]!;
      const end = start + (compiled.taskVisit[task]?.duration ?? 0);
      return keep(start, end) ? sum : sum + (end - start);
    }, 0);
  // Keeping the earlier shift pushes the later one's start to a.end + rest, and vice versa.
  const lostByLater = minutesOf(later, (start) => start >= a.end + rest);
  const lostByEarlier = minutesOf(earlier, (_, end) => end <= b.start - rest);
  return lostByLater <= lostByEarlier ? a.end : b.start - rest;
}

/**
 * A copy of the instance with each pair's night split: the earlier shift ends by `boundary`
 * and the later starts `rest` after it. Without a solution's boundary, the shortfall is split
 * evenly between the two shifts.
 */
export function splitNights(
  instance: EngineInstance,
  pairs: readonly RestPair[],
  rest: number,
  boundaries?: readonly number[],
): EngineInstance {
  const earliest = Float64Array.from(instance.routeEarliestStart);
  const latest = Float64Array.from(instance.routeLatestEnd);
  pairs.forEach(({ earlier, later }, index) => {
    const end = latest[earlier]!;
    const start = earliest[later]!;
    const shortfall = rest - (start - end);
    if (shortfall <= 0) return;
    const boundary = boundaries?.[index] ?? Math.floor(end - shortfall / 2);
    latest[earlier] = Math.min(end, boundary);
    earliest[later] = Math.max(start, boundary + rest);
  });
  return { ...instance, routeEarliestStart: earliest, routeLatestEnd: latest };
}

/** A carer's shifts grouped by date, in date order. */
export function shiftsByCarerDay(compiled: CompiledProblem): Map<string, Map<string, number[]>> {
  const byCarer = new Map<string, Map<string, number[]>>();
  compiled.routeShift.forEach((shift, r) => {
    const days = byCarer.get(shift.carerId) ?? new Map<string, number[]>();
    days.set(shift.date, [...(days.get(shift.date) ?? []), r]);
    byCarer.set(shift.carerId, days);
  });
  for (const [carerId, days] of byCarer) {
    byCarer.set(carerId, new Map([...days].sort(([a], [b]) => (a < b ? -1 : 1))));
  }
  return byCarer;
}

/** Runs of consecutive dates, longest first within the order given. */
function runsOf(dates: readonly string[]): string[][] {
  const runs: string[][] = [];
  for (const date of dates) {
    const run = runs.at(-1);
    const last = run?.at(-1);
    if (run && last !== undefined && daysBetween(last, date) === 1) run.push(date);
    else runs.push([date]);
  }
  return runs;
}

/**
 * Shifts to close so that no run of worked days is longer than `maxDays`: for each run that is,
 * the shifts of its lightest day (fewest minutes of visits).
 */
export function daysToClose(
  compiled: CompiledProblem,
  solution: EngineSolution,
  maxDays: number,
): number[] {
  const close: number[] = [];
  for (const days of shiftsByCarerDay(compiled).values()) {
    const minutes = new Map<string, number>();
    for (const [date, routes] of days) {
      let total = 0;
      for (const r of routes) {
        for (const task of solution.routes[r] ?? [])
          total += compiled.taskVisit[task]?.duration ?? 0;
      }
      if (total > 0) minutes.set(date, total);
    }
    for (const run of runsOf([...minutes.keys()])) {
      if (run.length <= maxDays) continue;
      const lightest = [...run].sort((a, b) => (minutes.get(a) ?? 0) - (minutes.get(b) ?? 0))[0];
      if (lightest !== undefined) close.push(...(days.get(lightest) ?? []));
    }
  }
  return close;
}

/**
 * Shifts to close so that no carer can ever work more than `maxDays` days in a row: every
 * (maxDays + 1)-th day of each run of days with availability.
 */
export function daysToCloseAlways(compiled: CompiledProblem, maxDays: number): number[] {
  const close: number[] = [];
  for (const days of shiftsByCarerDay(compiled).values()) {
    for (const run of runsOf([...days.keys()])) {
      run.forEach((date, index) => {
        if ((index + 1) % (maxDays + 1) === 0) close.push(...(days.get(date) ?? []));
      });
    }
  }
  return close;
}

/** A copy of the instance with `routes` closed: no visit fits in them. */
export function closeShifts(instance: EngineInstance, routes: readonly number[]): EngineInstance {
  if (routes.length === 0) return instance;
  const latest = Float64Array.from(instance.routeLatestEnd);
  for (const r of routes) latest[r] = instance.routeEarliestStart[r]!;
  return { ...instance, routeLatestEnd: latest };
}

/**
 * The rounds that settle the rules across days after a search: while `solution` breaks a night's
 * rest or a run of days, narrow the instance so that the next search cannot break it again
 * (rounds up to `maxRounds` only the nights and runs broken, at the boundary the solution drew,
 * so the stops that already respect them stay; the round after every night and run at risk, so
 * that it cannot break any and the rounds end), and search again with `resolve`.
 *
 * @example
 * const settled = settleAcrossDays(expanded, travel, compiled, atRisk, instance, solution, 3,
 *   (narrowed, current) => solveEngine(narrowed, { initial: current, maxIterations: 500 }));
 */
export function settleAcrossDays(
  expanded: ExpandedProblem,
  travel: TravelMatrix,
  compiled: CompiledProblem,
  atRisk: readonly RestPair[],
  start: { readonly instance: EngineInstance; readonly solution: EngineSolution },
  maxRounds: number,
  resolve: (instance: EngineInstance, solution: EngineSolution, round: number) => EngineSolution,
): { instance: EngineInstance; solution: EngineSolution } {
  const { minRestHours, maxConsecutiveDays } = expanded.problem.settings.workingTime;
  const rest = minRestHours * 60;
  let { instance, solution } = start;
  for (let round = 1; round <= maxRounds + 1; round++) {
    const spans = routeSpans(expanded, travel, compiled, solution);
    const broken = brokenRestPairs(atRisk, spans, rest);
    const close =
      maxConsecutiveDays === undefined ? [] : daysToClose(compiled, solution, maxConsecutiveDays);
    if (broken.length === 0 && close.length === 0) break;
    if (round <= maxRounds) {
      const boundaries = broken.map((pair) => restBoundary(compiled, solution, pair, spans, rest));
      instance = closeShifts(splitNights(instance, broken, rest, boundaries), close);
    } else {
      instance = splitNights(instance, atRisk, rest);
      if (maxConsecutiveDays !== undefined) {
        instance = closeShifts(instance, daysToCloseAlways(compiled, maxConsecutiveDays));
      }
    }
    solution = resolve(instance, solution, round);
  }
  return { instance, solution };
}
