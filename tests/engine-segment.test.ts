import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EngineInstance } from '../src/solver/engine/instance.js';
import { bestInRoute, InsertionResult } from '../src/solver/engine/insertion.js';
import { Problem } from '../src/solver/engine/problem.js';
import { earliestStartAfter, latestStartBefore, Segment } from '../src/solver/engine/segment.js';
import { Solution } from '../src/solver/engine/solution.js';
import { denseTravel } from '../src/solver/engine/travel-table.js';

interface Stop {
  loc: number;
  service: number;
  e: number;
  l: number;
}

/**
 * Minimum total time warp of visiting `stops` in order (first and last are the route ends),
 * by plain simulation: leave at the first stop's earliest time, wait when early, and when late
 * "warp back" to the latest start and count the difference.
 */
function simulateWarp(stops: Stop[], travel: (a: number, b: number) => number): number {
  let warp = 0;
  let time = stops[0]!.e;
  let prev = stops[0]!;
  time += prev.service;
  for (let i = 1; i < stops.length; i++) {
    const s = stops[i]!;
    time += travel(prev.loc, s.loc);
    if (time < s.e) time = s.e;
    if (time > s.l) {
      warp += time - s.l;
      time = s.l;
    }
    time += s.service;
    prev = s;
  }
  return warp;
}

const world = fc.record({
  points: fc.array(
    fc.tuple(
      fc.double({ min: 0, max: 100, noNaN: true }),
      fc.double({ min: 0, max: 100, noNaN: true }),
    ),
    {
      minLength: 2,
      maxLength: 10,
    },
  ),
  tasks: fc.array(
    fc.record({
      loc: fc.nat(),
      service: fc.integer({ min: 0, max: 30 }),
      e: fc.double({ min: 0, max: 500, noNaN: true }),
      width: fc.double({ min: 0, max: 300, noNaN: true }),
    }),
    { minLength: 1, maxLength: 14 },
  ),
  depotLoc: fc.nat(),
  start: fc.double({ min: 0, max: 100, noNaN: true }),
  end: fc.double({ min: 300, max: 1000, noNaN: true }),
  cuts: fc.tuple(fc.nat(), fc.nat()),
  middle: fc.array(fc.nat(), { maxLength: 4 }),
  order: fc.array(fc.nat(), { maxLength: 14 }),
});

type World = typeof world extends fc.Arbitrary<infer T> ? T : never;

/** A one-route instance over the world's points; every task may go on the route. */
function instanceOf(w: World): EngineInstance {
  const nl = w.points.length;
  const matrix = new Float64Array(nl * nl);
  for (let i = 0; i < nl; i++) {
    for (let j = 0; j < nl; j++) {
      const [xi, yi] = w.points[i]!;
      const [xj, yj] = w.points[j]!;
      matrix[i * nl + j] = Math.hypot(xi - xj, yi - yj);
    }
  }
  const n = w.tasks.length;
  return {
    nLocations: nl,
    travelTime: [denseTravel(matrix)],
    travelCost: [denseTravel(matrix)],
    nTasks: n,
    taskLocation: Int32Array.from(w.tasks, (t) => t.loc % nl),
    taskService: Float64Array.from(w.tasks, (t) => t.service),
    taskEarliest: Float64Array.from(w.tasks, (t) => t.e),
    taskLatest: Float64Array.from(w.tasks, (t) => t.e + t.width),
    taskDemand: new Float64Array(n),
    taskUnplacedPenalty: new Float64Array(n).fill(1e6),
    nRoutes: 1,
    routeProfile: new Int32Array(1),
    routeStartLocation: Int32Array.of(w.depotLoc % nl),
    routeEndLocation: Int32Array.of(w.depotLoc % nl),
    routeEarliestStart: Float64Array.of(w.start),
    routeLatestEnd: Float64Array.of(w.end),
    routeCapacity: Float64Array.of(Number.POSITIVE_INFINITY),
    routeWorker: new Int32Array(1),
    nWorkers: 1,
    allowed: new Uint32Array(n).fill(1),
    routeWords: 1,
    nLimits: 0,
    limitMax: new Float64Array(0),
    limitStart: new Int32Array(1),
    limitRoutes: new Int32Array(0),
    links: [],
    assignmentCost: null,
  };
}

/** A route over a shuffled subset of the tasks, chosen by `order`. */
function routeTasks(w: World, n: number): number[] {
  const tasks = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < w.order.length && i < n; i++) {
    const j = w.order[i]! % n;
    [tasks[i], tasks[j]] = [tasks[j]!, tasks[i]!];
  }
  return tasks.slice(0, Math.max(0, n - (w.order.length % 3)));
}

