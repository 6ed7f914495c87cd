/**
 * Test helpers for the engine: a generator of small random instances with every rule the engine
 * knows (windows, capacity, compatibility, work limits, links, assignment costs) and an
 * independent feasibility and cost check that shares no code with the engine.
 */
import fc from 'fast-check';
import type {
  EngineInstance,
  EngineSoftTerms,
  EngineSolution,
  TaskLink,
} from '../src/solver/engine/instance.js';
import { isAllowed } from '../src/solver/engine/allowed-table.js';
import { denseTravel } from '../src/solver/engine/travel-table.js';

const TOL = 1e-6;
/** Minutes from one day's routes to the next's. */
const DAY = 1440;
/** Allowance and cost per extra worker of the generated recurring-visit groups. */
const VISIT_ALLOWANCE = 1;
const VISIT_COST = 5;

/**
 * What is wrong with route `r`'s declared break: the rule's length, inside the route's window,
 * after the travel from one stop to the next and before the next starts.
 */
function breakProblems(inst: EngineInstance, sol: EngineSolution, r: number): string[] {
  const start = sol.routeBreak?.[r] ?? Number.NaN;
  if (Number.isNaN(start)) return [];
  const rule = inst.breakRule;
  if (!rule?.windowFrom || !rule.windowTo) return [`route ${r}: a break without a rule`];
  const end = start + rule.idle;
  if (start + TOL < rule.windowFrom[r]! || end - TOL > rule.windowTo[r]!) {
    return [`route ${r}: break outside its window`];
  }
  const tasks = sol.routes[r]!;
  const tt = inst.travelTime[inst.routeProfile[r]!]!;
  for (let k = 1; k < tasks.length; k++) {
    const a = tasks[k - 1]!;
    const b = tasks[k]!;
    const leg = tt.at(inst.taskLocation[a]!, inst.taskLocation[b]!);
    const free = sol.taskStart[a]! + inst.taskService[a]! + leg;
    if (start + TOL >= free && end - TOL <= sol.taskStart[b]!) return [];
  }
  return [`route ${r}: break not between two stops`];
}

/** Hard-rule violations of `sol` (empty when feasible), recomputed from scratch. */
export function checkEngineSolution(inst: EngineInstance, sol: EngineSolution): string[] {
  const problems: string[] = [];
  const routeOf = new Map<number, number>();
  const workOf: number[] = [];
  if (sol.routes.length !== inst.nRoutes) problems.push('wrong number of routes');
  for (let r = 0; r < sol.routes.length; r++) {
    const route = sol.routes[r]!;
    workOf.push(0);
    if (route.length === 0) continue;
    const tt = inst.travelTime[inst.routeProfile[r]!]!;
    let place = inst.routeStartLocation[r]!;
    let free = sol.routeDeparture[r]!;
    if (free < inst.routeEarliestStart[r]! - TOL) problems.push(`route ${r}: departs early`);
    let load = 0;
    let work = 0;
    for (const task of route) {
      if (routeOf.has(task)) problems.push(`task ${task}: twice`);
      routeOf.set(task, r);
      if (!isAllowed(inst, task, r)) problems.push(`task ${task}: not allowed on route ${r}`);
      const leg = tt.at(place, inst.taskLocation[task]!);
      const start = sol.taskStart[task]!;
      if (Number.isNaN(start)) problems.push(`task ${task}: no start`);
      if (start + TOL < free + leg) problems.push(`task ${task}: starts before arriving`);
      if (start + TOL < inst.taskEarliest[task]!) problems.push(`task ${task}: too early`);
      if (start - TOL > inst.taskLatest[task]!) problems.push(`task ${task}: too late`);
      work += leg + inst.taskService[task]!;
      load += inst.taskDemand[task]!;
      free = start + inst.taskService[task]!;
      place = inst.taskLocation[task]!;
    }
    const home = tt.at(place, inst.routeEndLocation[r]!);
    work += home;
    if (free + home - TOL > inst.routeLatestEnd[r]!) problems.push(`route ${r}: ends late`);
    if (load - TOL > inst.routeCapacity[r]!) problems.push(`route ${r}: overloaded`);
    workOf[r] = work;
    problems.push(...breakProblems(inst, sol, r));
  }
  // A route's break limit holds unless the route declares the break the search placed.
  const lifted = new Set<number>();
  const routeLimit = inst.breakRule?.routeLimit;
  sol.routes.forEach((_, r) => {
    if (routeLimit !== undefined && !Number.isNaN(sol.routeBreak?.[r] ?? NaN)) {
      lifted.add(routeLimit[r]!);
    }
  });
  for (let k = 0; k < inst.nLimits; k++) {
    if (lifted.has(k)) continue;
    let total = 0;
    for (let i = inst.limitStart[k]!; i < inst.limitStart[k + 1]!; i++) {
      total += workOf[inst.limitRoutes[i]!]!;
    }
    if (total - TOL > inst.limitMax[k]!)
      problems.push(`limit ${k}: ${total} > ${inst.limitMax[k]}`);
  }
  for (const link of inst.links) {
    const ra = routeOf.get(link.a);
    const rb = routeOf.get(link.b);
    if ((ra === undefined) !== (rb === undefined) && link.separable !== true) {
      problems.push(`link ${link.a}/${link.b}: half`);
    }
    if (ra === undefined || rb === undefined) continue;
    if (inst.routeWorker[ra] === inst.routeWorker[rb]) problems.push(`link: same worker`);
    const gap = sol.taskStart[link.b]! - sol.taskStart[link.a]!;
    if (gap < link.minGap - TOL || gap > link.maxGap + TOL) problems.push(`link: gap ${gap}`);
  }
  problems.push(...daysProblems(inst, sol));
  const unplaced = new Set(sol.unplaced);
  for (let t = 0; t < inst.nTasks; t++) {
    if (routeOf.has(t) === unplaced.has(t))
      problems.push(`task ${t}: placed and unplaced disagree`);
  }
  return problems;
}

