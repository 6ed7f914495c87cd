/**
 * Compiles an expanded care problem into the engine's dense, index-based form: one task per
 * carer a visit needs, one route per carer shift, work limits per carer-day and carer-week.
 */
import type { ExpandedProblem, Shift, Visit } from '../model/expand.js';
import { weekStartOf } from '../model/expand.js';
import type { Priority, TransportMode } from '../model/schema.js';
import { TRANSPORT_MODES } from '../model/schema.js';
import type { TravelMatrix } from '../geo/travel-matrix.js';
import { personalExclusion, shiftCanHost } from '../constraints/eligibility.js';
import type { EngineInstance, TaskLink } from './engine/instance.js';

/** How much more an unplaced visit of each priority costs, per minute of care. */
const PRIORITY_FACTOR: Record<Priority, number> = {
  'time-critical': 4,
  normal: 2,
  flexible: 1,
};

/**
 * Cost of one unplaced minute of care. Far above any travel a visit could save, so placing
 * visits always comes first (the objective is lexicographic in effect).
 */
export const UNPLACED_MINUTE_COST = 100_000;

/** The engine instance plus what is needed to map its solution back to the care model. */
export interface CompiledProblem {
  readonly instance: EngineInstance;
  /** The visit each task belongs to. */
  readonly taskVisit: readonly Visit[];
  /** The shift each route is. */
  readonly routeShift: readonly Shift[];
  /** Carer ids by worker index. */
  readonly workerCarer: readonly string[];
}

/** Builds the engine instance for a problem and travel matrix. */
export function compileProblem(expanded: ExpandedProblem, travel: TravelMatrix): CompiledProblem {
  const { problem } = expanded;
  const travelMinuteCost = problem.settings.weights.travelMinute;
  const nLocations = expanded.locations.length;

  const modes = TRANSPORT_MODES.filter((mode) =>
    problem.carers.some((carer) => carer.transport === mode),
  );
  const profileOf = new Map<TransportMode, number>(modes.map((mode, index) => [mode, index]));
  const travelTime = modes.map((mode) => {
    const matrix = new Float64Array(nLocations * nLocations);
    for (let from = 0; from < nLocations; from++) {
      for (let to = 0; to < nLocations; to++) {
        matrix[from * nLocations + to] = travel.minutes(from, to, mode);
      }
    }
    return matrix;
  });
  const travelCost = travelTime.map((matrix) =>
    travelMinuteCost === 1 ? matrix : matrix.map((minutes) => minutes * travelMinuteCost),
  );

  const taskVisit: Visit[] = [];
  const links: TaskLink[] = [];
  const firstTask = new Map<string, number>();
  for (const visit of expanded.visits) {
    const first = taskVisit.length;
    firstTask.set(visit.id, first);
    for (let k = 0; k < visit.carersNeeded; k++) taskVisit.push(visit);
    for (let k = 1; k < visit.carersNeeded; k++) {
      links.push({ a: first, b: first + k, minGap: 0, maxGap: 0 });
    }
  }
  for (const link of expanded.links) {
    const a = firstTask.get(link.first);
    const b = firstTask.get(link.second);
    if (a !== undefined && b !== undefined) {
      links.push({ a, b, minGap: link.minGap, maxGap: link.maxGap });
    }
  }
  const nTasks = taskVisit.length;

  const workerCarer = problem.carers.map((carer) => carer.id);
  const workerOf = new Map(workerCarer.map((id, index) => [id, index]));
  const routeShift = problem.carers.flatMap((carer) => expanded.shifts.get(carer.id) ?? []);
  const nRoutes = routeShift.length;
  const routeWords = Math.max(1, Math.ceil(nRoutes / 32));

  const routeProfile = new Int32Array(nRoutes);
  const routeStart = new Int32Array(nRoutes);
  const routeEnd = new Int32Array(nRoutes);
  const routeEarliestStart = new Float64Array(nRoutes);
  const routeLatestEnd = new Float64Array(nRoutes);
  const routeWorker = new Int32Array(nRoutes);
  routeShift.forEach((shift, r) => {
    routeProfile[r] = profileOf.get(expanded.carerTransport.get(shift.carerId) ?? 'car') ?? 0;
    routeStart[r] = expanded.carerStart.get(shift.carerId) as number;
    routeEnd[r] = expanded.carerEnd.get(shift.carerId) as number;
    routeEarliestStart[r] = shift.start;
    routeLatestEnd[r] = shift.end;
    routeWorker[r] = workerOf.get(shift.carerId) as number;
  });

  const allowed = new Uint32Array(nTasks * routeWords);
  const visitRoutes = new Map<string, number[]>();
  for (const visit of expanded.visits) {
    const routes: number[] = [];
    routeShift.forEach((shift, r) => {
      const carer = expanded.carers.get(shift.carerId);
      if (!carer || personalExclusion(expanded, carer, visit)) return;
      if (shiftCanHost(expanded, travel, shift, visit)) routes.push(r);
    });
    visitRoutes.set(visit.id, routes);
  }
  taskVisit.forEach((visit, t) => {
    for (const r of visitRoutes.get(visit.id) ?? []) {
      allowed[t * routeWords + (r >>> 5)] =
        (allowed[t * routeWords + (r >>> 5)] as number) | (1 << (r & 31));
    }
  });

  const limitGroups = new Map<string, { max: number; routes: number[] }>();
  routeShift.forEach((shift, r) => {
    const carer = expanded.carers.get(shift.carerId);
    if (!carer) return;
    const groups: [string, number][] = [
      [`day\u0000${carer.id}\u0000${shift.date}`, carer.contract.maxHoursPerDay * 60],
      [
        `week\u0000${carer.id}\u0000${weekStartOf(shift.date)}`,
        carer.contract.maxHoursPerWeek * 60,
      ],
    ];
    for (const [key, max] of groups) {
      const group = limitGroups.get(key) ?? { max, routes: [] };
      group.routes.push(r);
      limitGroups.set(key, group);
    }
  });
  const limits = [...limitGroups.values()];
  const limitStart = new Int32Array(limits.length + 1);
  limits.forEach((limit, k) => {
    limitStart[k + 1] = (limitStart[k] as number) + limit.routes.length;
  });

  const instance: EngineInstance = {
    nLocations,
    travelTime,
    travelCost,
    nTasks,
    taskLocation: Int32Array.from(taskVisit, (visit) => visit.location),
    taskService: Float64Array.from(taskVisit, (visit) => visit.duration),
    taskEarliest: Float64Array.from(taskVisit, (visit) => visit.windowStart),
    taskLatest: Float64Array.from(taskVisit, (visit) => visit.windowEnd),
    taskDemand: new Float64Array(nTasks),
    taskUnplacedPenalty: Float64Array.from(
      taskVisit,
      (visit) => UNPLACED_MINUTE_COST * PRIORITY_FACTOR[visit.priority] * visit.duration,
    ),
    nRoutes,
    routeProfile,
    routeStartLocation: routeStart,
    routeEndLocation: routeEnd,
    routeEarliestStart,
    routeLatestEnd,
    routeCapacity: new Float64Array(nRoutes).fill(Infinity),
    routeWorker,
    nWorkers: workerCarer.length,
    allowed,
    routeWords,
    nLimits: limits.length,
    limitMax: Float64Array.from(limits, (limit) => limit.max),
    limitStart,
    limitRoutes: Int32Array.from(limits.flatMap((limit) => limit.routes)),
    links,
    assignmentCost: null,
  };
  return { instance, taskVisit, routeShift, workerCarer };
}