function stopsOf(inst: EngineInstance, tasks: number[]): Stop[] {
  const depotStart: Stop = {
    loc: inst.routeStartLocation[0]!,
    service: 0,
    e: inst.routeEarliestStart[0]!,
    l: inst.routeLatestEnd[0]!,
  };
  const depotEnd: Stop = { ...depotStart, loc: inst.routeEndLocation[0]! };
  return [
    depotStart,
    ...tasks.map((t) => ({
      loc: inst.taskLocation[t]!,
      service: inst.taskService[t]!,
      e: inst.taskEarliest[t]!,
      l: inst.taskLatest[t]!,
    })),
    depotEnd,
  ];
}

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-7 * (1 + Math.abs(b));

describe('duration segments', () => {
  it('cached prefixes and suffixes agree with a full simulation', () => {
    fc.assert(
      fc.property(world, (w) => {
        const inst = instanceOf(w);
        const sol = new Solution(new Problem(inst));
        const tasks = routeTasks(w, inst.nTasks);
        sol.setTasks(0, tasks);
        sol.refreshRoute(0);
        const route = sol.routes[0]!;
        const stops = stopsOf(inst, tasks);
        const time = inst.travelTime[0]!;
        const travel = (a: number, b: number): number => time.at(a, b);
        const total = simulateWarp(stops, travel);
        expect(close(route.fTW[tasks.length + 1]!, total)).toBe(true);
        expect(close(route.bTW[0]!, total)).toBe(true);
        for (let i = 1; i <= tasks.length + 1; i++) {
          expect(close(route.fTW[i]!, simulateWarp(stops.slice(0, i + 1), travel))).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('incremental insertion leaves the same caches as a full refresh', () => {
    fc.assert(
      fc.property(world, fc.nat(), (w, at) => {
        const inst = instanceOf(w);
        const n = inst.nTasks;
        if (n < 2) return;
        const base = routeTasks(w, n - 1);
        const sol = new Solution(new Problem(inst));
        sol.setTasks(0, base.slice());
        sol.refreshRoute(0);
        sol.insert(n - 1, 0, at % (base.length + 1));
        const incremental = sol.routes[0]!;
        const fresh = new Solution(new Problem(inst));
        fresh.setTasks(0, incremental.tasks.slice());
        fresh.refreshRoute(0);
        const full = fresh.routes[0]!;
        const nodes = incremental.tasks.length + 2;
        for (const key of [
          'loc',
          'fD',
          'fTW',
          'fE',
          'fL',
          'bD',
          'bTW',
          'bE',
          'bL',
          'cumCost',
          'cumWork',
          'cumLoad',
        ] as const) {
          expect(Array.from(incremental[key].subarray(0, nodes))).toEqual(
            Array.from(full[key].subarray(0, nodes)),
          );
        }
        expect(incremental.cost).toBe(full.cost);
        expect(incremental.work).toBe(full.work);
        expect(Array.from(sol.taskPos)).toEqual(
          Array.from(fresh.taskPos).map((v, t) => (t === n - 1 || base.includes(t) ? v : -1)),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('prefix ⊕ stops ⊕ suffix in O(1) agrees with simulating the rebuilt route', () => {
    fc.assert(
      fc.property(world, (w) => {
        const inst = instanceOf(w);
        const sol = new Solution(new Problem(inst));
        const tasks = routeTasks(w, inst.nTasks);
        sol.setTasks(0, tasks);
        sol.refreshRoute(0);
        const route = sol.routes[0]!;
        const n = tasks.length;
        // Keep nodes 0..i and j..n+1 (i < j), put some tasks in between.
        const i = w.cuts[0] % (n + 1);
        const j = i + 1 + (w.cuts[1] % (n + 1 - i));
        const middle = w.middle.map((m) => m % inst.nTasks);
        const time = inst.travelTime[0]!;
        const seg = new Segment().set(route.fD[i]!, route.fTW[i]!, route.fE[i]!, route.fL[i]!);
        let last = route.loc[i]!;
        for (const t of middle) {
          const loc = inst.taskLocation[t]!;
          seg.appendStop(
            time.at(last, loc),
            inst.taskService[t]!,
            inst.taskEarliest[t]!,
            inst.taskLatest[t]!,
          );
          last = loc;
        }
        seg.append(
          time.at(last, route.loc[j]!),
          route.bD[j]!,
          route.bTW[j]!,
          route.bE[j]!,
          route.bL[j]!,
        );
        const stops = stopsOf(inst, tasks);
        const rebuilt = [
          ...stops.slice(0, i + 1),
          ...stopsOf(inst, middle).slice(1, -1),
          ...stops.slice(j),
        ];
        const expected = simulateWarp(rebuilt, (a, b) => time.at(a, b));
        expect(close(seg.tw, expected)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('joins worked by hand: one visit after the office, start bounds either side', () => {
    // Office open 480-1020, a 30 min visit startable 540-600 reached in 20 min.
    const seg = new Segment().set(0, 0, 480, 1020).appendStop(20, 30, 540, 600);
    expect([seg.d, seg.tw, seg.e, seg.l]).toEqual([50, 0, 520, 580]);
    // Reached only at 620 (leave 480, 140 min away): 20 min of time warp.
    const late = new Segment().set(0, 0, 480, 1020).appendStop(140, 30, 540, 600);
    expect(late.tw).toBe(20);
    // A prefix of 50 min startable from 520 ends at 570; 15 min on is 585, after the 540 opening.
    expect(earliestStartAfter(50, 520, 15, 540)).toBe(585);
    expect(earliestStartAfter(50, 520, 15, 600)).toBe(600);
    // A suffix that must start by 700, 10 min away, after 30 min of care: start by 660.
    expect(latestStartBefore(700, 30, 10, 720)).toBe(660);
    expect(latestStartBefore(700, 30, 10, 650)).toBe(650);
  });

  it('start bounds of an inserted stop agree with joining prefix, stop and suffix', () => {
    fc.assert(
      fc.property(world, (w) => {
        const inst = instanceOf(w);
        const n = inst.nTasks;
        if (n < 2) return;
        const u = n - 1;
        const time = inst.travelTime[0]!;
        const travel = (a: number, b: number): number => time.at(a, b);
        const base: number[] = [];
        for (const t of routeTasks(w, n - 1)) {
          if (simulateWarp(stopsOf(inst, [...base, t]), travel) === 0) base.push(t);
        }
        const sol = new Solution(new Problem(inst));
        sol.setTasks(0, base.slice());
        sol.refreshRoute(0);
        const route = sol.routes[0]!;
        const lu = inst.taskLocation[u]!;
        const service = inst.taskService[u]!;
        for (let i = 0; i <= base.length; i++) {
          const a = route.loc[i]!;
          const b = route.loc[i + 1]!;
          const lo = earliestStartAfter(
            route.fD[i]!,
            route.fE[i]!,
            travel(a, lu),
            inst.taskEarliest[u]!,
          );
          const hi = latestStartBefore(
            route.bL[i + 1]!,
            service,
            travel(lu, b),
            inst.taskLatest[u]!,
          );
          const joined = new Segment()
            .set(route.fD[i]!, route.fTW[i]!, route.fE[i]!, route.fL[i]!)
            .appendStop(travel(a, lu), service, inst.taskEarliest[u]!, inst.taskLatest[u]!)
            .append(
              travel(lu, b),
              route.bD[i + 1]!,
              route.bTW[i + 1]!,
              route.bE[i + 1]!,
              route.bL[i + 1]!,
            );
          // An empty window is exactly a join with time warp, the warp being the overlap.
          expect(close(joined.tw, Math.max(0, lo - hi))).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('cheapest insertion matches trying every position on a feasible route', () => {
    fc.assert(
      fc.property(world, (w) => {
        const inst = instanceOf(w);
        const n = inst.nTasks;
        if (n < 2) return;
        const u = n - 1;
        // Keep only the tasks that fit in order greedily, so the base route is feasible.
        const time = inst.travelTime[0]!;
        const travel = (a: number, b: number): number => time.at(a, b);
        const base: number[] = [];
        for (const t of routeTasks(w, n - 1)) {
          if (simulateWarp(stopsOf(inst, [...base, t]), travel) === 0) base.push(t);
        }
        const sol = new Solution(new Problem(inst));
        sol.setTasks(0, base.slice());
        sol.refreshRoute(0);
        const res = new InsertionResult();
        bestInRoute(sol, u, 0, res);
        const cost = inst.travelCost[0]!;
        const routeCost = (tasks: number[]): number => {
          if (tasks.length === 0) return 0;
          const locs = stopsOf(inst, tasks).map((s) => s.loc);
          let c = 0;
          for (let k = 1; k < locs.length; k++) c += cost.at(locs[k - 1]!, locs[k]!);
          return c;
        };
        // Exactly feasible positions must be found; positions late by more than 1e-6 never.
        let strict = Number.POSITIVE_INFINITY;
        let loose = Number.POSITIVE_INFINITY;
        for (let pos = 0; pos <= base.length; pos++) {
          const candidate = [...base.slice(0, pos), u, ...base.slice(pos)];
          const warp = simulateWarp(stopsOf(inst, candidate), travel);
          const delta = routeCost(candidate) - routeCost(base);
          if (warp <= 1e-12) strict = Math.min(strict, delta);
          if (warp <= 1e-6) loose = Math.min(loose, delta);
        }
        expect(res.delta <= strict + 1e-9).toBe(true);
        expect(res.delta >= loose - 1e-9).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
