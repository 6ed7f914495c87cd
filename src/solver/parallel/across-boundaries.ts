/**
 * The pass across neighbourhood boundaries: visits the neighbourhoods left unplaced are fitted
 * into the free time of carers from the visit's own and neighbouring areas, around the routes
 * those carers already have. Linked groups (a double-up's two carers, visits a package links)
 * move whole: a group is taken only when none of it is placed yet, and whatever the pass has to
 * give back, it gives back group by group, so no half of one is ever left placed.
 */
import type { ExpandedProblem, Shift, Visit } from '../../model/expand.js';
import type { RosterRoute } from '../../model/roster.js';
import type { TravelMatrix } from '../../geo/travel-matrix.js';
import type { Neighbourhoods } from '../../geo/neighbourhoods.js';
import { haversineMetres } from '../../geo/straight-line.js';
import type { ReadRoute } from '../../constraints/soft-terms.js';
import { readRoutes } from '../../constraints/soft-terms.js';
import {
  faultsWith,
  freeParts,
  withinDayRules,
  workedDays,
  workUsedBy,
} from '../around-kept-routes.js';
import type { CompiledProblem } from '../compile.js';
import { compileProblem } from '../compile.js';
import { decodeRoutes } from '../decode.js';
import type { EngineSolution } from '../engine/instance.js';
import { forbid } from '../engine/allowed-table.js';
import { solveEngine } from '../engine/index.js';

/** Options of {@link solveAcrossBoundaries}. */
export interface BoundaryOptions {
  readonly seed: number;
  /** When the pass must be done, as epoch milliseconds; no deadline when absent. */
  readonly deadlineAt?: number;
  /** The neighbourhoods' iteration budget: each day's batch searches a fifth of it. */
  readonly maxIterations?: number;
  readonly signal?: AbortSignal;
  /** Neighbouring areas (by centroid distance, the visit's own included) whose carers may help. */
  readonly neighbourAreas: number;
}

/**
 * Share of the time left to the pass that its search may use; the rest is for compiling before
 * and for checking the new routes against the carers' other days after.
 */
const BOUNDARY_SEARCH_SHARE = 0.6;

/**
 * Share of the iteration budget each day's batch searches with: its construction does most of
 * the fitting, and a batch is a few hundred leftovers, not a neighbourhood. On the 7-day county
 * of 10,000 visits a day (1500 iterations) a fifth placed 155 of the 156 visits the whole budget
 * places, in under half the CPU time.
 */
const BOUNDARY_ITERATION_SHARE = 0.2;

/**
 * Fits leftover visits into the free time of carers from the visit's own and neighbouring
 * areas: each carer's shifts minus the time their routes already take, within the working time
 * and the rest between days they have left. Returns the new routes. Any carer's new routes that
 * still break a rule across days (rest, days in a row) are given back together with every
 * linked group they touch, so those visits are unplaced as a whole.
 *
 * The leftovers go in one day at a time (a linked group on the day of its first visit), each
 * day's pass seeing the routes the earlier days added: a week's pass then compiles a day's
 * shifts, not the week's, and weekly hours, rest and days in a row are counted with what the
 * earlier days took.
 *
 * @example
 * ```ts
 * const added = solveAcrossBoundaries(expanded, travel, neighbourhoods, routes, leftoverIds, {
 *   seed: 1,
 *   maxIterations: 500,
 *   neighbourAreas: 3,
 * });
 * const roster = [...routes, ...added];
 * ```
 */
