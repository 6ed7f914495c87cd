/**
 * Decomposed solving for county-sized problems: split clients into neighbourhoods, give each a
 * local team of carers, solve the neighbourhoods independently on worker threads, then one pass
 * across boundaries that fits visits still unplaced into the free time of carers from
 * neighbouring areas.
 */
import { availableParallelism } from 'node:os';
import type { ExpandedProblem } from '../../model/expand.js';
import { expandProblem, visitIdentity } from '../../model/expand.js';
import type { Roster, RosterRoute, UnplacedVisit } from '../../model/roster.js';
import type { Problem, ProblemInput } from '../../model/schema.js';
import { TRANSPORT_MODES } from '../../model/schema.js';
import { parseProblem } from '../../model/validate.js';
import type { TravelMatrix } from '../../geo/travel-matrix.js';
import { straightLineTravelMatrix } from '../../geo/straight-line.js';
import type { Neighbourhoods } from '../../geo/neighbourhoods.js';
import { buildNeighbourhoods } from '../../geo/neighbourhoods.js';
import { allocateCarers } from '../../geo/allocation.js';
import { NOT_REACHED_RULE, unplacedVisits } from '../../constraints/eligibility.js';
import { computeKpis } from '../../constraints/kpis.js';
import { explainRoster } from '../../constraints/explain.js';
import type { SolveOptions } from '../solve.js';
import { DEFAULT_TIME_LIMIT_MS } from '../solve.js';
import { subProblem } from '../subproblem.js';
import { sliceTravel } from '../travel-slice.js';
import { solveAcrossBoundaries } from './across-boundaries.js';
import type { AreaJob } from './area-job.js';
import type { AreaExecutor } from './area-executor.js';
import { threadExecutor } from './pool.js';

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
  /**
   * Where the neighbourhoods are solved: `threads` worker threads by default, or e.g. a job
   * queue served by other machines (`queueExecutor`). The roster is the same either way.
   */
  readonly executor?: AreaExecutor;
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

/** Share of the time budget kept for the pass across boundaries, unless the caller says. */
const DEFAULT_BOUNDARY_SHARE = 0.15;

/**
 * Time kept back at the end for reasons, scores and KPIs over the whole roster: a share of the
 * budget, capped (as in `solve`).
 */
const FINISH_SHARE = 0.05;
const MAX_FINISH_MS = 2_000;

/** Below this much time left, the pass across boundaries is skipped: it could not finish. */
const MIN_BOUNDARY_MS = 50;