/**
 * Rest between every two non-empty routes of one worker on different days (departure of the
 * later less the return of the earlier, as reported), and the longest run of worked days.
 */
function daysProblems(inst: EngineInstance, sol: EngineSolution): string[] {
  const days = inst.routeDay;
  if (!days) return [];
  const problems: string[] = [];
  const back = sol.routes.map((route, r) => {
    const last = route.at(-1);
    if (last === undefined) return Number.NaN;
    const tt = inst.travelTime[inst.routeProfile[r]!]!;
    const home = tt.at(inst.taskLocation[last]!, inst.routeEndLocation[r]!);
    return sol.taskStart[last]! + inst.taskService[last]! + home;
  });
  const rest = inst.minRest ?? 0;
  for (let a = 0; a < inst.nRoutes && rest > 0; a++) {
    for (let b = 0; b < inst.nRoutes; b++) {
      if (sol.routes[a]!.length === 0 || sol.routes[b]!.length === 0) continue;
      if (inst.routeWorker[a] !== inst.routeWorker[b] || days[a]! >= days[b]!) continue;
      const gap = sol.routeDeparture[b]! - back[a]!;
      if (gap < rest - TOL) problems.push(`routes ${a}/${b}: rest ${gap} < ${rest}`);
    }
  }
  const max = inst.maxDaysInRow;
  if (max === undefined) return problems;
  for (let w = 0; w < inst.nWorkers; w++) {
    const worked = new Set<number>();
    sol.routes.forEach((route, r) => {
      if (route.length > 0 && inst.routeWorker[r] === w) worked.add(days[r]!);
    });
    for (const d of worked) {
      let run = 1;
      while (worked.has(d + run)) run++;
      if (run > max) problems.push(`worker ${w}: ${run} days in a row from day ${d}`);
    }
  }
  return problems;
}