export function solveAcrossBoundaries(
  expanded: ExpandedProblem,
  travel: TravelMatrix,
  neighbourhoods: Neighbourhoods,
  routes: readonly RosterRoute[],
  leftoverIds: readonly string[],
  options: BoundaryOptions,
): RosterRoute[] {
  if (options.signal?.aborted) return [];
  const placed = new Set(routes.flatMap((route) => route.stops.map((stop) => stop.visitKey)));
  // A linked group with any visit placed would need its links kept across two solves: leave it.
  const groupOf = linkedGroups(expanded);
  const groupPlaced = new Set<string>();
  for (const id of placed) groupPlaced.add(groupOf(id));
  const visits = leftoverIds
    .map((id) => expanded.visitsById.get(id))
    .filter(
      (visit): visit is Visit =>
        visit !== undefined && !placed.has(visit.id) && !groupPlaced.has(groupOf(visit.id)),
    );
  if (visits.length === 0) return [];

  const allowedCarers = carersNear(neighbourhoods, visits, options.neighbourAreas);
  const candidates = [...new Set([...allowedCarers.values()].flatMap((set) => [...set]))];
  const kept = [...routes];
  const busy = new Map<string, ReadRoute[]>();
  const workUsed = new Map<string, number>();
  const take = (read: readonly ReadRoute[]) => {
    for (const route of read) {
      busy.set(route.carer.id, [...(busy.get(route.carer.id) ?? []), route]);
    }
    for (const [key, minutes] of workUsedBy(read)) {
      workUsed.set(key, (workUsed.get(key) ?? 0) + minutes);
    }
  };
  take(readRoutes(expanded, travel, routes));
  const added: RosterRoute[] = [];
  const batches = dayBatches(visits, groupOf);
  batches.forEach((batch, index) => {
    // Past the deadline a batch could not search, and its compile alone can take seconds.
    if (options.signal?.aborted) return;
    if (options.deadlineAt !== undefined && Date.now() >= options.deadlineAt) return;
    // The time a batch's visits can take place in, lateness included: only shifts meeting it.
    const from = Math.min(...batch.map((visit) => visit.windowStart));
    const to = Math.max(
      ...batch.map((visit) => visit.windowEnd + visit.maxLateness + visit.duration),
    );
    const visitsFor = visitsByCarer(batch, allowedCarers);
    const shifts: Shift[] = candidates.flatMap((carerId) => {
      const own = busy.get(carerId) ?? [];
      const days = workedDays(expanded, own);
      const mine = visitsFor.get(carerId) ?? [];
      // Neighbourhoods passed in by the caller may name carers this problem lacks: no shifts.
      // Only the free time some visit this carer may take could fall in: the rest of a county's
      // free time would only be compiled (its places, its routes) for nothing.
      return (expanded.expandedCarers.get(carerId)?.shifts ?? [])
        .filter((shift) => shift.end > from && shift.start < to)
        .flatMap((shift) =>
          freeParts(shift, own).flatMap((part) => withinDayRules(expanded, part, days)),
        )
        .filter((part) => mine.some((visit) => couldHost(part, visit)));
    });
    if (shifts.length === 0) return;
    const share =
      options.deadlineAt === undefined
        ? undefined
        : ((options.deadlineAt - Date.now()) * BOUNDARY_SEARCH_SHARE) / (batches.length - index);
    const found = solveBatch(expanded, travel, batch, shifts, workUsed, allowedCarers, {
      ...options,
      timeLimitMs: share,
      kept,
    });
    kept.push(...found);
    added.push(...found);
    take(readRoutes(expanded, travel, found));
  });
  return added;
}

/**
 * The leftovers in batches by day, in date order: each linked group whole, on the date of its
 * earliest visit.
 */
function dayBatches(visits: readonly Visit[], groupOf: (id: string) => string): Visit[][] {
  const groupDate = new Map<string, string>();
  for (const visit of visits) {
    const group = groupOf(visit.id);
    const date = groupDate.get(group);
    if (date === undefined || visit.date < date) groupDate.set(group, visit.date);
  }
  const byDate = new Map<string, Visit[]>();
  for (const visit of visits) {
    const date = groupDate.get(groupOf(visit.id))!;
    byDate.set(date, [...(byDate.get(date) ?? []), visit]);
  }
  return [...byDate.keys()].sort().map((date) => byDate.get(date)!);
}

/** One batch's pass: compile its visits into the free shifts, search, keep what holds. */
function solveBatch(
  expanded: ExpandedProblem,
  travel: TravelMatrix,
  visits: readonly Visit[],
  shifts: readonly Shift[],
  workUsed: ReadonlyMap<string, number>,
  allowedCarers: ReadonlyMap<string, ReadonlySet<string>>,
  options: BoundaryOptions & {
    readonly timeLimitMs: number | undefined;
    readonly kept: readonly RosterRoute[];
  },
): RosterRoute[] {
  const compiled = compileProblem(expanded, travel, { visits, shifts, workUsed });
  const { instance } = compiled;
  // Keep each visit to carers of its own and neighbouring areas.
  compiled.taskVisit.forEach((visit, t) => {
    const carers = allowedCarers.get(visit.id);
    compiled.routeShift.forEach((shift, r) => {
      if (carers?.has(shift.carerId)) return;
      forbid(instance.allowed, instance, t, r);
    });
  });
  const solution = solveEngine(instance, {
    seed: options.seed,
    timeLimitMs: options.timeLimitMs === undefined ? undefined : Math.max(1, options.timeLimitMs),
    maxIterations:
      options.maxIterations === undefined
        ? undefined
        : Math.ceil(options.maxIterations * BOUNDARY_ITERATION_SHARE),
    signal: options.signal,
  });
  return keepWhatHolds(expanded, travel, compiled, solution, options.kept);
}

