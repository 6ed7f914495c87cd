/**
 * Rest between days and days in a row, kept by the search itself: hand-made problems whose
 * answer is plain (a late and an early visit a carer cannot both do; a week one carer cannot
 * work every day of).
 */
import { describe, expect, it } from 'vitest';
import { checkRoster } from '../src/constraints/check-roster.js';
import type { ProblemInput } from '../src/model/schema.js';
import { parseProblem } from '../src/model/validate.js';
import { solve } from '../src/solver/solve.js';
import { solveEngine } from '../src/solver/engine/index.js';
import type { EngineInstance } from '../src/solver/engine/instance.js';
import { checkEngineSolution } from './engine-check.js';
import { denseTravel } from '../src/solver/engine/travel-table.js';

const HOME = { lat: 53.8, lon: -1.55 };
const CLIENT = { lat: 53.805, lon: -1.552 };

/** Carers free 06:00-23:30 Monday to Wednesday; one client with the given visits. */
function problem(
  carers: readonly string[],
  visits: { id: string; day: 'mon' | 'tue' | 'wed'; from: string; to: string }[],
  workingTime: { minRestHours: number; maxConsecutiveDays?: number },
): ProblemInput {
  return {
    horizon: { start: '2026-03-23', end: '2026-03-25' },
    timeZone: 'Europe/London',
    settings: { workingTime },
    carers: carers.map((id) => ({
      id,
      home: HOME,
      availability: [{ days: ['mon', 'tue', 'wed'], from: '06:00', to: '23:30' }],
      contract: { contractedHoursPerWeek: 10, maxHoursPerWeek: 40, maxHoursPerDay: 10 },
    })),
    clients: [{ id: 'cara', location: CLIENT }],
    packages: [
      {
        id: 'care',
        client: 'cara',
        visits: visits.map((visit) => ({
          id: visit.id,
          days: [visit.day],
          window: { from: visit.from, to: visit.to },
          durationMinutes: 30,
        })),
      },
    ],
  };
}

const LATE_AND_EARLY = [
  { id: 'bed', day: 'mon' as const, from: '21:30', to: '22:00' },
  { id: 'breakfast', day: 'tue' as const, from: '07:00', to: '07:30' },
];

function solved(input: ProblemInput) {
  const parsed = parseProblem(input);
  const roster = solve(parsed, { seed: 1, maxIterations: 300 });
  expect(checkRoster(parsed, roster)).toEqual([]);
  return roster;
}

describe('rest between days inside the search', () => {
  it('does not give one carer both a late and the next early visit', () => {
    const roster = solved(problem(['ann'], LATE_AND_EARLY, { minRestHours: 11 }));
    expect(roster.routes).toHaveLength(1);
    expect(roster.unplaced).toHaveLength(1);
    expect(roster.unplaced[0]!.reasons.length).toBeGreaterThan(0);
  });

  it('gives the late and the early visit to two carers', () => {
    const roster = solved(problem(['ann', 'bob'], LATE_AND_EARLY, { minRestHours: 11 }));
    expect(roster.unplaced).toEqual([]);
    const carers = roster.routes.map((route) => route.carerId);
    expect(new Set(carers).size).toBe(2);
  });

  it('starts the next day late enough when the window allows it', () => {
    const visits = [
      { id: 'bed', day: 'mon' as const, from: '21:30', to: '22:00' },
      { id: 'lunch', day: 'tue' as const, from: '07:00', to: '12:00' },
    ];
    const roster = solved(problem(['ann'], visits, { minRestHours: 11 }));
    expect(roster.unplaced).toEqual([]);
    const [monday, tuesday] = roster.routes;
    const rest = Date.parse(tuesday!.shiftStart) - Date.parse(monday!.shiftEnd);
    expect(rest).toBeGreaterThanOrEqual(11 * 3_600_000);
  });

  it('keeps a carer to the most days in a row', () => {
    const visits = [
      { id: 'mon', day: 'mon' as const, from: '09:00', to: '10:00' },
      { id: 'tue', day: 'tue' as const, from: '09:00', to: '10:00' },
      { id: 'wed', day: 'wed' as const, from: '09:00', to: '10:00' },
    ];
    const alone = solved(problem(['ann'], visits, { minRestHours: 11, maxConsecutiveDays: 2 }));
    expect(alone.routes).toHaveLength(2);
    expect(alone.unplaced).toHaveLength(1);
    const two = solved(
      problem(['ann', 'bob'], visits, { minRestHours: 11, maxConsecutiveDays: 2 }),
    );
    expect(two.unplaced).toEqual([]);
  });
});

describe('the engine on two days of one worker', () => {
  // One depot, a client 10 minutes away; the worker's days are 00:00-24:00 on days 0 and 1.
  const travel = Float64Array.from([0, 10, 10, 0]);
  const instance = (minRest: number, earlyLatest: number): EngineInstance => ({
    nLocations: 2,
    travelTime: [denseTravel(travel)],
    travelCost: [denseTravel(travel)],
    nTasks: 2,
    taskLocation: Int32Array.from([1, 1]),
    taskService: Float64Array.from([30, 30]),
    // A bed visit at 21:30 on day 0, a breakfast visit from 07:00 on day 1.
    taskEarliest: Float64Array.from([1290, 1860]),
    taskLatest: Float64Array.from([1290, earlyLatest]),
    taskDemand: new Float64Array(2),
    taskUnplacedPenalty: Float64Array.from([10_000, 10_000]),
    nRoutes: 2,
    routeProfile: new Int32Array(2),
    routeStartLocation: new Int32Array(2),
    routeEndLocation: new Int32Array(2),
    routeEarliestStart: Float64Array.from([0, 1440]),
    routeLatestEnd: Float64Array.from([1440, 2880]),
    routeCapacity: new Float64Array(2).fill(Number.POSITIVE_INFINITY),
    routeWorker: new Int32Array(2),
    nWorkers: 1,
    routeDay: Int32Array.from([0, 1]),
    minRest,
    allowed: Uint32Array.from([0b01, 0b10]),
    routeWords: 1,
    nLimits: 0,
    limitMax: new Float64Array(0),
    limitStart: new Int32Array(1),
    limitRoutes: new Int32Array(0),
    links: [],
    assignmentCost: null,
  });

  it('places only one of a late and an early task 11 hours of rest apart', () => {
    const inst = instance(660, 1890);
    const sol = solveEngine(inst, { seed: 1, maxIterations: 50 });
    expect(checkEngineSolution(inst, sol)).toEqual([]);
    expect(sol.fallbacks).toBe(0);
    expect(sol.unplaced).toHaveLength(1);
  });

  it('places both when the early task may wait for the rest to end', () => {
    const inst = instance(660, 2100);
    const sol = solveEngine(inst, { seed: 1, maxIterations: 50 });
    expect(checkEngineSolution(inst, sol)).toEqual([]);
    expect(sol.unplaced).toEqual([]);
    // Back at 22:10 on day 0: leaves at 09:10 on day 1, starts at 09:20.
    expect(sol.routeDeparture[1]).toBe(1440 + 550);
    expect(sol.taskStart[1]).toBe(1440 + 560);
  });
});