/** The objective of `sol` recomputed from its routes. */
export function objectiveOf(inst: EngineInstance, sol: EngineSolution): number {
  let cost = 0;
  sol.routes.forEach((route, r) => {
    if (route.length === 0) return;
    const tc = inst.travelCost[inst.routeProfile[r]!]!;
    const stops = [
      inst.routeStartLocation[r]!,
      ...route.map((t) => inst.taskLocation[t]!),
      inst.routeEndLocation[r]!,
    ];
    for (let i = 1; i < stops.length; i++) cost += tc.at(stops[i - 1]!, stops[i]!);
    if (inst.assignmentCost) {
      for (const t of route) {
        const row = inst.taskAssignmentRow ? inst.taskAssignmentRow[t]! : t;
        cost += inst.assignmentCost[row * inst.nWorkers + inst.routeWorker[r]!]!;
      }
    }
  });
  for (const t of sol.unplaced) cost += inst.taskUnplacedPenalty[t]!;
  return cost + softCostOf(inst, sol);
}

/** The soft terms of `sol` recomputed from its routes and reported start times. */
export function softCostOf(inst: EngineInstance, sol: EngineSolution): number {
  const soft = inst.soft;
  if (!soft) return 0;
  let cost = 0;
  const work: number[] = [];
  const travel: number[] = [];
  const dayWorst = new Map<number, number>();
  sol.routes.forEach((route, r) => {
    const day = (soft.worstLatenessCost ?? 0) > 0 ? soft.routeDay![r]! : -1;
    for (const t of route) {
      const late = Math.max(0, sol.taskStart[t]! - soft.taskDue[t]!);
      if (day >= 0) dayWorst.set(day, Math.max(dayWorst.get(day) ?? 0, late));
    }
  });
  for (const late of dayWorst.values()) cost += late * soft.worstLatenessCost!;
  sol.routes.forEach((route, r) => {
    const tt = inst.travelTime[inst.routeProfile[r]!]!;
    const worker = inst.routeWorker[r]!;
    let place = inst.routeStartLocation[r]!;
    let free = Number.NaN;
    let driven = 0;
    let served = 0;
    route.forEach((t, index) => {
      const leg = tt.at(place, inst.taskLocation[t]!);
      const start = sol.taskStart[t]!;
      const service = inst.taskService[t]!;
      cost += Math.max(0, start - soft.taskDue[t]!) * soft.taskLatenessCost[t]!;
      if (index > 0) {
        const idle = start - (free + leg);
        cost += Math.max(0, idle - soft.gapThreshold) * soft.gapCost;
      }
      if (soft.workerHasPreferred[worker] === 1) {
        let inside = 0;
        for (
          let i = soft.workerPreferredStart[worker]!;
          i < soft.workerPreferredStart[worker + 1]!;
          i++
        ) {
          inside += Math.max(
            0,
            Math.min(start + service, soft.preferredTo[i]!) -
              Math.max(start, soft.preferredFrom[i]!),
          );
        }
        cost += (service - inside) * soft.preferredCost;
      }
      driven += leg;
      served += service;
      free = start + service;
      place = inst.taskLocation[t]!;
    });
    if (route.length > 0) driven += tt.at(place, inst.routeEndLocation[r]!);
    travel.push(driven);
    work.push(driven + served);
  });
  const groupWorkers = new Map<number, Set<number>>();
  sol.routes.forEach((route, r) => {
    for (const t of route) {
      for (let i = soft.taskContinuityStart[t]!; i < soft.taskContinuityStart[t + 1]!; i++) {
        const g = soft.taskContinuity[i]!;
        const set = groupWorkers.get(g) ?? new Set<number>();
        set.add(inst.routeWorker[r]!);
        groupWorkers.set(g, set);
      }
    }
  });
  for (const [g, set] of groupWorkers) {
    cost += Math.max(0, set.size - soft.continuityAllowance[g]!) * soft.continuityCost[g]!;
  }
  for (let k = 0; k < soft.nTargets; k++) {
    let sum = 0;
    for (let i = soft.targetStart[k]!; i < soft.targetStart[k + 1]!; i++) {
      const r = soft.targetRoutes[i]!;
      sum += soft.targetMeasure[k] === 0 ? work[r]! : travel[r]!;
    }
    const value = soft.targetValue[k]!;
    cost +=
      Math.max(0, value - sum) * soft.targetUnderCost[k]! +
      Math.max(0, sum - value) * soft.targetOverCost[k]!;
  }
  return cost;
}

