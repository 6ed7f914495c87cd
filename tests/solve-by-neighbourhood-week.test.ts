import { describe, expect, it } from 'vitest';
import { checkRoster } from '../src/constraints/check-roster.js';
import { generateCouncil } from '../src/generate/council.js';
import { allocateCarers } from '../src/geo/allocation.js';
import { buildNeighbourhoods } from '../src/geo/neighbourhoods.js';
import { expandProblem, weekStartOf } from '../src/model/expand.js';
import type { RosterRoute } from '../src/model/roster.js';
import { addDays } from '../src/model/time.js';
import { parseProblem } from '../src/model/validate.js';
import { solveByNeighbourhood } from '../src/solver/parallel/solve-by-neighbourhood.js';

// Saturday to Monday: the horizon crosses an ISO week, so weekly hours are counted in two weeks;
// two days in a row at most, so no carer may work all three days; weekly hours cut to 14 so that
// the limit, not the shifts, decides how much some carers do.
const MAX_DAYS_IN_A_ROW = 2;
const MAX_HOURS_PER_WEEK = 14;
const generated = generateCouncil({
  seed: 4,
  clients: 110,
  days: 3,
  startDate: '2026-03-28',
  rotas: true,
});
const problem = parseProblem({
  ...generated,
  carers: generated.carers.map((carer) => ({
    ...carer,
    contract: {
      ...carer.contract,
      contractedHoursPerWeek: Math.min(
        carer.contract?.contractedHoursPerWeek ?? 0,
        MAX_HOURS_PER_WEEK,
      ),
      maxHoursPerWeek: MAX_HOURS_PER_WEEK,
    },
  })),
  settings: { workingTime: { maxConsecutiveDays: MAX_DAYS_IN_A_ROW } },
});
const neighbourhoods = allocateCarers(
  problem,
  buildNeighbourhoods(problem, { targetPeople: 35, seed: 1 }),
).neighbourhoods;
const options = { seed: 3, maxIterations: 40, neighbourhoods };

const minutes = (iso: string) => Date.parse(iso) / 60_000;
/** Minutes of rounding the arithmetic below may lose (a microsecond). */
const FLOAT_SLACK = 1e-6 / 60;
const leaves = (route: RosterRoute) =>
  minutes(route.stops[0]!.arrival) - route.stops[0]!.travelMinutes;
const back = (route: RosterRoute) => minutes(route.stops.at(-1)!.end) + route.travelBackMinutes;
const work = (route: RosterRoute) =>
  route.stops.reduce(
    (sum, stop) => sum + stop.travelMinutes + minutes(stop.end) - minutes(stop.start),
    route.travelBackMinutes,
  );

function byCarer(routes: readonly RosterRoute[]): Map<string, RosterRoute[]> {
  const result = new Map<string, RosterRoute[]>();
  for (const route of routes) {
    if (route.stops.length === 0) continue;
    result.set(route.carerId, [...(result.get(route.carerId) ?? []), route]);
  }
  return result;
}

describe('solveByNeighbourhood over days', () => {
  it('keeps the weekly rules, accounts for every visit and is the same on 2 threads and on none', async () => {
    const inline = await solveByNeighbourhood(problem, { ...options, threads: 0 });
    const threaded = await solveByNeighbourhood(problem, { ...options, threads: 2 });
    expect(inline.areas.length).toBeGreaterThanOrEqual(3);
    expect(checkRoster(problem, inline)).toEqual([]);
    expect(threaded.routes).toEqual(inline.routes);
    expect(threaded.unplaced).toEqual(inline.unplaced);

    const expanded = expandProblem(problem);
    const placed = new Map<string, number>();
    for (const route of inline.routes) {
      for (const stop of route.stops) {
        placed.set(stop.visitKey, (placed.get(stop.visitKey) ?? 0) + 1);
      }
    }
    const unplaced = new Set(inline.unplaced.map((visit) => visit.visitKey));
    for (const visit of expanded.visits) {
      if (unplaced.has(visit.id)) expect(placed.has(visit.id)).toBe(false);
      else expect(placed.get(visit.id)).toBe(visit.carersNeeded);
    }
    expect(inline.kpis.visitsPlaced).toBeGreaterThan(0.8 * expanded.visits.length);

    // The rules, read off the roster itself rather than through the checker.
    const rest = problem.settings.workingTime.minRestHours * 60;
    let longestRun = 0;
    let fullestWeek = 0;
    for (const [, routes] of byCarer(inline.routes)) {
      const days = [...new Set(routes.map((route) => route.date))].sort();
      let run = 0;
      days.forEach((day, i) => {
        run = i > 0 && addDays(days[i - 1]!, 1) === day ? run + 1 : 1;
        longestRun = Math.max(longestRun, run);
      });
      const ordered = [...routes].sort((a, b) => leaves(a) - leaves(b));
      ordered.forEach((route, i) => {
        const previous = ordered[i - 1];
        if (previous && previous.date !== route.date) {
          // Within a microsecond: minutes from epoch milliseconds minus fractional travel
          // minutes round in the last bits (the checker above holds the rule exactly).
          expect(leaves(route) - back(previous)).toBeGreaterThanOrEqual(rest - FLOAT_SLACK);
        }
      });
      const weeks = new Map<string, number>();
      for (const route of routes) {
        const week = weekStartOf(route.date);
        weeks.set(week, (weeks.get(week) ?? 0) + work(route));
      }
      fullestWeek = Math.max(fullestWeek, ...weeks.values());
    }
    expect(longestRun).toBe(MAX_DAYS_IN_A_ROW);
    expect(fullestWeek).toBeLessThanOrEqual(MAX_HOURS_PER_WEEK * 60);
    // The limit bites: some carer's week comes within an hour of it.
    expect(fullestWeek).toBeGreaterThan((MAX_HOURS_PER_WEEK - 1) * 60);
  });

  it('lets a carer work in two areas across boundaries, keeping the rules', async () => {
    const roster = await solveByNeighbourhood(problem, { ...options, threads: 0 });
    expect(roster.placedAcrossBoundaries).toBeGreaterThan(0);
    const areasOf = new Map<string, Set<string>>();
    for (const route of roster.routes) {
      for (const stop of route.stops) {
        const areas = areasOf.get(route.carerId) ?? new Set<string>();
        areas.add(neighbourhoods.clientArea[stop.clientId]!);
        areasOf.set(route.carerId, areas);
      }
    }
    expect([...areasOf.values()].some((areas) => areas.size >= 2)).toBe(true);
    expect(checkRoster(problem, roster)).toEqual([]);
  });
});
