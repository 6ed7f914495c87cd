import { describe, expect, it } from 'vitest';
import { checkRoster } from '../src/constraints/check-roster.js';
import { generateCouncil } from '../src/generate/council.js';
import { expandProblem } from '../src/model/expand.js';
import type { Roster } from '../src/model/roster.js';
import type { Problem } from '../src/model/schema.js';
import { parseProblem } from '../src/model/validate.js';
import type { SolvePhase, SolveProgress } from '../src/solver/solve.js';
import { solve, solveExpanded } from '../src/solver/solve.js';
import { CompileStopped, compileProblem } from '../src/solver/compile.js';
import { scoreSolution } from '../src/solver/score.js';
import { straightLineTravelMatrix } from '../src/geo/straight-line.js';
import { NOT_REACHED_RULE } from '../src/constraints/eligibility.js';

const PHASES: readonly SolvePhase[] = ['construct', 'pack', 'weigh', 'finish'];

/** Checker-clean, and every visit placed with all its carers or listed unplaced with reasons. */
function expectComplete(problem: Problem, roster: Roster): void {
  expect(checkRoster(problem, roster)).toEqual([]);
  const carers = new Map<string, number>();
  for (const route of roster.routes) {
    for (const stop of route.stops) carers.set(stop.visitKey, (carers.get(stop.visitKey) ?? 0) + 1);
  }
  const unplaced = new Map(roster.unplaced.map((visit) => [visit.visitKey, visit]));
  for (const visit of expandProblem(problem).visits) {
    const placed = carers.get(visit.id) ?? 0;
    if (placed > 0) expect(placed).toBe(visit.carersNeeded);
    else expect(unplaced.get(visit.id)?.reasons.length).toBeGreaterThan(0);
  }
}

/** A signal that reports aborted from its `reads`-th look on: a deterministic stop mid-solve. */
function abortAfterReads(reads: number): AbortSignal {
  let seen = 0;
  return {
    get aborted() {
      seen++;
      return seen > reads;
    },
  } as AbortSignal;
}

describe('solve within its budget', () => {
  const problem = parseProblem(generateCouncil({ seed: 3, clients: 40, days: 2 }));

  it('stopped during construction keeps what was built and lists the rest as not reached', () => {
    const roster = solve(problem, { seed: 1, signal: abortAfterReads(20) });
    expectComplete(problem, roster);
    const notReached = roster.unplaced.filter((visit) =>
      visit.reasons.some((reason) => reason.rule === NOT_REACHED_RULE),
    );
    expect(roster.kpis.visitsPlaced).toBeGreaterThan(0);
    expect(notReached.length).toBeGreaterThan(0);
    for (const visit of notReached) expect(visit.reasons[0]?.message).toMatch(/before it tried/);
    expect(roster.stats?.stoppedBy).toBe('aborted');
  });

  it('with a time limit far too short still returns a checker-clean, complete roster', () => {
    const larger = parseProblem(generateCouncil({ seed: 4, clients: 120, days: 7 }));
    const roster = solve(larger, { seed: 1, timeLimitMs: 1 });
    expectComplete(larger, roster);
    expect(roster.stats?.stoppedBy).toBe('time-limit');
  });

  it('spends an iteration budget whole, across every round, and reports one monotone series', () => {
    const series: SolveProgress[] = [];
    const roster = solve(problem, {
      seed: 2,
      maxIterations: 300,
      onProgress: (progress) => series.push(progress),
    });
    expectComplete(problem, roster);
    expect(roster.stats?.iterations).toBe(300);
    expect(series.length).toBeGreaterThan(2);
    expect(series[0]?.phase).toBe('construct');
    for (let i = 1; i < series.length; i++) {
      const [before, after] = [series[i - 1]!, series[i]!];
      expect(after.iteration).toBeGreaterThanOrEqual(before.iteration);
      expect(after.elapsedMs).toBeGreaterThanOrEqual(before.elapsedMs);
      expect(after.bestCost).toBeLessThanOrEqual(before.bestCost);
      expect(PHASES.indexOf(after.phase)).toBeGreaterThanOrEqual(PHASES.indexOf(before.phase));
    }
    expect(series.at(-1)?.iteration).toBe(300);
    expect(JSON.parse(JSON.stringify(series))).toEqual(series);
  });

  it('never runs more iterations than the budget when a time limit stops it first', () => {
    const roster = solve(problem, { seed: 2, maxIterations: 1_000_000, timeLimitMs: 300 });
    expectComplete(problem, roster);
    expect(roster.stats?.iterations).toBeLessThanOrEqual(1_000_000);
    expect(roster.stats?.stoppedBy).toBe('time-limit');
  });
});

describe('a time limit that runs out before the search', () => {
  const problem = parseProblem(generateCouncil({ seed: 5, clients: 30, days: 2 }));
  const expanded = expandProblem(problem);
  const travel = straightLineTravelMatrix(expanded.locations, problem.settings.travel);

  it('spent while reading and expanding: every visit unplaced as not reached, scored alike', () => {
    const series: SolveProgress[] = [];
    const roster = solveExpanded(
      expanded,
      travel,
      { timeLimitMs: 1_000, onProgress: (progress) => series.push(progress) },
      Date.now() - 5_000,
    );
    expectComplete(problem, roster);
    expect(roster.routes).toEqual([]);
    expect(roster.unplaced).toHaveLength(expanded.visits.length);
    for (const visit of roster.unplaced) {
      expect(visit.reasons.map((reason) => reason.rule)).toEqual([NOT_REACHED_RULE]);
    }
    expect(roster.stats?.stoppedBy).toBe('time-limit');
    expect(series).toHaveLength(1);
    expect(series[0]).toMatchObject({ iteration: 0, phase: 'construct' });
    expect(series[0]?.bestCost).toBe(roster.stats?.cost);
    // The same cost as the solver's own scoring of the empty solution.
    const compiled = compileProblem(expanded, travel);
    const { nTasks, nRoutes } = compiled.instance;
    const nothing = {
      routes: Array.from({ length: nRoutes }, () => []),
      taskStart: new Float64Array(nTasks).fill(Number.NaN),
      routeDeparture: new Float64Array(nRoutes).fill(Number.NaN),
      unplaced: Array.from({ length: nTasks }, (_, t) => t),
      cost: 0,
      travelCost: 0,
      softCost: 0,
    };
    expect(roster.stats?.cost).toBeCloseTo(
      scoreSolution(expanded, travel, compiled, nothing).total,
    );
  });

  it('compiling stops at its deadline, and a deadline not reached changes nothing', () => {
    expect(() => compileProblem(expanded, travel, {}, Date.now() - 1)).toThrow(CompileStopped);
    const plain = compileProblem(expanded, travel);
    const timed = compileProblem(expanded, travel, {}, Date.now() + 60_000);
    expect(timed.instance).toEqual(plain.instance);
  });
});
