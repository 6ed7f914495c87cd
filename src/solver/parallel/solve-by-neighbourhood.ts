/**
 * Decomposed solving for county-sized problems: split clients into neighbourhoods, give each a
 * local team of carers, solve the neighbourhoods independently on worker threads, then one pass
 * across boundaries that fits visits still unplaced into the free time of carers from
 * neighbouring areas.
 */
import { ownValue } from '../../model/visit-key.js';
import { availableParallelism } from 'node:os';
import type { ExpandedProblem, Shift, Visit } from '../../model/expand.js';
import { expandProblem } from '../../model/expand.js';
import type { Roster, RosterRoute, UnplacedVisit } from '../../model/roster.js';
import type { Problem, ProblemInput } from '../../model/schema.js';
import { TRANSPORT_MODES } from '../../model/schema.js';
import { parseProblem } from '../../model/validate.js';
import type { TravelMatrix } from '../../geo/travel-matrix.js';
import { straightLineTravelMatrix, haversineMetres } from '../../geo/straight-line.js';
import type { Neighbourhoods } from '../../geo/neighbourhoods.js';
import { buildNeighbourhoods } from '../../geo/neighbourhoods.js';
import { allocateCarers } from '../../geo/allocation.js';
import { checkRoster } from '../../constraints/check-roster.js';
import { unplacedVisits } from '../../constraints/eligibility.js';
import { computeKpis } from '../../constraints/kpis.js';
import { explainRoster } from '../../constraints/explain.js';
import { readRoutes, routeWorkMinutes } from '../../constraints/soft-terms.js';
import { compileProblem, workLimitKeys } from '../compile.js';
import { decodeRoutes } from '../decode.js';
import { solveEngine } from '../engine/index.js';
import type { SolveOptions } from '../solve.js';
import { DEFAULT_TIME_LIMIT_MS } from '../solve.js';
import { subProblem } from '../subproblem.js';
import { sliceTravel } from '../travel-slice.js';
import type { AreaJob } from './area-job.js';
import { runAreaJobs } from './pool.js';

/** Progress of a decomposed solve. */
export interface NeighbourhoodProgress {
  readonly areasDone: number;
  readonly areas: number;
  readonly elapsedMs: number;
}

/** Options of {@link solveByNeighbourhood}. */
export interface NeighbourhoodSolveOptions extends Omit<SolveOptions, 'onProgress'> {
  /** Neighbourhoods with their carers; built and allocated from the problem when omitted. */
  readonly neighbourhoods?: Neighbourhoods;
  /** People per neighbourhood when building them. Default 200. */
  readonly targetPeople?: number;
  /** Worker threads (0 solves in this thread). Default: the machine's cores. */
  readonly threads?: number;
  /** Share of the time budget kept for the pass across boundaries. Default 0.15. */
  readonly boundaryShare?: number;
  /** Neighbouring areas (by centroid distance) whose carers the boundary pass may use. Default 3. */
  readonly neighbourAreas?: number;
  readonly onProgress?: (progress: NeighbourhoodProgress) => void;
}

/** How one neighbourhood came out. */
export interface AreaOutcome {
  readonly id: string;
  readonly clients: number;
  readonly carers: number;
  readonly visits: number;
  readonly unplacedAfterArea: number;
}

/** A roster solved neighbourhood by neighbourhood. */
export interface NeighbourhoodRoster extends Roster {
  readonly areas: readonly AreaOutcome[];
  /** Visits the pass across boundaries placed. */
  readonly placedAcrossBoundaries: number;
}

/**
 * Solves a problem neighbourhood by neighbourhood on worker threads, then across boundaries.
 * The same seed and iteration limit give the same roster whatever the thread count.
 *
 * @throws {ProblemValidationError} when `input` is not a valid problem.
 */
