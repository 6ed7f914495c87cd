import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { construct } from '../src/solver/engine/construct.js';
import { toEngineSolution } from '../src/solver/engine/export.js';
import type { EngineInstance, EngineSoftTerms } from '../src/solver/engine/instance.js';
import { Problem } from '../src/solver/engine/problem.js';
import { ScheduleWalk } from '../src/solver/engine/schedule.js';
import { Solution } from '../src/solver/engine/solution.js';
import { recomputedCost } from '../src/solver/engine/checks.js';
import { buildInstance, checkEngineSolution, objectiveOf, randomSpec } from './engine-check.js';
import { noPreferredHours } from './support/engine-parts.js';
import { denseTravel } from '../src/solver/engine/travel-table.js';

/** Lateness after a due time (2 per minute) and idle time beyond 10 minutes (1 per minute). */
function softTerms(due: number[]): EngineSoftTerms {
  return {
    taskDue: Float64Array.from(due),
    taskLatenessCost: new Float64Array(due.length).fill(2),
    gapThreshold: 10,
    gapCost: 1,
    ...noPreferredHours(1),
    nTargets: 0,
    targetStart: new Int32Array(1),
    targetRoutes: new Int32Array(0),
    targetMeasure: new Uint8Array(0),
    targetValue: new Float64Array(0),
    targetUnderCost: new Float64Array(0),
    targetOverCost: new Float64Array(0),
    nContinuity: 0,
    taskContinuityStart: new Int32Array(due.length + 1),
    taskContinuity: new Int32Array(0),
    continuityAllowance: new Float64Array(0),
    continuityCost: new Float64Array(0),
  };
}

/**
 * Office at location 0, three clients at 1, 2, 3 on a line 10 minutes apart; 20 minutes of care
 * each. Task 0 opens at 500, task 1 at 600 (due 600), task 2 at 0 (due 640).
 */
function line(): EngineInstance {
  const nl = 4;
  const matrix = new Float64Array(nl * nl);
  for (let i = 0; i < nl; i++)
    for (let j = 0; j < nl; j++) matrix[i * nl + j] = 10 * Math.abs(i - j);
  return {
    nLocations: nl,
    travelTime: [denseTravel(matrix)],
    travelCost: [denseTravel(matrix)],
    nTasks: 3,
    taskLocation: Int32Array.of(1, 2, 3),
    taskService: Float64Array.of(20, 20, 20),
    taskEarliest: Float64Array.of(500, 600, 0),
    taskLatest: Float64Array.of(1000, 1000, 1000),
    taskDemand: new Float64Array(3),
    taskUnplacedPenalty: new Float64Array(3).fill(1e6),
    nRoutes: 1,
    routeProfile: new Int32Array(1),
    routeStartLocation: Int32Array.of(0),
    routeEndLocation: Int32Array.of(0),
    routeEarliestStart: Float64Array.of(480),
    routeLatestEnd: Float64Array.of(1200),
    routeCapacity: Float64Array.of(Number.POSITIVE_INFINITY),
    routeWorker: new Int32Array(1),
    nWorkers: 1,
    allowed: new Uint32Array(3).fill(1),
    routeWords: 1,
    nLimits: 0,
    limitMax: new Float64Array(0),
    limitStart: new Int32Array(1),
    limitRoutes: new Int32Array(0),
    links: [],
    assignmentCost: null,
    soft: softTerms([1000, 600, 640]),
  };
}

