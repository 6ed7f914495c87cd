/**
 * Breaks the search places: a shift whose work exceeds `breakAfterHours` may go on past it with a
 * break of `breakMinutes` inside the break window, declared on the route (`route.break`), instead
 * of being cut at the threshold.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRoster } from '../src/constraints/check-roster.js';
import { explainRoster } from '../src/constraints/explain.js';
import { generateCouncil } from '../src/generate/council.js';
import type { Location, ProblemInput } from '../src/model/schema.js';
import { parseProblem } from '../src/model/validate.js';
import { BreakPlan } from '../src/solver/engine/break-plan.js';
import type { EngineInstance } from '../src/solver/engine/instance.js';
import { solve } from '../src/solver/solve.js';
import { buildInstance, randomSpec } from './engine-check.js';

type Json = Record<string, unknown>;

const at = (k: number): Location => ({ lat: 53.8 + k / 100, lon: -1.55 });
const minutesOf = (iso: string) => {
  const [hh, mm] = iso.slice(11, 16).split(':').map(Number);
  return hh! * 60 + mm!;
};

/**
 * Ann works 08:00-17:00 on Monday (nine hours); `visits` visits of 50 minutes each, at clients
 * on two streets, may start any time from 08:00 to 16:00. Eight of them are 400 minutes of care
 * and more with the travel, past the six hours after which a 20-minute break is owed; without
 * one, seven would already be too many.
 */
function longDay(visits: number): ProblemInput {
  const clients: Json[] = [];
  const packages: Json[] = [];
  for (let i = 0; i < visits; i++) {
    clients.push({ id: `c${i}`, location: at(1 + (i % 2)) });
    packages.push({
      id: `p${i}`,
      client: `c${i}`,
      visits: [
        { id: 'v', days: ['mon'], window: { from: '08:00', to: '16:00' }, durationMinutes: 50 },
      ],
    });
  }
  return {
    horizon: { start: '2026-03-23', end: '2026-03-23' },
    timeZone: 'Europe/London',
    carers: [
      { id: 'ann', home: at(0), availability: [{ days: ['mon'], from: '08:00', to: '17:00' }] },
    ],
    clients,
    packages,
    settings: { workingTime: { placeBreaks: true } },
  } as ProblemInput;
}

/**
 * Route 0 of `inst` over `tasks`, leaving at `leave`, with a break of `idle` on the arc after
 * its `k`-th stop, walked stop by stop: its return, or NaN when a window, the break window
 * `[from, to]` or the route's latest return is missed.
 */
function walkWithBreak(
  inst: EngineInstance,
  tasks: readonly number[],
  leave: number,
  k: number,
  idle: number,
  from: number,
  to: number,
): number {
  const time = inst.travelTime[inst.routeProfile[0]!]!;
  let clock = leave;
  let at = inst.routeStartLocation[0]!;
  for (let j = 0; j < tasks.length; j++) {
    const t = tasks[j]!;
    let ready = clock + time.at(at, inst.taskLocation[t]!);
    if (j === k) {
      const rest = Math.max(ready, from);
      if (rest + idle > to + 1e-9) return Number.NaN;
      ready = rest + idle;
    }
    const start = Math.max(ready, inst.taskEarliest[t]!);
    if (start > inst.taskLatest[t]! + 1e-9) return Number.NaN;
    clock = start + inst.taskService[t]!;
    at = inst.taskLocation[t]!;
  }
  const back = clock + time.at(at, inst.routeEndLocation[0]!);
  return back > inst.routeLatestEnd[0]! + 1e-9 ? Number.NaN : back;
}

/** The earliest return of route 0 over `tasks` with its break on the best arc (NaN: none fits). */
function bestReturn(
  inst: EngineInstance,
  tasks: readonly number[],
  leave: number,
  idle: number,
  from: number,
  to: number,
): number {
  let best = Number.NaN;
  for (let k = 1; k < tasks.length; k++) {
    const back = walkWithBreak(inst, tasks, leave, k, idle, from, to);
    if (!Number.isNaN(back) && !(back >= best)) best = back;
  }
  return best;
}

