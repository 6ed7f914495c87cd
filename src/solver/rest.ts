/**
 * The daily rest rule (e.g. 11 hours between the end of one working day and the start of the
 * next) couples a carer's shifts on consecutive days, which a route-by-route search cannot see.
 * The solver handles it in rounds: solve, find pairs of shifts that break the rule, split the
 * night between them at the boundary the solution chose (the earlier shift may end no later, the
 * later one start no earlier than the rest after it), and solve again. A pair once split can
 * never break the rule again, so the rounds end; a last round splits every pair still at risk.
 */
import type { ExpandedProblem } from '../model/expand.js';
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
    const mode = expanded.carerTransport.get(shift.carerId) ?? 'car';
    const firstVisit = compiled.taskVisit[first];
    const lastVisit = compiled.taskVisit[last];
    if (!firstVisit || !lastVisit) return { start: NaN, end: NaN };
    const from = expanded.carerStart.get(shift.carerId) as number;
    const to = expanded.carerEnd.get(shift.carerId) as number;
    return {
      start:
        (solution.taskStart[first] as number) - travel.minutes(from, firstVisit.location, mode),
      end:
        (solution.taskStart[last] as number) +
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
  const a = spans[earlier] as { end: number };
  const b = spans[later] as { start: number };
  const minutesOf = (route: number, keep: (start: number, end: number) => boolean) =>
    (solution.routes[route] ?? []).reduce((sum, task) => {
      const start = solution.taskStart[task] as number;
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
    const end = latest[earlier] as number;
    const start = earliest[later] as number;
    const shortfall = rest - (start - end);
    if (shortfall <= 0) return;
    const boundary = boundaries?.[index] ?? Math.floor(end - shortfall / 2);
    latest[earlier] = Math.min(end, boundary);
    earliest[later] = Math.max(start, boundary + rest);
  });
  return { ...instance, routeEarliestStart: earliest, routeLatestEnd: latest };
}