/**
 * Solves a problem neighbourhood by neighbourhood on worker threads, then across boundaries.
 * The same seed and iteration limit give the same roster whatever the thread count.
 *
 * Every client belongs to one neighbourhood, so a double-up or a package's linked visits are
 * always solved together; the pass across boundaries moves them whole. A time limit bounds the
 * whole call: each neighbourhood is given its share of what is left when it starts, and
 * neighbourhoods not started when the time (or an abort) comes are not solved, their visits
 * listed unplaced under {@link NOT_REACHED_RULE}.
 *
 * @throws {ProblemValidationError} when `input` is not a valid problem.
 * @example
 * ```ts
 * const roster = await solveByNeighbourhood(problem, {
 *   targetPeople: 200,
 *   threads: 0, // in this thread; default: a worker thread per core
 *   seed: 1,
 *   maxIterations: 300, // per solve: the same roster whatever the thread count
 * });
 * for (const area of roster.areas) console.log(area.id, area.visits, area.unplacedAfterArea);
 * ```
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
  const boundaryShare = options.boundaryShare ?? DEFAULT_BOUNDARY_SHARE;
  const executor = options.executor ?? threadExecutor(threads);
  const lanes = Math.max(1, Math.min(executor.lanes, areas.length));
  // Deadlines as epoch milliseconds: the end of the search (finishing time kept back), and the
  // end of the neighbourhoods' share of it.
  const searchEnd =
    totalMs === undefined
      ? undefined
      : started + totalMs - Math.min(totalMs * FINISH_SHARE, MAX_FINISH_MS);
  const areasEnd =
    searchEnd === undefined || totalMs === undefined
      ? undefined
      : searchEnd - totalMs * boundaryShare;

  const jobs: AreaJob[] = areas.map((area, index) => {
    const piece = subProblem(problem, new Set(area.clientIds), new Set(area.carerIds));
    const pieceLocations = options.travel ? expandProblem(piece).locations : undefined;
    return {
      index,
      problem: piece,
      travel: pieceLocations ? sliceTravel(travel, pieceLocations, usedModes(piece)) : undefined,
      seed: seed + index,
      maxIterations: options.maxIterations,
    };
  });

  const abort = new Int32Array(new SharedArrayBuffer(4));
  const onAbort = () => Atomics.store(abort, 0, 1);
  options.signal?.addEventListener('abort', onAbort);
  if (options.signal?.aborted) onAbort();
  const stopped = () => options.signal?.aborted === true || Atomics.load(abort, 0) === 1;
  let done = 0;
  const onDone = () => {
    done++;
    options.onProgress?.({ areasDone: done, areas: areas.length, elapsedMs: Date.now() - started });
  };
  const results = await executor
    .run(jobs, {
      abort,
      onDone,
      signal: options.signal,
      // Each neighbourhood gets an even share of the time left, over the jobs each lane still has;
      // once the time is up or the solve aborted, the rest are not started.
      prepare: (job, remaining) => {
        if (stopped() || (searchEnd !== undefined && Date.now() >= searchEnd)) return undefined;
        if (areasEnd === undefined) return job;
        const now = Date.now();
        const share = Math.max(0, areasEnd - now) / Math.ceil(remaining / lanes);
        return { ...job, deadlineAt: now + share };
      },
    })
    .finally(() => options.signal?.removeEventListener('abort', onAbort));

  let routes: RosterRoute[] = results.flatMap((result) => result?.roster.routes ?? []);

  const notReached = new Set(
    areas.flatMap((area, index) => (results[index] ? [] : area.clientIds)),
  );
  // A neighbourhood stopped by its deadline lists what its construction never reached; those
  // keep that reason (recomputed, they would read as a lack of capacity, at a cost per visit).
  const areaNotReached = new Map<string, UnplacedVisit>();
  for (const result of results) {
    for (const entry of result?.roster.unplaced ?? []) {
      if (entry.reasons.some((reason) => reason.rule === NOT_REACHED_RULE)) {
        areaNotReached.set(entry.visitKey, entry);
      }
    }
  }
  // Only what a neighbourhood tried and could not place goes across boundaries: a visit its
  // solve never reached had its own area's carers still free, and compiling thousands of them
  // for a pass with a few hundred milliseconds left would overrun the time limit.
  const leftover = results.flatMap(
    (result) =>
      result?.roster.unplaced
        .filter((entry) => !areaNotReached.has(entry.visitKey))
        .map((entry) => entry.visitKey) ?? [],
  );
  const boundaryTime = searchEnd === undefined ? undefined : searchEnd - Date.now();
  const boundary =
    stopped() || (boundaryTime !== undefined && boundaryTime < MIN_BOUNDARY_MS)
      ? []
      : solveAcrossBoundaries(expanded, travel, neighbourhoods, routes, leftover, {
          seed,
          deadlineAt: searchEnd,
          maxIterations: options.maxIterations,
          signal: options.signal,
          neighbourAreas: options.neighbourAreas ?? 3,
        });
  routes = [...routes, ...boundary];
  // The time limit ended the solve if a neighbourhood was never started, if one's search (or
  // construction) was stopped by its deadline, or if the pass across boundaries ran out of time:
  // an iteration budget then says nothing of how far the search got.
  const timedOut =
    notReached.size > 0 ||
    results.some((result) => result?.roster.stats?.stoppedBy === 'time-limit') ||
    (searchEnd !== undefined && Date.now() >= searchEnd);
  const placed = new Set(routes.flatMap((route) => route.stops.map((stop) => stop.visitKey)));
  const unplaced = unplacedOf(expanded, travel, placed, notReached, areaNotReached);
  const placedAcrossBoundaries = new Set(
    boundary.flatMap((route) => route.stops.map((stop) => stop.visitKey)),
  ).size;
  const explanation = explainRoster(problem, { routes, unplaced }, { expanded, travel });
  const elapsedMs = Date.now() - started;
  const visitsOfClient = new Map<string, number>();
  for (const visit of expanded.visits) {
    visitsOfClient.set(visit.clientId, (visitsOfClient.get(visit.clientId) ?? 0) + 1);
  }
  return {
    timeZone: problem.timeZone,
    horizon: problem.horizon,
    routes: sortRoutes(expanded, routes),
    unplaced,
    kpis: computeKpis(expanded, travel, routes, unplaced),
    stats: {
      seed,
      iterations: results.reduce((sum, result) => sum + (result?.roster.stats?.iterations ?? 0), 0),
      elapsedMs,
      cost: explanation.total,
      costByRule: Object.fromEntries(explanation.byRule.map(({ rule, cost }) => [rule, cost])),
      stoppedBy: options.signal?.aborted
        ? 'aborted'
        : options.maxIterations !== undefined && !timedOut
          ? 'iterations'
          : 'time-limit',
    },
    areas: areas.map((area, index) => {
      const visits = area.clientIds.reduce((sum, id) => sum + (visitsOfClient.get(id) ?? 0), 0);
      return {
        id: area.id,
        clients: area.clientIds.length,
        carers: area.carerIds.length,
        visits,
        unplacedAfterArea: results[index]?.roster.unplaced.length ?? visits,
      };
    }),
    ...(travel.source === undefined ? {} : { travelSource: travel.source }),
    placedAcrossBoundaries,
  };
}

/**
 * The visits not placed, in the problem's order, each with its reasons: why no carer could take
 * it, or, for a client whose neighbourhood was never solved or a visit its neighbourhood's solve
 * never reached, that the solve stopped first.
 */