export async function solveByNeighbourhood(
  input: ProblemInput | Problem | unknown,
  options: NeighbourhoodSolveOptions = {},
): Promise<NeighbourhoodRoster> {
  const started = Date.now();
  const problem = parseProblem(input);
  const expanded = expandProblem(problem);
  const travel =
    options.travel ?? straightLineTravelMatrix(expanded.locations, problem.settings.travel);
  const seed = options.seed ?? 1;
  const neighbourhoods =
    options.neighbourhoods ??
    allocateCarers(
      problem,
      buildNeighbourhoods(problem, { targetPeople: options.targetPeople, seed }),
    ).neighbourhoods;
  const areas = neighbourhoods.areas.filter((area) => area.clientIds.length > 0);
  const threads = Math.max(0, options.threads ?? availableParallelism());
  const totalMs =
    options.timeLimitMs ??
    (options.maxIterations === undefined ? DEFAULT_TIME_LIMIT_MS : undefined);
  const boundaryShare = options.boundaryShare ?? 0.15;
  const lanes = Math.max(1, Math.min(threads, areas.length));
  const perAreaMs =
    totalMs === undefined
      ? undefined
      : Math.max(50, (totalMs * (1 - boundaryShare) * lanes) / Math.max(1, areas.length));

  const jobs: AreaJob[] = areas.map((area, index) => {
    const piece = subProblem(problem, new Set(area.clientIds), new Set(area.carerIds));
    const pieceLocations = options.travel ? expandProblem(piece).locations : undefined;
    return {
      index,
      problem: piece,
      travel: pieceLocations ? sliceTravel(travel, pieceLocations, usedModes(piece)) : undefined,
      seed: seed + index,
      timeLimitMs: perAreaMs,
      maxIterations: options.maxIterations,
    };
  });

  const abort = new Int32Array(new SharedArrayBuffer(4));
  const onAbort = () => Atomics.store(abort, 0, 1);
  options.signal?.addEventListener('abort', onAbort);
  if (options.signal?.aborted) onAbort();
  let done = 0;
  const results = await runAreaJobs(jobs, threads, abort, () => {
    done++;
    options.onProgress?.({ areasDone: done, areas: areas.length, elapsedMs: Date.now() - started });
  }).finally(() => options.signal?.removeEventListener('abort', onAbort));

  let routes: RosterRoute[] = results.flatMap((result) => result.roster.routes);
  const leftover = results.flatMap((result) => result.roster.unplaced.map((u) => u.visitKey));
  const boundary = solveAcrossBoundaries(expanded, travel, neighbourhoods, routes, leftover, {
    seed,
    timeLimitMs: totalMs === undefined ? undefined : Math.max(50, totalMs - (Date.now() - started)),
    maxIterations: options.maxIterations,
    signal: options.signal,
    neighbourAreas: options.neighbourAreas ?? 3,
  });
  routes = [...routes, ...boundary];
  const placed = new Set(routes.flatMap((route) => route.stops.map((stop) => stop.visitKey)));
  const unplaced: UnplacedVisit[] = unplacedVisits(expanded, travel, (id) => placed.has(id));
  const placedAcrossBoundaries = new Set(
    boundary.flatMap((route) => route.stops.map((stop) => stop.visitKey)),
  ).size;
  const explanation = explainRoster(problem, { routes, unplaced }, { expanded, travel });
  const elapsedMs = Date.now() - started;
  return {
    timeZone: problem.timeZone,
    horizon: problem.horizon,
    routes: sortRoutes(expanded, routes),
    unplaced,
    kpis: computeKpis(expanded, travel, routes, unplaced),
    stats: {
      seed,
      iterations: results.reduce((sum, result) => sum + (result.roster.stats?.iterations ?? 0), 0),
      elapsedMs,
      cost: explanation.total,
      costByRule: Object.fromEntries(explanation.byRule.map(({ rule, cost }) => [rule, cost])),
      stoppedBy: options.signal?.aborted
        ? 'aborted'
        : options.maxIterations !== undefined
          ? 'iterations'
          : 'time-limit',
    },
    ...(travel.source === undefined ? {} : { travelSource: travel.source }),
    areas: areas.map((area, index) => ({
      id: area.id,
      clients: area.clientIds.length,
      carers: area.carerIds.length,
      visits: expandedVisitCount(jobs[index]?.problem),
      unplacedAfterArea: results[index]?.roster.unplaced.length ?? 0,
    })),
    placedAcrossBoundaries,
  };
}

function usedModes(problem: Problem) {
  const modes = TRANSPORT_MODES.filter((mode) => problem.carers.some((c) => c.transport === mode));
  return modes.length > 0 ? modes : (['car'] as const);
}

function expandedVisitCount(problem: Problem | undefined): number {
  return problem ? expandProblem(problem).visits.length : 0;
}

function sortRoutes(expanded: ExpandedProblem, routes: readonly RosterRoute[]): RosterRoute[] {
  const start = (route: RosterRoute) => expanded.clock.fromIso(route.shiftStart) ?? 0;
  return [...routes].sort(
    (a, b) => (a.carerId < b.carerId ? -1 : a.carerId > b.carerId ? 1 : 0) || start(a) - start(b),
  );
}

interface BoundaryOptions {
  readonly seed: number;
  readonly timeLimitMs?: number;
  readonly maxIterations?: number;
  readonly signal?: AbortSignal;
  readonly neighbourAreas: number;
}

/**
 * Fits leftover visits into the free time of carers from the visit's own and neighbouring
 * areas: each carer's shifts minus the time their routes already take, within the working time
 * they have left. Returns the new routes; any that would break a rule across days (rest,
 * consecutive days) is dropped, leaving its visits unplaced.
 */