/**
 * Decodes `solution` and gives back, group by group, whatever breaks a rule with the carers'
 * other routes: first any linked group not wholly placed, then, round by round, every new route
 * of a carer the checker faults, with every group on those routes. Each round gives back at least
 * one carer's routes, so it ends; if the checker faults something it cannot pin on a new route,
 * every new route is given back.
 */
function keepWhatHolds(
  expanded: ExpandedProblem,
  travel: TravelMatrix,
  compiled: CompiledProblem,
  solution: EngineSolution,
  routes: readonly RosterRoute[],
): RosterRoute[] {
  const groups = taskGroups(compiled);
  const dropped = new Set<number>();
  const dropGroupOf = (task: number) => {
    for (const member of groups[task] ?? [task]) dropped.add(member);
  };
  for (const task of solution.unplaced) dropGroupOf(task);
  const decode = () =>
    decodeRoutes(expanded, travel, compiled, {
      ...solution,
      routes: solution.routes.map((tasks) => tasks.filter((task) => !dropped.has(task))),
    });
  let added = decode();
  const routeCarers = compiled.routeShift.map((shift) => shift.carerId);
  for (;;) {
    if (added.length === 0) return added;
    const faults = faultsWith(expanded, travel, routes, added);
    if (faults.length === 0) return added;
    const addedCarers = new Set(added.map((route) => route.carerId));
    const addedVisits = new Set(added.flatMap((route) => route.stops.map((stop) => stop.visitKey)));
    const before = dropped.size;
    for (const fault of faults) {
      if (fault.carerId !== undefined && addedCarers.has(fault.carerId)) {
        solution.routes.forEach((tasks, r) => {
          if (routeCarers[r] === fault.carerId) tasks.forEach(dropGroupOf);
        });
      }
      if (fault.visitKey !== undefined && addedVisits.has(fault.visitKey)) {
        compiled.taskVisit.forEach((visit, task) => {
          if (visit.id === fault.visitKey) dropGroupOf(task);
        });
      }
    }
    if (dropped.size === before) return [];
    added = decode();
  }
}

/** For each task, every task linked to it directly or through others (itself included). */
function taskGroups(compiled: CompiledProblem): number[][] {
  const n = compiled.taskVisit.length;
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  for (const link of compiled.instance.links) parent[find(link.a)] = find(link.b);
  const members = new Map<number, number[]>();
  for (let task = 0; task < n; task++) {
    const root = find(task);
    members.set(root, [...(members.get(root) ?? []), task]);
  }
  return Array.from({ length: n }, (_, task) => members.get(find(task))!);
}

/** A name for each visit's linked group: visits a package links share one. */
function linkedGroups(expanded: ExpandedProblem): (visitId: string) => string {
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  for (const link of expanded.links) {
    const a = find(link.first);
    const b = find(link.second);
    if (a !== b) parent.set(a, b);
  }
  return find;
}

/** The carers of each visit's own and neighbouring areas. */
function carersNear(
  neighbourhoods: Neighbourhoods,
  visits: readonly Visit[],
  count: number,
): Map<string, Set<string>> {
  const nearAreas = nearestAreas(neighbourhoods, count);
  const carerArea = new Map<string, string>();
  for (const area of neighbourhoods.areas) {
    for (const id of area.carerIds) carerArea.set(id, area.id);
  }
  const clientArea = new Map(Object.entries(neighbourhoods.clientArea));
  const allowed = new Map<string, Set<string>>();
  for (const visit of visits) {
    const area = clientArea.get(visit.clientId);
    const near = new Set(area ? (nearAreas.get(area) ?? [area]) : []);
    const carers = new Set<string>();
    for (const [carerId, carerAreaId] of carerArea) if (near.has(carerAreaId)) carers.add(carerId);
    allowed.set(visit.id, carers);
  }
  return allowed;
}

/** The visits of `batch` each carer may take, by carer. */
function visitsByCarer(
  batch: readonly Visit[],
  allowedCarers: ReadonlyMap<string, ReadonlySet<string>>,
): Map<string, Visit[]> {
  const byCarer = new Map<string, Visit[]>();
  for (const visit of batch) {
    for (const carerId of allowedCarers.get(visit.id) ?? []) {
      const visits = byCarer.get(carerId);
      if (visits) visits.push(visit);
      else byCarer.set(carerId, [visit]);
    }
  }
  return byCarer;
}

/**
 * Whether `visit` could start inside `part` at all: the part begins before the visit's latest
 * start (lateness included) and ends after its earliest. A part failing this can host nothing of
 * the visit, whatever the travel.
 */
function couldHost(part: Shift, visit: Visit): boolean {
  return part.start <= visit.windowEnd + visit.maxLateness && part.end > visit.windowStart;
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