/** Random soft terms of a {@link RandomSpec}. */
export interface RandomSoft {
  /** Per task: how far before its latest start lateness begins to cost. */
  lateBy: number[];
  latenessCost: number;
  gapThreshold: number;
  gapCost: number;
  /** Per worker: a preferred interval, or null for none. */
  preferred: ([number, number] | null)[];
  preferredCost: number;
  targets: { worker: number; measure: 0 | 1; value: number; under: number; over: number }[];
  /** Continuity groups, and the group of each task (modulo their number). */
  groups: { allowance: number; cost: number }[];
  groupOf: number[];
  /** Cost per unit of each day's largest lateness (0: unpriced), and each route's day. */
  worstCost: number;
  routeDay: number[];
  /**
   * Whether each task is also in a recurring-visit group inside its group (tasks of one group
   * split by index parity, allowance 1), as a client's visits and each recurring visit are.
   */
  visitGroups?: boolean;
}

/** Parameters from which {@link buildInstance} makes a random instance. */
export interface RandomSpec {
  points: [number, number][];
  tasks: {
    loc: number;
    service: number;
    earliest: number;
    width: number;
    demand: number;
    penalty: number;
  }[];
  routes: { worker: number; start: number; end: number; loc: number; profile: number }[];
  capacity: number | null;
  forbidden: [number, number][];
  limits: { worker: number; max: number }[];
  links: { a: number; b: number; gap: number; width: number }[];
  assignment: number[] | null;
  soft: RandomSoft | null;
  /** Rules across days: the day of each route, the rest, the most days in a row (or none). */
  days: { day: number[]; rest: number; maxRun: number | null } | null;
  seed: number;
  /**
   * Days the instance spans (1 when absent): with 2, odd routes and odd tasks (a linked task on
   * its partner's day) are a day (1440) later, so a worker has a route on each day.
   */
  span?: 1 | 2;
}

