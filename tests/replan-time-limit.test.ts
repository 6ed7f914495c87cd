import { describe, expect, it } from 'vitest';
import { checkRoster } from '../src/constraints/check-roster.js';
import { computeKpis } from '../src/constraints/kpis.js';
import { straightLineTravelMatrix } from '../src/geo/straight-line.js';
import { generateCouncil } from '../src/generate/council.js';
import { expandProblem } from '../src/model/expand.js';
import type { Roster } from '../src/model/roster.js';
import type { ProblemInput } from '../src/model/schema.js';
import { parseProblem } from '../src/model/validate.js';
import { solve } from '../src/solver/solve.js';
import { replan } from '../src/solver/replan/replan.js';

/**
 * Copies of a small solved day side by side, each with its own carers, clients and packages
 * (ids suffixed) at the same places: a 5,000-visit day and a valid roster of it, without the
 * half a minute a solve of that size takes.
 */
const COPIES = 32;

/** One copy of `json` (a problem part or a roster part) with every generated id suffixed. */
const copy = (json: string, k: number) =>
  json.replace(/\b(carer|client|pkg)-(\d+)/g, `$1-$2-k${k}`);

function bigDay(): { problem: ProblemInput; previous: Roster } {
  const small = generateCouncil({ seed: 3, clients: 60, days: 1 }) as ProblemInput & {
    carers: unknown[];
    clients: unknown[];
    packages: unknown[];
  };
  const roster = solve(parseProblem(small), { maxIterations: 100 });
  const copies = Array.from({ length: COPIES }, (_, k) => k);
  const parts = (value: unknown) =>
    copies.flatMap((k) => JSON.parse(copy(JSON.stringify(value), k)) as unknown[]);
  const problem = {
    ...small,
    carers: parts(small.carers),
    clients: parts(small.clients),
    packages: parts(small.packages),
  } as ProblemInput;
  const routes = parts(roster.routes) as Roster['routes'];
  const unplaced = parts(roster.unplaced) as Roster['unplaced'];
  const expanded = expandProblem(parseProblem(problem));
  const travel = straightLineTravelMatrix(expanded.locations, expanded.problem.settings.travel, {
    onDemand: true,
  });
  const kpis = computeKpis(expanded, travel, routes, unplaced);
  const previous: Roster = { ...roster, routes, unplaced, kpis };
  return { problem, previous };
}

describe('replan within a tiny time limit', () => {
  it('returns a checker-clean roster of a 5,000-visit day with every visit listed', () => {
    const { problem, previous } = bigDay();
    const expanded = expandProblem(parseProblem(problem));
    expect(expanded.visits.length).toBeGreaterThan(5_000);
    const busiest = [...previous.routes].sort((a, b) => b.stops.length - a.stops.length)[0]!;
    const now = `${busiest.date}T07:00`;
    const sick = {
      type: 'carer-unavailable' as const,
      carerId: busiest.carerId,
      from: now,
      to: `${busiest.date}T23:59`,
    };

    const result = replan(problem, previous, { now, changes: [sick] }, { timeLimitMs: 1 });

    expect(checkRoster(result.problem, result.roster)).toEqual([]);
    expect(result.roster.stats?.stoppedBy).toBe('time-limit');
    // Every visit of the day either on a route or listed unplaced with a reason, once.
    const placed = new Set(
      result.roster.routes.flatMap((route) => route.stops.map((stop) => stop.visitKey)),
    );
    const unplaced = result.roster.unplaced.map((entry) => entry.visitKey);
    expect(unplaced.filter((key) => placed.has(key))).toEqual([]);
    expect(new Set([...placed, ...unplaced]).size).toBe(expanded.visits.length);
    expect(result.roster.unplaced.every((entry) => entry.reasons.length > 0)).toBe(true);
    // The sick carer does nothing from 07:00 on, and the visits taken off them are accounted for.
    const sickStops = result.roster.routes
      .filter((route) => route.carerId === busiest.carerId)
      .flatMap((route) => route.stops)
      .filter((stop) => stop.start.slice(0, 16) >= now);
    expect(sickStops).toEqual([]);
    for (const stop of busiest.stops.filter((s) => s.start.slice(0, 16) >= now)) {
      expect(placed.has(stop.visitKey) || unplaced.includes(stop.visitKey)).toBe(true);
    }
  });
});