function solveAcrossBoundaries(
  expanded: ExpandedProblem,
  travel: TravelMatrix,
  neighbourhoods: Neighbourhoods,
  routes: readonly RosterRoute[],
  leftoverIds: readonly string[],
  options: BoundaryOptions,
): RosterRoute[] {
  const placed = new Set(routes.flatMap((route) => route.stops.map((stop) => stop.visitKey)));
  // A visit linked to one already placed would need the link kept across two solves: leave it.
  const partnerPlaced = new Set(
    expanded.links.flatMap((link) => [
      ...(placed.has(link.first) ? [link.second] : []),
      ...(placed.has(link.second) ? [link.first] : []),
    ]),
  );
  const visits = leftoverIds
    .map((id) => expanded.visitsById.get(id))
    .filter((visit): visit is Visit => visit !== undefined && !partnerPlaced.has(visit.id));
  if (visits.length === 0) return [];

  const nearAreas = nearestAreas(neighbourhoods, options.neighbourAreas);
  const carerArea = new Map<string, string>();
  for (const area of neighbourhoods.areas)
    for (const id of area.carerIds) carerArea.set(id, area.id);
  const allowedCarers = new Map<string, Set<string>>();
  for (const visit of visits) {
    const area = ownValue(neighbourhoods.clientArea, visit.clientId);
    const near = new Set(area ? (nearAreas.get(area) ?? [area]) : []);
    const carers = new Set<string>();
    for (const [carerId, carerAreaId] of carerArea) if (near.has(carerAreaId)) carers.add(carerId);
    allowedCarers.set(visit.id, carers);
  }
  const candidates = new Set([...allowedCarers.values()].flatMap((set) => [...set]));

  const read = readRoutes(expanded, travel, routes);
  const busy = new Map<string, { start: number; end: number }[]>();
  const workUsed = new Map<string, number>();
  for (const route of read) {
    busy.set(route.carer.id, [
      ...(busy.get(route.carer.id) ?? []),
      { start: route.start, end: route.end },
    ]);
    const keys = workLimitKeys(route.carer.id, route.date);
    const work = routeWorkMinutes(route);
    workUsed.set(keys.day, (workUsed.get(keys.day) ?? 0) + work);
    workUsed.set(keys.week, (workUsed.get(keys.week) ?? 0) + work);
  }
  const shifts: Shift[] = [...candidates].flatMap((carerId) =>
    (expanded.shifts.get(carerId) ?? []).flatMap((shift) =>
      freeParts(shift, busy.get(carerId) ?? []),
    ),
  );
  if (shifts.length === 0) return [];

  const compiled = compileProblem(expanded, travel, { visits, shifts, workUsed });
  const { instance } = compiled;
  // Keep each visit to carers of its own and neighbouring areas.
  compiled.taskVisit.forEach((visit, t) => {
    const carers = allowedCarers.get(visit.id);
    compiled.routeShift.forEach((shift, r) => {
      if (carers?.has(shift.carerId)) return;
      const word = t * instance.routeWords + (r >>> 5);
      instance.allowed[word] = (instance.allowed[word] as number) & ~(1 << (r & 31));
    });
  });
  const solution = solveEngine(instance, {
    seed: options.seed,
    timeLimitMs: options.timeLimitMs,
    maxIterations: options.maxIterations,
    signal: options.signal,
  });
  let added = decodeRoutes(expanded, travel, compiled, solution);

  // Rules across a carer's days are checked on the whole roster; drop what breaks them.
  for (let attempt = 0; attempt < 5 && added.length > 0; attempt++) {
    const offenders = new Set(
      checkRoster(
        expanded.problem,
        { routes: [...routes, ...added], unplaced: [] },
        { expanded, travel },
      )
        .filter((violation) => violation.rule !== 'visit-coverage' && violation.carerId)
        .map((violation) => violation.carerId as string),
    );
    if (offenders.size === 0) break;
    added = added.filter((route) => !offenders.has(route.carerId));
  }
  return added;
}

/** Parts of `shift` not covered by `busy` intervals. */
function freeParts(shift: Shift, busy: readonly { start: number; end: number }[]): Shift[] {
  let parts = [{ start: shift.start, end: shift.end }];
  for (const block of busy) {
    parts = parts.flatMap((part) => {
      if (block.end <= part.start || block.start >= part.end) return [part];
      return [
        ...(block.start > part.start ? [{ start: part.start, end: block.start }] : []),
        ...(block.end < part.end ? [{ start: block.end, end: part.end }] : []),
      ];
    });
  }
  return parts.filter((part) => part.end > part.start).map((part) => ({ ...shift, ...part }));
}

/** For each area, itself and its nearest `count - 1` other areas by centroid distance. */
function nearestAreas(neighbourhoods: Neighbourhoods, count: number): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const area of neighbourhoods.areas) {
    const others = neighbourhoods.areas
      .filter((other) => other.id !== area.id)
      .map((other) => ({ id: other.id, distance: haversineMetres(area.centroid, other.centroid) }))
      .sort((a, b) => a.distance - b.distance || (a.id < b.id ? -1 : 1))
      .slice(0, Math.max(0, count - 1))
      .map((other) => other.id);
    result.set(area.id, [area.id, ...others]);
  }
  return result;
}