/** Random small instances, from tight to loose. */
export const randomSpec: fc.Arbitrary<RandomSpec> = fc
  .record({
    points: fc.array(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 })), {
      minLength: 2,
      maxLength: 12,
    }),
    nTasks: fc.integer({ min: 1, max: 24 }),
    nRoutes: fc.integer({ min: 1, max: 6 }),
    seed: fc.integer({ min: 0, max: 1_000_000 }),
    useCapacity: fc.boolean(),
    useAssignment: fc.boolean(),
    nLinks: fc.integer({ min: 0, max: 4 }),
    nLimits: fc.integer({ min: 0, max: 3 }),
    nForbidden: fc.integer({ min: 0, max: 10 }),
    useSoft: fc.boolean(),
    useDays: fc.boolean(),
    span: fc.constantFrom(1 as const, 2 as const),
  })
  .chain((s) => {
    const nl = s.points.length;
    const task = fc.record({
      loc: fc.integer({ min: 1, max: nl - 1 }),
      service: fc.integer({ min: 0, max: 40 }),
      earliest: fc.integer({ min: 0, max: 320 }),
      width: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 120 }), fc.constant(600)),
      demand: fc.integer({ min: 0, max: 10 }),
      penalty: fc.integer({ min: 1000, max: 5000 }),
    });
    const route = fc.record({
      worker: fc.integer({ min: 0, max: Math.max(0, s.nRoutes - 1) }),
      start: fc.integer({ min: 0, max: 100 }),
      end: fc.integer({ min: 400, max: 800 }),
      loc: fc.integer({ min: 0, max: nl - 1 }),
      profile: fc.integer({ min: 0, max: 1 }),
    });
    const pairIdx = fc.integer({ min: 0, max: s.nTasks - 1 });
    return fc.record({
      points: fc.constant(s.points),
      tasks: fc.array(task, { minLength: s.nTasks, maxLength: s.nTasks }),
      routes: fc.array(route, { minLength: s.nRoutes, maxLength: s.nRoutes }),
      capacity: s.useCapacity ? fc.integer({ min: 5, max: 60 }) : fc.constant(null),
      forbidden: fc.array(fc.tuple(pairIdx, fc.integer({ min: 0, max: s.nRoutes - 1 })), {
        maxLength: s.nForbidden,
      }),
      limits: fc.array(
        fc.record({
          worker: fc.integer({ min: 0, max: s.nRoutes - 1 }),
          max: fc.integer({ min: 30, max: 600 }),
        }),
        { maxLength: s.nLimits },
      ),
      links: fc.array(
        fc.record({
          a: pairIdx,
          b: pairIdx,
          gap: fc.oneof(fc.constant(0), fc.integer({ min: -30, max: 60 })),
          width: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 30 })),
        }),
        { maxLength: s.nLinks },
      ),
      assignment: s.useAssignment
        ? fc.array(fc.integer({ min: -10, max: 30 }), {
            minLength: s.nTasks * s.nRoutes,
            maxLength: s.nTasks * s.nRoutes,
          })
        : fc.constant(null),
      soft: s.useSoft
        ? fc.record({
            lateBy: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 90 })), {
              minLength: s.nTasks,
              maxLength: s.nTasks,
            }),
            latenessCost: fc.integer({ min: 0, max: 4 }),
            gapThreshold: fc.integer({ min: 0, max: 30 }),
            gapCost: fc.constantFrom(0, 0.25, 0.5, 2),
            preferred: fc.array(
              fc.option(
                fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 400 })),
              ),
              { minLength: s.nRoutes, maxLength: s.nRoutes },
            ),
            preferredCost: fc.constantFrom(0, 0.5, 1, 3),
            targets: fc.array(
              fc.record({
                worker: fc.integer({ min: 0, max: s.nRoutes - 1 }),
                measure: fc.constantFrom(0 as const, 1 as const),
                value: fc.integer({ min: 0, max: 500 }),
                under: fc.constantFrom(0, 0.1, 1, 3),
                over: fc.constantFrom(0, 0.1, 1, 3),
              }),
              { maxLength: 4 },
            ),
            groups: fc.array(
              fc.record({
                allowance: fc.integer({ min: 0, max: 2 }),
                cost: fc.constantFrom(1, 5, 60),
              }),
              { maxLength: 4 },
            ),
            groupOf: fc.array(fc.nat(), { minLength: s.nTasks, maxLength: s.nTasks }),
            worstCost: fc.constantFrom(0, 0, 1, 5),
            routeDay: fc.array(fc.integer({ min: -1, max: 1 }), {
              minLength: s.nRoutes,
              maxLength: s.nRoutes,
            }),
            visitGroups: fc.boolean(),
          })
        : fc.constant(null),
      // Every day shares one clock here, so a route of a later day must leave at least `rest`
      // after the worker's earlier days end: tight couplings in both directions.
      days: s.useDays
        ? fc.record({
            day: fc.array(fc.integer({ min: 0, max: 3 }), {
              minLength: s.nRoutes,
              maxLength: s.nRoutes,
            }),
            rest: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 300 })),
            maxRun: fc.option(fc.integer({ min: 1, max: 2 })),
          })
        : fc.constant(null),
      seed: fc.constant(s.seed),
      span: fc.constant(s.span),
    });
  });