describe('the break plan', () => {
  it('finds a break wherever one fits, on the arc that returns earliest, and the latest departure', () => {
    fc.assert(
      fc.property(
        randomSpec,
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 300 }),
        fc.array(fc.nat(), { minLength: 2, maxLength: 8 }),
        (spec, idle, offset, extra, picks) => {
          const base = buildInstance(spec);
          const es = base.routeEarliestStart[0]!;
          const from = es + offset;
          const to = from + idle + extra;
          const inst: EngineInstance = {
            ...base,
            breakRule: {
              work: 0,
              idle,
              windowFrom: new Float64Array(base.nRoutes).fill(from),
              windowTo: new Float64Array(base.nRoutes).fill(to),
              routeLimit: new Int32Array(base.nRoutes).fill(-1),
            },
          };
          const tasks = [...new Set(picks.map((k) => k % inst.nTasks))];
          fc.pre(tasks.length >= 2);
          const rule = {
            work: 0,
            idle,
            windowFrom: inst.breakRule!.windowFrom!,
            windowTo: inst.breakRule!.windowTo!,
          };
          const plan = new BreakPlan();
          const le = inst.routeLatestEnd[0]!;
          const { taskEarliest: effE, taskLatest: effL } = inst;
          const ok = plan.run(inst, null, rule, 0, tasks, tasks.length, es, le, effE, effL, true);
          const expected = bestReturn(inst, tasks, es, idle, from, to);
          expect(ok).toBe(!Number.isNaN(expected));
          if (!ok) return;
          expect(plan.ret).toBeCloseTo(expected, 9);
          expect(plan.breakStart).toBeGreaterThanOrEqual(from - 1e-9);
          expect(plan.breakStart + idle).toBeLessThanOrEqual(to + 1e-9);
          // Leaving at the latest departure still fits a break; leaving a minute later does not.
          expect(plan.dep).toBeGreaterThanOrEqual(es - 1e-9);
          expect(Number.isNaN(bestReturn(inst, tasks, plan.dep, idle, from, to))).toBe(false);
          expect(Number.isNaN(bestReturn(inst, tasks, plan.dep + 1, idle, from, to))).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('breaks placed by the search', () => {
  it('lets a nine-hour shift hold all its visits with a break inside the window', () => {
    const input = longDay(8);
    const problem = parseProblem(input);
    const roster = solve(problem, { seed: 1, maxIterations: 300 });
    expect(checkRoster(problem, roster)).toEqual([]);
    expect(roster.unplaced).toEqual([]);
    const route = roster.routes[0]!;
    expect(route.stops).toHaveLength(8);
    expect(route.break).toBeDefined();
    const start = minutesOf(route.break!.start);
    const end = minutesOf(route.break!.end);
    // The default window: hours 2 to 6 of a shift opening at 08:00.
    expect(start).toBeGreaterThanOrEqual(10 * 60);
    expect(end).toBeLessThanOrEqual(14 * 60);
    expect(end - start).toBe(20);
  });

  it('keeps every shift within the threshold, declaring no break, unless placeBreaks is on', () => {
    const input = longDay(8) as ProblemInput & Json;
    input.settings = { workingTime: { placeBreaks: false } };
    const roster = solve(parseProblem(input), { seed: 1, maxIterations: 300 });
    expect(roster.unplaced.length).toBeGreaterThan(0);
    expect(roster.routes.every((route) => route.break === undefined)).toBe(true);
    expect(checkRoster(parseProblem(input), roster)).toEqual([]);
  });

  it('declares no break on a shift that does not owe one', () => {
    const input = longDay(5);
    const problem = parseProblem(input);
    const roster = solve(problem, { seed: 1, maxIterations: 100 });
    expect(checkRoster(problem, roster)).toEqual([]);
    expect(roster.unplaced).toEqual([]);
    expect(roster.routes[0]!.break).toBeUndefined();
  });

  it('leave generated weeks checker-clean, scored as the explanation scores them', () => {
    let withBreak = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (seed) => {
        const input = generateCouncil({ seed, clients: 14, days: 2 }) as ProblemInput & Json;
        // A break owed after three hours of work, between hours 1 and 5 of the shift: most
        // shifts of a council's week are longer.
        input.settings = {
          ...(input.settings ?? {}),
          workingTime: {
            ...(input.settings?.workingTime ?? {}),
            breakAfterHours: 3,
            breakMinutes: 20,
            breakWindow: { fromHour: 1, toHour: 5 },
            placeBreaks: true,
          },
        };
        const problem = parseProblem(input);
        const roster = solve(problem, { seed, maxIterations: 150 });
        expect(checkRoster(problem, roster)).toEqual([]);
        const explanation = explainRoster(problem, roster);
        expect(roster.stats?.cost).toBeCloseTo(explanation.total, 6);
        for (const { rule, cost } of explanation.byRule) {
          expect(roster.stats?.costByRule[rule] ?? 0).toBeCloseTo(cost, 6);
        }
        withBreak += roster.routes.filter((route) => route.break !== undefined).length;
      }),
      { numRuns: 6 },
    );
    // Not a vacuous property: the search did place breaks.
    expect(withBreak).toBeGreaterThan(0);
  });
});