describe('the earliest schedule walk', () => {
  it('starts each stop on arrival or at its opening and prices it, worked by hand', () => {
    const inst = line();
    const walk = new ScheduleWalk()
      .onRoute(inst, inst.soft!, inst.travelTime[0]!, 0)
      .from(0, 480, true, 0);
    // Leaves at 480, arrives 490, waits for 500: the first stop's wait is free (leave later).
    expect(walk.visit(0, 500)).toBe(500);
    expect(walk.cost).toBe(0);
    expect(walk.clock).toBe(520);
    // Arrives 530, waits 70 for 600: 60 minutes beyond the 10 free cost 60; on time.
    expect(walk.visit(1, 600)).toBe(600);
    expect(walk.cost).toBe(60);
    // Arrives 630 and starts at once, 0 idle, due 640: not late.
    expect(walk.visit(2, 0)).toBe(630);
    expect(walk.cost).toBe(60);
    // From location 2 at 620 with 7 already summed, and a narrower opening (655, as while a
    // linked partner's time is chosen): arrives 630, waits 25 (15 beyond the free 10 cost 15),
    // starts 15 minutes after the 640 due time at 2 each (30).
    const again = new ScheduleWalk()
      .onRoute(inst, inst.soft!, inst.travelTime[0]!, 0)
      .from(2, 620, false, 7);
    expect(again.visit(2, 655)).toBe(655);
    expect(again.cost).toBe(7 + 15 + 30);
    expect(again.at).toBe(3);
    expect(again.clock).toBe(675);
  });

  it('walks times alone without soft terms', () => {
    const inst = line();
    const walk = new ScheduleWalk()
      .onRoute(inst, null, inst.travelTime[0]!, 0)
      .from(0, 480, true, 0);
    expect([walk.visit(0, 500), walk.visit(1, 600), walk.visit(2, 0)]).toEqual([500, 600, 630]);
    expect(walk.cost).toBe(0);
  });

  it('gives the route caches the schedule of a plain simulation, and the export no earlier', () => {
    fc.assert(
      fc.property(
        randomSpec.filter((spec) => spec.soft !== null),
        (spec) => {
          const inst = buildInstance(spec);
          const sol = new Solution(new Problem(inst));
          construct(sol);
          const exported = toEngineSolution(inst, sol.snapshot());
          // Day by day: a route leaves no earlier than the rest after its worker's earlier days.
          const day = (r: number) => inst.routeDay?.[r] ?? 0;
          const rest = inst.routeDay ? (inst.minRest ?? 0) : 0;
          const back = new Map<number, number>();
          const order = sol.routes.map((_, r) => r).sort((a, b) => day(a) - day(b) || a - b);
          for (const r of order) {
            const route = sol.routes[r]!;
            const time = inst.travelTime[inst.routeProfile[r]!]!;
            let at = inst.routeStartLocation[r]!;
            let clock = inst.routeEarliestStart[r]!;
            for (const [a, end] of back) {
              const sameWorker = inst.routeWorker[a] === inst.routeWorker[r];
              if (rest > 0 && sameWorker && day(a) < day(r)) clock = Math.max(clock, end + rest);
            }
            route.tasks.forEach((t, k) => {
              const arrival = clock + time.at(at, inst.taskLocation[t]!);
              const start = Math.max(arrival, sol.effE[t]!);
              // Later only to cut a priced wait, and never for the last stop or a pinned one.
              if (inst.soft!.gapCost > 0 && k < route.tasks.length - 1) {
                expect(exported.taskStart[t]).toBeGreaterThanOrEqual(start);
              } else {
                expect(exported.taskStart[t]).toBe(start);
              }
              if (sol.effE[t] === sol.effL[t]) expect(exported.taskStart[t]).toBe(start);
              if (sol.p.schedule) expect(route.sStart[k + 1]).toBe(start);
              clock = start + inst.taskService[t]!;
              at = inst.taskLocation[t]!;
            });
            // The last stop never moves, so the return (and the rest after it) is the earliest.
            if (route.tasks.length > 0) {
              back.set(r, clock + time.at(at, inst.routeEndLocation[r]!));
            }
          }
          expect(checkEngineSolution(inst, exported)).toEqual([]);
          expect(objectiveOf(inst, exported)).toBeCloseTo(exported.cost, 6);
          expect(exported.cost).toBeLessThanOrEqual(recomputedCost(sol) + 1e-6);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('start times chosen on export', () => {
  /** The line's three stops in order on its one route, task 0 pinned at `pin` if given. */
  function placed(inst: EngineInstance, pin?: number) {
    const sol = new Solution(new Problem(inst));
    sol.insert(0, 0, 0, pin);
    sol.insert(1, 0, 1);
    sol.insert(2, 0, 2);
    return { sol, exported: toEngineSolution(inst, sol.snapshot()) };
  }

  it('start an early visit later to close the unpaid gap after it, worked by hand', () => {
    // Earliest: 500, 600 (after 70 idle, 60 beyond the free 10), 630. Task 0 may start up to
    // 570 and still reach task 1 by 600: the carer leaves at 560 and never waits.
    const { sol, exported } = placed(line());
    expect(sol.cost).toBe(60 + 60);
    expect(Array.from(exported.taskStart)).toEqual([570, 600, 630]);
    expect(exported.routeDeparture[0]).toBe(560);
    expect(exported.softCost).toBe(0);
    expect(exported.cost).toBe(60);
  });

  it('keep the earliest schedule without a priced gap, and a pinned start where it is', () => {
    const free = line();
    const unpriced = { ...free, soft: { ...free.soft!, gapCost: 0 } };
    expect(Array.from(placed(unpriced).exported.taskStart)).toEqual([500, 600, 630]);
    expect(Array.from(placed(line(), 500).exported.taskStart)).toEqual([500, 600, 630]);
  });

  it('never make a visit late: a due time caps the move', () => {
    const inst = line();
    const soft = { ...inst.soft!, taskDue: Float64Array.of(540, 600, 640) };
    const { exported } = placed({ ...inst, soft });
    // Task 0 may move 40 minutes (to its due time, 540): 30 minutes of idle stay, 20 priced.
    expect(Array.from(exported.taskStart)).toEqual([540, 600, 630]);
    expect(exported.softCost).toBe(20);
  });

  it('keep a wait long enough for the break a long route needs', () => {
    const inst = { ...line(), breakRule: { work: 60, idle: 45 } };
    const { exported } = placed(inst);
    // The route works 60 + 60 travel: it needs a 45-minute wait, so 25 of the 70 may close.
    expect(Array.from(exported.taskStart)).toEqual([525, 600, 630]);
  });
});