/** Builds the engine instance of a {@link RandomSpec}. */
export function buildInstance(spec: RandomSpec): EngineInstance {
  const nl = spec.points.length;
  const car = new Float64Array(nl * nl);
  const walk = new Float64Array(nl * nl);
  for (let i = 0; i < nl; i++) {
    for (let j = 0; j < nl; j++) {
      const [xi, yi] = spec.points[i]!;
      const [xj, yj] = spec.points[j]!;
      const d = Math.hypot(xi - xj, yi - yj);
      car[i * nl + j] = Math.round(d);
      walk[i * nl + j] = Math.round(d * 2.5);
    }
  }
  const nTasks = spec.tasks.length;
  const nRoutes = spec.routes.length;
  const routeWords = Math.ceil(nRoutes / 32);
  const allowed = new Uint32Array(nTasks * routeWords);
  for (let t = 0; t < nTasks; t++) {
    for (let r = 0; r < nRoutes; r++) allowed[t * routeWords + (r >> 5)]! |= 1 << (r & 31);
  }
  for (const [t, r] of spec.forbidden) allowed[t * routeWords + (r >> 5)]! &= ~(1 << (r & 31));
  const nWorkers = Math.max(...spec.routes.map((r) => r.worker)) + 1;
  // As in care problems, a link with a gap of [0, 0] is a double-up (placed whole) and any
  // other a package link (separable). A task is the second of at most one link, so groups are
  // trees: pairs, or a double-up or visit with follow-ups; duplicates are dropped.
  const inLink = new Set<number>();
  const links: TaskLink[] = [];
  const loc = spec.tasks.map((t) => t.loc);
  const earliest = spec.tasks.map((t) => t.earliest);
  const latest = spec.tasks.map((t) => t.earliest + t.width);
  for (const l of spec.links) {
    const separable = l.gap !== 0 || l.width !== 0;
    if (l.a === l.b || inLink.has(l.b) || (!separable && inLink.has(l.a))) continue;
    inLink.add(l.a);
    inLink.add(l.b);
    links.push({ a: l.a, b: l.b, minGap: l.gap, maxGap: l.gap + l.width, separable });
    // Like care visits: a double-up is one place and one window, a follow-up visit's window
    // trails the first; otherwise most random links could never be placed.
    if (l.gap === 0 && l.width === 0) loc[l.b] = loc[l.a]!;
    earliest[l.b] = Math.max(0, earliest[l.a]! + l.gap);
    latest[l.b] = earliest[l.b]! + (latest[l.a]! - earliest[l.a]!);
  }
  // The second day: odd tasks (a linked task on its partner's day) and odd routes, 1440 later.
  const later = spec.tasks.map((_, t) => (spec.span === 2 && t % 2 === 1 ? DAY : 0));
  for (const link of links) later[link.b] = later[link.a]!;
  const routeLater = (i: number) => (spec.span === 2 && i % 2 === 1 ? DAY : 0);
  const limitStart = [0];
  const limitRoutes: number[] = [];
  for (const lim of spec.limits) {
    spec.routes.forEach((r, i) => {
      if (r.worker === lim.worker) limitRoutes.push(i);
    });
    limitStart.push(limitRoutes.length);
  }
  let assignment: Float64Array | null = null;
  if (spec.assignment) {
    assignment = new Float64Array(nTasks * nWorkers);
    for (let i = 0; i < assignment.length; i++) assignment[i] = spec.assignment[i]!;
  }
  return {
    nLocations: nl,
    travelTime: [denseTravel(car), denseTravel(walk)],
    travelCost: [denseTravel(car), denseTravel(walk)],
    nTasks,
    taskLocation: Int32Array.from(loc),
    taskService: Float64Array.from(spec.tasks, (t) => t.service),
    taskEarliest: Float64Array.from(earliest, (e, t) => e + later[t]!),
    taskLatest: Float64Array.from(latest, (l, t) => l + later[t]!),
    taskDemand: Float64Array.from(spec.tasks, (t) => (spec.capacity === null ? 0 : t.demand)),
    taskUnplacedPenalty: Float64Array.from(spec.tasks, (t) => t.penalty),
    nRoutes,
    routeProfile: Int32Array.from(spec.routes, (r) => r.profile),
    routeStartLocation: Int32Array.from(spec.routes, (r) => r.loc),
    routeEndLocation: Int32Array.from(spec.routes, (r) => r.loc),
    routeEarliestStart: Float64Array.from(spec.routes, (r, i) => r.start + routeLater(i)),
    routeLatestEnd: Float64Array.from(spec.routes, (r, i) => r.end + routeLater(i)),
    routeCapacity: Float64Array.from(spec.routes, () => spec.capacity ?? Number.POSITIVE_INFINITY),
    routeWorker: Int32Array.from(spec.routes, (r) => r.worker),
    nWorkers,
    ...(spec.days === null
      ? {}
      : {
          // A route a day later on the clock (span 2) is a day later in the rules too, as in
          // every compiled roster: the rules' days never run against the clock.
          routeDay: Int32Array.from(spec.days.day, (d, r) => d + (routeLater(r) > 0 ? 4 : 0)),
          minRest: spec.days.rest,
          ...(spec.days.maxRun === null ? {} : { maxDaysInRow: spec.days.maxRun }),
        }),
    allowed,
    routeWords,
    nLimits: spec.limits.length,
    limitMax: Float64Array.from(spec.limits, (l) => l.max),
    limitStart: Int32Array.from(limitStart),
    limitRoutes: Int32Array.from(limitRoutes),
    links,
    assignmentCost: assignment,
    soft:
      spec.soft === null
        ? null
        : buildSoft(
            spec,
            nWorkers,
            latest.map((l, t) => l + later[t]!),
          ),
  };
}