function unplacedOf(
  expanded: ExpandedProblem,
  travel: TravelMatrix,
  placed: ReadonlySet<string>,
  notReachedClients: ReadonlySet<string>,
  notReachedInArea: ReadonlyMap<string, UnplacedVisit>,
): UnplacedVisit[] {
  const reached = unplacedVisits(
    expanded,
    travel,
    (id) =>
      placed.has(id) ||
      notReachedInArea.has(id) ||
      notReachedClients.has(expanded.visitsById.get(id)?.clientId as string),
  );
  const byId = new Map(reached.map((entry) => [entry.visitKey, entry]));
  return expanded.visits.flatMap((visit): UnplacedVisit[] => {
    const entry = byId.get(visit.id);
    if (entry) return [entry];
    if (placed.has(visit.id)) return [];
    const inArea = notReachedInArea.get(visit.id);
    if (inArea) return [inArea];
    if (!notReachedClients.has(visit.clientId)) return [];
    return [
      {
        ...visitIdentity(visit),
        reasons: [
          {
            rule: NOT_REACHED_RULE,
            carers: 0,
            message: `${NOT_REACHED_RULE}: the solve stopped (time limit or abort) before this visit's neighbourhood was solved`,
          },
        ],
      },
    ];
  });
}

function usedModes(problem: Problem) {
  const modes = TRANSPORT_MODES.filter((mode) => problem.carers.some((c) => c.transport === mode));
  return modes.length > 0 ? modes : (['car'] as const);
}

function sortRoutes(expanded: ExpandedProblem, routes: readonly RosterRoute[]): RosterRoute[] {
  const start = (route: RosterRoute) => expanded.clock.fromIso(route.shiftStart) ?? 0;
  return [...routes].sort(
    (a, b) => (a.carerId < b.carerId ? -1 : a.carerId > b.carerId ? 1 : 0) || start(a) - start(b),
  );
}