function buildSoft(spec: RandomSpec, nWorkers: number, latest: readonly number[]): EngineSoftTerms {
  const soft = spec.soft!;
  const workerPreferredStart = new Int32Array(nWorkers + 1);
  const from: number[] = [];
  const to: number[] = [];
  for (let w = 0; w < nWorkers; w++) {
    const interval = soft.preferred[w] ?? null;
    if (interval !== null) {
      from.push(Math.min(...interval));
      to.push(Math.max(...interval));
    }
    workerPreferredStart[w + 1] = from.length;
  }
  const visits = soft.visitGroups === true;
  const perTask = visits ? 2 : 1;
  const targetStart = [0];
  const targetRoutes: number[] = [];
  for (const target of soft.targets) {
    spec.routes.forEach((r, i) => {
      if (r.worker === target.worker) targetRoutes.push(i);
    });
    targetStart.push(targetRoutes.length);
  }
  return {
    taskDue: Float64Array.from(latest, (l, t) => l - soft.lateBy[t]!),
    taskLatenessCost: new Float64Array(latest.length).fill(soft.latenessCost),
    gapThreshold: soft.gapThreshold,
    gapCost: soft.gapCost,
    workerHasPreferred: Uint8Array.from({ length: nWorkers }, (_, w) =>
      (soft.preferred[w] ?? null) === null ? 0 : 1,
    ),
    workerPreferredStart,
    preferredFrom: Float64Array.from(from),
    preferredTo: Float64Array.from(to),
    preferredCost: soft.preferredCost,
    nTargets: soft.targets.length,
    targetStart: Int32Array.from(targetStart),
    targetRoutes: Int32Array.from(targetRoutes),
    targetMeasure: Uint8Array.from(soft.targets, (target) => target.measure),
    targetValue: Float64Array.from(soft.targets, (target) => target.value),
    targetUnderCost: Float64Array.from(soft.targets, (target) => target.under),
    targetOverCost: Float64Array.from(soft.targets, (target) => target.over),
    nContinuity: soft.groups.length * (visits ? 3 : 1),
    // One group per task when there are groups (two with visit groups), none otherwise.
    taskContinuityStart: Int32Array.from({ length: latest.length + 1 }, (_, t) =>
      soft.groups.length === 0 ? 0 : t * perTask,
    ),
    taskContinuity: Int32Array.from(
      { length: soft.groups.length === 0 ? 0 : latest.length * perTask },
      (_, i) => {
        const t = Math.floor(i / perTask);
        const g = soft.groupOf[t]! % soft.groups.length;
        return i % perTask === 0 ? g : soft.groups.length + 2 * g + (t % 2);
      },
    ),
    continuityAllowance: Float64Array.from(
      { length: soft.groups.length * (visits ? 3 : 1) },
      (_, g) => (g < soft.groups.length ? soft.groups[g]!.allowance : VISIT_ALLOWANCE),
    ),
    continuityCost: Float64Array.from({ length: soft.groups.length * (visits ? 3 : 1) }, (_, g) =>
      g < soft.groups.length ? soft.groups[g]!.cost : VISIT_COST,
    ),
    ...(soft.worstCost > 0
      ? { worstLatenessCost: soft.worstCost, nDays: 2, routeDay: Int32Array.from(soft.routeDay) }
      : {}),
  };
}
